"""Learn pages: the public evaluation form, paper entry and reflections for staff, and the evidence pack."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from folkmoot.core.models import AuditAction, Engagement
from folkmoot.core.permissions import Perm, require
from folkmoot.core.selectors import engagement_get
from folkmoot.core.services import audit_record, job_start

from . import selectors, services
from .forms import EvaluationForm, ReflectionForm
from .models import EvidencePack
from .tasks import evidence_pack_job

HONEYPOT = "website"


def _rate_limited(request: HttpRequest) -> bool:
    # The same per-address hourly limit as Listen's public survey pages.
    key = f"learn:rate:evaluate:{request.META.get('REMOTE_ADDR', 'unknown')}"
    count = 1 if cache.add(key, 1, timeout=3600) else cache.incr(key)
    return count > settings.FOLKMOOT_SUBMITS_PER_HOUR_PER_IP


def _public_engagement(engagement_id) -> Engagement:
    engagement = Engagement.objects.select_related("organisation").filter(pk=engagement_id).first()
    if engagement is None or not services.evaluation_accepting(engagement):
        raise Http404("No evaluation for this engagement")
    return engagement


@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = _public_engagement(engagement_id)
    form = EvaluationForm(request.POST or None)
    context = {"engagement": engagement, "page_title": f"Tell us how it went: {engagement.title}"}
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return redirect("learn:evaluate-thanks", engagement_id=engagement.pk)  # a bot: quietly ignore
        if _rate_limited(request):
            return render(request, "learn/rate_limited.jinja", context, status=429)
        if form.is_valid():
            services.evaluation_submit(engagement=engagement, **form.cleaned_data)
            return redirect("learn:evaluate-thanks", engagement_id=engagement.pk)
    return render(request, "learn/evaluate.jinja", {**context, "form": form})


def evaluate_thanks(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = _public_engagement(engagement_id)
    return render(request, "learn/thanks.jinja", {"engagement": engagement, "page_title": "Thank you"})


def _breadcrumbs(engagement: Engagement) -> list[dict]:
    from django.urls import reverse

    return [{"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title}]


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.ENTER_RESPONSES)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(engagement=engagement, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Evaluation saved. You can enter the next one.")
            return redirect("learn:paper-entry", engagement_id=engagement.pk)
    return render(
        request,
        "learn/paper_entry.jinja",
        {
            "engagement": engagement,
            "form": form,
            "entered": selectors.evaluations_for(engagement=engagement).count(),
            "page_title": "Enter a paper evaluation",
            "breadcrumbs": _breadcrumbs(engagement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_new(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.CHANGE_ENGAGEMENT)
    form = ReflectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reflection_add(engagement=engagement, actor=request.user, **form.cleaned_data)
        messages.success(request, "Reflection saved")
        return redirect("core:engagement-detail", engagement_id=engagement.pk)
    return render(
        request,
        "learn/reflection.jinja",
        {
            "engagement": engagement,
            "form": form,
            "page_title": "Reflect on this engagement",
            "breadcrumbs": _breadcrumbs(engagement),
        },
    )


@login_required
@require_POST
def evidence_start(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS)
    require(request.user, Perm.RUN_JOBS, engagement.organisation)
    pack = EvidencePack.objects.create(engagement=engagement, requested_by=request.user)
    job = job_start(
        job_task=evidence_pack_job,
        label=f"Evidence pack: {engagement.title}",
        user=request.user,
        organisation=engagement.organisation,
        pack_id=str(pack.pk),
    )
    EvidencePack.objects.filter(pk=pack.pk).update(job_id=job.pk)
    return redirect("learn:evidence-status", pack_id=pack.pk)


def _pack_for(request: HttpRequest, pack_id) -> EvidencePack:
    pack = EvidencePack.objects.select_related("engagement__organisation").filter(pk=pack_id).first()
    if pack is None:
        raise Http404("No such evidence pack")
    # engagement_get answers 404 to anyone who may not see the engagement's results.
    engagement_get(user=request.user, engagement_id=pack.engagement_id, perm=Perm.VIEW_RESULTS)
    return pack


@login_required
def evidence_status(request: HttpRequest, pack_id) -> HttpResponse:
    pack = _pack_for(request, pack_id)
    pack.refresh_from_db()
    from folkmoot.core.models import Job

    job = Job.objects.filter(pk=pack.job_id).first() if pack.job_id else None
    return render(
        request,
        "learn/evidence_status.jinja",
        {
            "pack": pack,
            "job": job,
            "ready": bool(pack.path and Path(pack.path).exists()),
            "engagement": pack.engagement,
            "page_title": "Evidence pack",
            "breadcrumbs": _breadcrumbs(pack.engagement),
        },
    )


@login_required
def evidence_download(request: HttpRequest, pack_id) -> HttpResponse:
    pack = _pack_for(request, pack_id)
    if not pack.path or not Path(pack.path).exists():
        raise Http404("The evidence pack is not ready yet")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=pack,
        organisation=pack.engagement.organisation,
        summary=f"Downloaded the evidence pack for {pack.engagement.title}",
    )
    return FileResponse(
        open(pack.path, "rb"),
        as_attachment=True,
        filename=f"evidence-pack-{pack.engagement.slug}.pdf",
        content_type="application/pdf",
    )


def _annual_year(request: HttpRequest) -> int:
    from django.utils import timezone

    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year
    return year


@login_required
def annual(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's engagements scored against the 8 principles, as a page (the same figures as the PDF)."""
    from folkmoot.core.selectors import organisation_get_for_member

    from .reports.annual import NoEngagements, annual_context

    organisation = organisation_get_for_member(user=request.user, slug=slug)
    year = _annual_year(request)
    context = {"organisation": organisation, "year": year, "page_title": f"Engagement annual report {year}"}
    try:
        context.update(annual_context(organisation=organisation, year=year))
    except NoEngagements as exc:
        context["empty"] = str(exc)
    return render(request, "learn/annual.jinja", context)


@login_required
def annual_download(request: HttpRequest, slug: str) -> HttpResponse:
    from folkmoot.core.selectors import organisation_get_for_member

    from .reports.annual import NoEngagements, annual_pdf

    organisation = organisation_get_for_member(user=request.user, slug=slug)
    year = _annual_year(request)
    try:
        pdf, _ = annual_pdf(organisation=organisation, year=year)
    except NoEngagements:
        raise Http404("No engagements ran in that year") from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{organisation.slug}-{year}.pdf"'
    return response
