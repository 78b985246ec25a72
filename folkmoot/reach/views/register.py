"""Register pages: list with filters, add (duplicates flagged), import as a job, one stakeholder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from folkmoot.core.permissions import Perm, has_perm
from folkmoot.core.selectors import organisation_get_for_member
from folkmoot.core.services import job_start

from .. import selectors, services
from ..forms import ContactForm, ImportForm, StakeholderForm
from ..models import StakeholderCategory
from ..tasks import import_stakeholders_job


def _crumbs(organisation) -> list[dict]:
    return [
        {"href": reverse("core:organisation-dashboard", args=[organisation.slug]), "text": organisation.name}
    ]


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, msgs in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, " ".join(msgs))
    else:
        form.add_error(None, " ".join(exc.messages))


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug)
    can_manage = has_perm(request.user, Perm.MANAGE_PARTNERS, organisation)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST":
        organisation_get_for_member(user=request.user, slug=slug, perm=Perm.MANAGE_PARTNERS)
        if form.is_valid():
            data = {
                **form.cleaned_data,
                "consent_to_contact": form.cleaned_data["consent_to_contact"] == "yes",
            }
            try:
                stakeholder = services.stakeholder_create(
                    organisation=organisation, actor=request.user, **data
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if stakeholder.possible_duplicate_of:
                    messages.warning(
                        request,
                        f"Added {stakeholder.name}, but it may be a duplicate: "
                        f"{stakeholder.duplicate_reason}. Check and mark it if it is not.",
                    )
                else:
                    messages.success(request, f"Added {stakeholder.name} to the register.")
                return redirect("reach:stakeholder", stakeholder_id=stakeholder.pk)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "category", "community", "language", "area")}
    stakeholders = selectors.stakeholders_for(
        user=request.user,
        organisation=organisation,
        duplicates_only=request.GET.get("duplicates") == "1",
        **filters,
    )
    return render(
        request,
        "reach/register.jinja",
        {
            "page_title": f"Stakeholder register: {organisation.name}",
            "organisation": organisation,
            "stakeholders": stakeholders,
            "filters": filters,
            "categories": StakeholderCategory.choices,
            "can_manage": can_manage,
            "form": form,
            "breadcrumbs": _crumbs(organisation),
        },
        status=400 if form.errors else 200,
    )


@login_required
def import_file(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug, perm=Perm.MANAGE_PARTNERS)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            form.add_error("file", "Upload a CSV (.csv) or Excel (.xlsx) file.")
        else:
            folder = Path(settings.VAR_DIR) / "reach-imports"
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, suffix=suffix, delete=False) as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            job = job_start(
                job_task=import_stakeholders_job,
                label=f"Import stakeholders from {upload.name}",
                user=request.user,
                organisation=organisation,
                organisation_slug=organisation.slug,
                path=handle.name,
                actor_id=request.user.pk,
            )
            return redirect("core:job-detail", job_id=job.pk)
    return render(
        request,
        "reach/import.jinja",
        {
            "page_title": "Import stakeholders",
            "organisation": organisation,
            "form": form,
            "breadcrumbs": _crumbs(organisation)
            + [{"href": reverse("reach:register", args=[slug]), "text": "Register"}],
        },
        status=400 if form.errors else 200,
    )


@login_required
def stakeholder(request: HttpRequest, stakeholder_id) -> HttpResponse:
    item = selectors.stakeholder_get(
        user=request.user, stakeholder_id=stakeholder_id, audit=request.method == "GET"
    )
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("not_duplicate"):
            services.stakeholder_update(stakeholder=item, actor=request.user, not_duplicate=True)
            messages.success(request, "Marked as not a duplicate.")
            return redirect("reach:stakeholder", stakeholder_id=item.pk)
        if form.is_valid():
            services.contact_record(stakeholder=item, actor=request.user, **form.cleaned_data)
            messages.success(request, "Contact recorded.")
            return redirect("reach:stakeholder", stakeholder_id=item.pk)
    return render(
        request,
        "reach/stakeholder.jinja",
        {
            "page_title": item.name,
            "item": item,
            "history": selectors.contact_history(stakeholder=item),
            "fatigue": selectors.fatigue(organisation=item.organisation, stakeholder=item),
            "form": form,
            "breadcrumbs": _crumbs(item.organisation)
            + [{"href": reverse("reach:register", args=[item.organisation.slug]), "text": "Register"}],
        },
        status=400 if form.errors else 200,
    )


@login_required
def fatigue(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug, perm=Perm.MANAGE_PARTNERS)
    community = request.GET.get("community", "").strip()
    result = selectors.fatigue(organisation=organisation, community=community) if community else None
    return render(
        request,
        "reach/fatigue.jinja",
        {
            "page_title": "Before you invite: fatigue check",
            "organisation": organisation,
            "community": community,
            "result": result,
            "settings": selectors.reach_settings(organisation),
            "breadcrumbs": _crumbs(organisation),
            "can_configure": has_perm(request.user, Perm.CONFIGURE, organisation),
        },
    )
