"""Reads for the core model, already limited to what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import AuditEvent, Engagement, EngagementStatus, Job, Membership, Organisation, User
from .permissions import ORGANISATION_WIDE_ROLES, Perm, organisations_where, require, role_in, shared_with_q


def organisations_for(*, user: User) -> QuerySet[Organisation]:
    """Organisations the user belongs to, in any role."""
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def memberships_for(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def engagements_visible_to(*, user: User) -> QuerySet[Engagement]:
    """Every engagement of the user's organisations (for organisation-wide roles) plus those shared with them."""
    if not (user and user.is_authenticated and user.is_active):
        return Engagement.objects.none()
    wide_orgs = Membership.objects.filter(user=user, role__in=ORGANISATION_WIDE_ROLES).values(
        "organisation_id"
    )
    return (
        Engagement.objects.filter(Q(organisation_id__in=wide_orgs) | shared_with_q(user, prefix="shares__"))
        .select_related("organisation", "lead")
        .distinct()
    )


def engagement_get(*, user: User, engagement_id, perm: Perm = Perm.VIEW_ENGAGEMENT) -> Engagement:
    """The engagement if the user may see it; 404 if it does not exist or is not theirs to see."""
    engagement = Engagement.objects.select_related("organisation", "lead").filter(pk=engagement_id).first()
    if engagement is None:
        raise Http404("No such engagement")
    try:
        require(user, Perm.VIEW_ENGAGEMENT, engagement)
    except Exception:
        # Hide the existence of engagements the user may not see.
        raise Http404("No such engagement") from None
    require(user, perm, engagement)
    return engagement


def organisation_get_for_member(
    *, user: User, slug: str, perm: Perm = Perm.VIEW_ORGANISATION
) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or role_in(user, organisation) is None:
        raise Http404("No such organisation")
    require(user, perm, organisation)
    return organisation


def organisation_public_get(*, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def engagements_open_to_public(*, organisation: Organisation) -> QuerySet[Engagement]:
    return Engagement.objects.filter(organisation=organisation, status=EngagementStatus.OPEN).order_by(
        "ends_on", "title"
    )


def organisations_public() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(
        open_count=Count("engagements", filter=Q(engagements__status=EngagementStatus.OPEN))
    ).order_by("name")


def engagement_status_counts(*, organisation: Organisation) -> dict[str, int]:
    counts = dict(
        Engagement.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in EngagementStatus.values}


def jobs_visible_to(*, user: User) -> QuerySet[Job]:
    """Jobs the user started, and jobs of organisations where they may run jobs."""
    return Job.objects.filter(
        Q(started_by=user) | Q(organisation_id__in=organisations_where(user, Perm.RUN_JOBS))
    ).select_related("organisation", "started_by")


def job_get(*, user: User, job_id) -> Job:
    job = jobs_visible_to(user=user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job")
    return job


def latest_job_result(*, organisation: Organisation, task_name: str) -> Job | None:
    return (
        Job.objects.filter(organisation=organisation, task_name=task_name, status="succeeded")
        .order_by("-finished_at")
        .first()
    )


def audit_events_for(*, user: User, organisation: Organisation) -> QuerySet[AuditEvent]:
    require(user, Perm.VIEW_AUDIT, organisation)
    return AuditEvent.objects.filter(organisation=organisation).select_related("actor")
