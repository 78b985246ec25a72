"""Earlier reports (upload, list, detail), the plain-English checker and the methods catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from folkmoot.core.permissions import Perm, has_perm
from folkmoot.core.selectors import organisation_get_for_member

from .. import selectors, services
from ..forms import ReadabilityForm, ReportUploadForm


@login_required
def reports(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug)
    can_upload = has_perm(request.user, Perm.CREATE_ENGAGEMENT, organisation)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        organisation_get_for_member(user=request.user, slug=slug, perm=Perm.CREATE_ENGAGEMENT)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.report_import(
                    organisation=organisation,
                    actor=request.user,
                    filename=upload.name,
                    content=upload.read(),
                    title=form.cleaned_data["title"],
                    author=form.cleaned_data["author"],
                    published_on=form.cleaned_data["published_on"],
                    findings=form.cleaned_data["findings"],
                )
            except ValidationError as exc:
                form.add_error("file", " ".join(exc.messages))
            else:
                messages.success(request, f"Imported '{report.title}'.")
                return redirect("plan:report-detail", report_id=report.pk)
    return render(
        request,
        "plan/reports.jinja",
        {
            "page_title": f"Earlier reports: {organisation.name}",
            "organisation": organisation,
            "form": form,
            "can_upload": can_upload,
            "reports": selectors.reports_for(user=request.user, organisation=organisation),
            "breadcrumbs": [
                {"href": reverse("core:organisation-dashboard", args=[slug]), "text": organisation.name}
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
def report_detail(request: HttpRequest, report_id) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=report_id)
    return render(
        request,
        "plan/report_detail.jinja",
        {
            "page_title": report.title,
            "report": report,
            "breadcrumbs": [
                {"href": reverse("plan:reports", args=[report.organisation.slug]), "text": "Earlier reports"}
            ],
        },
    )


@login_required
def readability(request: HttpRequest) -> HttpResponse:
    form = ReadabilityForm(request.POST or None)
    report = (
        services.readability_report(form.cleaned_data["text"])
        if request.method == "POST" and form.is_valid()
        else None
    )
    return render(
        request,
        "plan/readability.jinja",
        {
            "page_title": "Check plain English",
            "form": form,
            "report": report,
        },
        status=400 if form.errors else 200,
    )


@login_required
def methods(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plan/methods.jinja",
        {
            "page_title": "Engagement methods",
            "methods": selectors.methods_catalogue(),
        },
    )
