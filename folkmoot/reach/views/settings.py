"""Reach settings for an organisation: its involvement payment rates (data, never built in) and the fatigue
check's limits. Both need CONFIGURE."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from folkmoot.core.permissions import Perm
from folkmoot.core.selectors import organisation_get_for_member

from .. import selectors, services
from ..forms import FatigueSettingsForm, RateForm
from ..models import PaymentRate
from .register import _add_errors, _crumbs


@login_required
def reach_settings(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug, perm=Perm.CONFIGURE)
    current = selectors.reach_settings(organisation)
    which = request.POST.get("form") if request.method == "POST" else None
    rate_form = RateForm(request.POST if which == "rate" else None, prefix="rate")
    fatigue_form = FatigueSettingsForm(
        request.POST if which == "fatigue" else None,
        prefix="fatigue",
        initial={
            k: getattr(current, k)
            for k in ("fatigue_max_asks", "fatigue_window_days", "fatigue_min_gap_days")
        },
    )
    if which is not None:
        form = {"rate": rate_form, "fatigue": fatigue_form}.get(which)
        if form is None:
            return HttpResponse("Choose a form to send.", status=400)
        if form.is_valid():
            try:
                if which == "rate":
                    rate = services.rate_set(
                        organisation=organisation, actor=request.user, **form.cleaned_data
                    )
                    done = f"Saved the rate {rate.label}."
                else:
                    services.reach_settings_set(
                        organisation=organisation, actor=request.user, **form.cleaned_data
                    )
                    done = "Saved the fatigue check limits."
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("reach:settings", slug=organisation.slug)
    bad = rate_form if rate_form.errors else fatigue_form if fatigue_form.errors else None
    return render(
        request,
        "reach/settings.jinja",
        {
            "page_title": f"Payment rates and fatigue limits: {organisation.name}",
            "organisation": organisation,
            "rates": list(PaymentRate.objects.filter(organisation=organisation).order_by("kind", "label")),
            "settings": current,
            "rate_form": rate_form,
            "fatigue_form": fatigue_form,
            "form": bad or rate_form,
            "breadcrumbs": _crumbs(organisation),
        },
        status=400 if bad else 200,
    )


@login_required
@require_POST
def rate_remove(request: HttpRequest, slug: str, rate_id: int) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug, perm=Perm.CONFIGURE)
    rate = get_object_or_404(PaymentRate, pk=rate_id, organisation=organisation)
    outcome = services.rate_remove(rate=rate, actor=request.user)
    messages.success(
        request,
        f"Deleted the rate {rate.label}."
        if outcome == "deleted"
        else f"Retired the rate {rate.label}: payments that used it keep it, new payments cannot use it.",
    )
    return redirect("reach:settings", slug=organisation.slug)
