"""Writes for the public "You said, we did" page and the feedback due date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import FeedbackPage, Finding

_UNSET = object()


def publish_problems(engagement: Engagement) -> list[str]:
    """Why the page cannot be published yet; an empty list means it can."""
    findings = Finding.objects.filter(engagement=engagement)
    if not findings.exists():
        return ["Add at least one finding (“You said”) before publishing."]
    missing = findings.filter(decision__isnull=True).count()
    if missing:
        return [
            f"{missing} finding{'s' if missing != 1 else ''} still need{'' if missing != 1 else 's'} a decision (“We did”)."
        ]
    return []


@transaction.atomic
def feedback_page_update(
    *,
    actor: User | None,
    engagement: Engagement,
    published: bool | None = None,
    due_on: dt.date | None | object = _UNSET,
    introduction: str | None = None,
    check_permission: bool = True,
) -> FeedbackPage:
    if check_permission:
        require(actor, Perm.RECORD_DECISIONS, engagement)
    page, _ = FeedbackPage.objects.select_for_update().get_or_create(engagement=engagement)
    changes = []
    if published is not None and published != page.is_published:
        if published:
            problems = publish_problems(engagement)
            if problems:
                raise ValidationError(problems)
            page.published_at = timezone.now()
        page.is_published = published
        changes.append("published" if published else "unpublished")
    if due_on is not _UNSET:
        if due_on is not None and engagement.ends_on and due_on < engagement.ends_on:
            raise ValidationError({"due_on": "Feedback cannot be due before the engagement ends."})
        page.due_on = due_on  # type: ignore[assignment]
        changes.append("due date")
    if introduction is not None:
        page.introduction = introduction.strip()
        changes.append("introduction")
    page.full_clean()
    page.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=engagement,
        summary=f"Feedback page: {', '.join(changes) or 'saved'}",
    )
    return page
