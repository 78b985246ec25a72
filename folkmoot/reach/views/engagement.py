"""Engagement pages: the power/interest grid and the partner payments ledger with its finance export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from folkmoot.core.permissions import Perm, has_perm, require
from folkmoot.core.selectors import engagement_get

from .. import selectors, services
from ..exports import finance_export
from ..forms import AgreementForm, GridForm, PaymentForm, StatusForm
from ..models import PartnerAgreement, Payment, PaymentRate, Stakeholder
from .register import _add_errors


def _crumbs(engagement) -> list[dict]:
    return [{"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title}]


@login_required
def grid(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id)
    can_manage = has_perm(request.user, Perm.MANAGE_PARTNERS, engagement)
    register = Stakeholder.objects.filter(organisation=engagement.organisation) if can_manage else []
    form = GridForm(request.POST or None, stakeholders=register)
    if request.method == "POST":
        require(request.user, Perm.MANAGE_PARTNERS, engagement)
        if form.is_valid():
            who = Stakeholder.objects.get(pk=form.cleaned_data["stakeholder"])
            try:
                services.grid_set(
                    engagement=engagement,
                    stakeholder=who,
                    actor=request.user,
                    influence=int(form.cleaned_data["influence"]),
                    interest=int(form.cleaned_data["interest"]),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, f"Placed {who.name} on the grid.")
                return redirect("reach:grid", engagement_id=engagement.pk)
    return render(
        request,
        "reach/grid.jinja",
        {
            "page_title": f"Power and interest: {engagement.title}",
            "engagement": engagement,
            "rows": selectors.grid_for(user=request.user, engagement=engagement),
            "form": form,
            "can_manage": can_manage,
            "breadcrumbs": _crumbs(engagement),
        },
        status=400 if form.errors else 200,
    )


@login_required
def ledger(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id)
    require(request.user, Perm.MANAGE_PARTNERS, engagement)
    register = list(Stakeholder.objects.filter(organisation=engagement.organisation))
    rates = list(PaymentRate.objects.filter(organisation=engagement.organisation, retired_on__isnull=True))
    which = request.POST.get("form")
    agreement_form = AgreementForm(
        request.POST if which == "agreement" else None, stakeholders=register, prefix="agreement"
    )
    payment_form = PaymentForm(
        request.POST if which == "payment" else None, stakeholders=register, rates=rates, prefix="payment"
    )
    if request.method == "POST":
        form = agreement_form if which == "agreement" else payment_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "agreement":
                    services.agreement_create(
                        engagement=engagement,
                        partner=Stakeholder.objects.get(pk=data["partner"]),
                        deliverables=data["deliverables"],
                        fee=data["fee"],
                        agreed_on=data["agreed_on"],
                        actor=request.user,
                    )
                else:
                    services.payment_record(
                        engagement=engagement,
                        payee=Stakeholder.objects.get(pk=data["payee"]),
                        kind=data["kind"],
                        rate=PaymentRate.objects.filter(pk=data["rate"] or None).first()
                        if data["rate"]
                        else None,
                        quantity=data["quantity"],
                        amount=data["amount"],
                        description=data["description"],
                        agreed_on=data["agreed_on"],
                        actor=request.user,
                    )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Saved to the ledger.")
                return redirect("reach:ledger", engagement_id=engagement.pk)
    context = selectors.ledger_for(user=request.user, engagement=engagement)
    bad = agreement_form.errors or payment_form.errors
    return render(
        request,
        "reach/ledger.jinja",
        {
            "page_title": f"Partnerships and payments: {engagement.title}",
            "engagement": engagement,
            "agreement_form": agreement_form,
            "payment_form": payment_form,
            "rates": rates,
            "form": agreement_form if agreement_form.errors else payment_form,
            "breadcrumbs": _crumbs(engagement),
            **context,
        },
        status=400 if bad else 200,
    )


@login_required
def ledger_status(request: HttpRequest, engagement_id, kind: str, item_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id)
    require(request.user, Perm.MANAGE_PARTNERS, engagement)
    form = StatusForm(request.POST)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, "Choose a status and enter the date.")
        return redirect("reach:ledger", engagement_id=engagement.pk)
    if kind == "agreement":
        item = PartnerAgreement.objects.filter(pk=item_id, engagement=engagement).first()
        if item is None:
            raise Http404("No such agreement")
        services.agreement_set_status(agreement=item, actor=request.user, **form.cleaned_data)
    else:
        item = Payment.objects.filter(pk=item_id, agreement__engagement=engagement).first()
        if item is None:
            raise Http404("No such payment")
        services.payment_set_status(payment=item, actor=request.user, **form.cleaned_data)
    messages.success(request, f"Marked as {form.cleaned_data['status']}.")
    return redirect("reach:ledger", engagement_id=engagement.pk)


@login_required
def ledger_export(request: HttpRequest, engagement_id, fmt: str) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Unknown format")
    content, content_type = finance_export(engagement=engagement, user=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="partner-payments-{engagement.slug}.{fmt}"'
    return response
