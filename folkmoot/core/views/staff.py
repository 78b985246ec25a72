"""Staff pages: dashboard, engagements and jobs. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..extensions import dashboard_panels, engagement_panels
from ..forms import EngagementForm, StatusForm
from ..models import EngagementStatus
from ..permissions import Perm, has_perm, organisations_where, permissions_for
from ..services.engagements import TRANSITIONS
from ..tasks import rebuild_statistics


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.memberships_for(user=request.user))
    if len(memberships) == 1:
        return redirect("core:organisation-dashboard", slug=memberships[0].organisation.slug)
    return render(
        request,
        "core/dashboard.jinja",
        {"page_title": "Your organisations", "memberships": memberships},
    )


@login_required
def organisation_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_member(user=request.user, slug=slug)
    perms = permissions_for(request.user, organisation)
    return render(
        request,
        "core/organisation_dashboard.jinja",
        {
            "page_title": organisation.name,
            "organisation": organisation,
            "perms": perms,
            "status_counts": selectors.engagement_status_counts(organisation=organisation),
            "engagements": selectors.engagements_visible_to(user=request.user).filter(
                organisation=organisation
            )[:10],
            "statistics": selectors.latest_job_result(
                organisation=organisation, task_name="folkmoot.core.tasks.rebuild_statistics"
            ),
            "panels": dashboard_panels.collect(request, organisation),
            "breadcrumbs": [{"href": reverse("core:dashboard"), "text": "Dashboard"}],
        },
    )


@login_required
@require_POST
def statistics_rebuild(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_member(user=request.user, slug=slug, perm=Perm.RUN_JOBS)
    job = services.job_start(
        job_task=rebuild_statistics,
        label=f"Rebuild statistics for {organisation.name}",
        user=request.user,
        organisation=organisation,
        organisation_id=str(organisation.pk),
    )
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def engagement_list(request: HttpRequest) -> HttpResponse:
    engagements = selectors.engagements_visible_to(user=request.user).order_by("organisation__name", "title")
    status = request.GET.get("status", "")
    if status in EngagementStatus.values:
        engagements = engagements.filter(status=status)
    creatable = selectors.organisations_for(user=request.user).filter(
        pk__in=organisations_where(request.user, Perm.CREATE_ENGAGEMENT)
    )
    return render(
        request,
        "core/engagement_list.jinja",
        {
            "page_title": "Engagements",
            "engagements": engagements,
            "status": status,
            "statuses": EngagementStatus.choices,
            "creatable": creatable,
        },
    )


@login_required
def engagement_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_member(
        user=request.user, slug=slug, perm=Perm.CREATE_ENGAGEMENT
    )
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                actor=request.user, organisation=organisation, lead=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Engagement “{engagement.title}” created")
            return redirect("core:engagement-detail", engagement_id=engagement.pk)
    return render(
        request,
        "core/engagement_form.jinja",
        {
            "page_title": f"New engagement for {organisation.name}",
            "form": form,
            "organisation": organisation,
            "breadcrumbs": [{"href": reverse("core:engagement-list"), "text": "Engagements"}],
        },
    )


@login_required
def engagement_detail(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = selectors.engagement_get(user=request.user, engagement_id=engagement_id)
    perms = permissions_for(request.user, engagement)
    allowed = [(s, EngagementStatus(s).label) for s in TRANSITIONS[engagement.status]]
    return render(
        request,
        "core/engagement_detail.jinja",
        {
            "page_title": engagement.title,
            "engagement": engagement,
            "perms": perms,
            "status_form": StatusForm(allowed=allowed)
            if allowed and Perm.CHANGE_ENGAGEMENT in perms
            else None,
            "panels": engagement_panels.collect(request, engagement),
            "breadcrumbs": [{"href": reverse("core:engagement-list"), "text": "Engagements"}],
        },
    )


@login_required
def engagement_edit(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.CHANGE_ENGAGEMENT
    )
    form = EngagementForm(request.POST or None, instance=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_update(actor=request.user, engagement=engagement, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Changes saved")
            return redirect("core:engagement-detail", engagement_id=engagement.pk)
    return render(
        request,
        "core/engagement_form.jinja",
        {
            "page_title": f"Change {engagement.title}",
            "form": form,
            "engagement": engagement,
            "breadcrumbs": [
                {"href": reverse("core:engagement-list"), "text": "Engagements"},
                {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title},
            ],
        },
    )


@login_required
@require_POST
def engagement_status(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.CHANGE_ENGAGEMENT
    )
    target = request.POST.get("status", "")
    try:
        if target not in EngagementStatus.values:
            raise ValidationError("Choose a status")
        services.engagement_transition(actor=request.user, engagement=engagement, to=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Status changed to {EngagementStatus(target).label.lower()}")
    return redirect("core:engagement-detail", engagement_id=engagement.pk)


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_member(user=request.user, slug=slug, perm=Perm.VIEW_AUDIT)
    events = selectors.audit_events_for(user=request.user, organisation=organisation)
    if request.GET.get("personal") == "1":
        events = events.filter(personal_data=True)
    return render(
        request,
        "core/audit_log.jinja",
        {
            "page_title": f"Audit log: {organisation.name}",
            "organisation": organisation,
            "events": events[:200],
            "personal_only": request.GET.get("personal") == "1",
            "breadcrumbs": [
                {
                    "href": reverse("core:organisation-dashboard", args=[organisation.slug]),
                    "text": organisation.name,
                }
            ],
        },
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_visible_to(user=request.user)[:50]
    return render(request, "core/job_list.jinja", {"page_title": "Background jobs", "jobs": jobs})


@login_required
def job_detail(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(user=request.user, job_id=job_id)
    return render(
        request,
        "core/job_detail.jinja",
        {
            "page_title": job.label,
            "job": job,
            "show_error": job.started_by_id == request.user.pk or has_perm(request.user, Perm.RUN_JOBS, job),
            "breadcrumbs": [{"href": reverse("core:job-list"), "text": "Jobs"}],
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
