from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ..extensions import transition_guards
from ..models import AuditAction, Engagement, EngagementShare, EngagementStatus, Organisation, User
from ..permissions import Perm, require
from .audit import audit_record

# The lifecycle: which status may follow which. Reopening a closed engagement is allowed (a deadline
# extended); a reported engagement is final.
TRANSITIONS: dict[str, set[str]] = {
    EngagementStatus.DRAFT: {EngagementStatus.OPEN},
    EngagementStatus.OPEN: {EngagementStatus.CLOSED},
    EngagementStatus.CLOSED: {EngagementStatus.OPEN, EngagementStatus.REPORTED},
    EngagementStatus.REPORTED: set(),
}
EDITABLE_FIELDS = ("title", "summary", "starts_on", "ends_on", "feedback_due_on", "lead", "area_codes")


def _unique_slug(organisation: Organisation, title: str) -> str:
    base = slugify(title)[:70] or "engagement"
    slug, n = base, 2
    while Engagement.objects.filter(organisation=organisation, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def engagement_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    summary: str = "",
    lead: User | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    feedback_due_on: dt.date | None = None,
    area_codes: list[str] | None = None,
    status: EngagementStatus | str = EngagementStatus.DRAFT,
    is_synthetic: bool = False,
    check_permission: bool = True,
) -> Engagement:
    if check_permission:
        require(actor, Perm.CREATE_ENGAGEMENT, organisation)
    engagement = Engagement(
        organisation=organisation,
        title=title.strip(),
        slug=_unique_slug(organisation, title),
        summary=summary,
        lead=lead or actor,
        starts_on=starts_on,
        ends_on=ends_on,
        feedback_due_on=feedback_due_on,
        area_codes=list(area_codes or []),
        status=status,
        is_synthetic=is_synthetic,
    )
    _check_dates(engagement)
    engagement.full_clean()
    engagement.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=engagement, summary=f"Created engagement {title}"
    )
    return engagement


def _check_dates(engagement: Engagement) -> None:
    errors = {}
    if engagement.starts_on and engagement.ends_on and engagement.ends_on < engagement.starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date."
    if engagement.ends_on and engagement.feedback_due_on and engagement.feedback_due_on < engagement.ends_on:
        errors["feedback_due_on"] = "Feedback cannot be due before the engagement ends."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def engagement_update(*, actor: User, engagement: Engagement, **changes) -> Engagement:
    require(actor, Perm.CHANGE_ENGAGEMENT, engagement)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}")
    before = {name: str(getattr(engagement, name)) for name in changes}
    for name, value in changes.items():
        setattr(engagement, name, value)
    _check_dates(engagement)
    engagement.full_clean()
    engagement.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=engagement,
        summary=f"Changed {', '.join(sorted(changes))}",
        data={"before": before},
    )
    return engagement


@transaction.atomic
def engagement_transition(
    *, actor: User | None, engagement: Engagement, to: EngagementStatus | str, check_permission: bool = True
) -> Engagement:
    """Move an engagement along its lifecycle; illegal moves raise ValidationError."""
    if check_permission:
        require(actor, Perm.CHANGE_ENGAGEMENT, engagement)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if to not in TRANSITIONS[engagement.status]:
        raise ValidationError(
            f"An engagement that is {engagement.get_status_display().lower()} cannot become "
            f"{EngagementStatus(to).label.lower()}."
        )
    reasons = transition_guards.reasons(engagement, str(to))
    if reasons:
        raise ValidationError(reasons)
    before = engagement.status
    engagement.status = to
    engagement.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=engagement,
        summary=f"Status {before} → {to}",
        data={"from": before, "to": str(to)},
    )
    return engagement


@transaction.atomic
def engagement_share(
    *, actor: User, engagement: Engagement, user: User | None = None, organisation: Organisation | None = None
) -> EngagementShare:
    require(actor, Perm.MANAGE_PARTNERS, engagement)
    share, _ = EngagementShare.objects.get_or_create(
        engagement=engagement, user=user, organisation=organisation
    )
    share.full_clean()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=engagement,
        summary=f"Shared with {user or organisation}",
    )
    return share
