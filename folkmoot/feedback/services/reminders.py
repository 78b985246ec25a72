"""Reminding leads when feedback is overdue: once per engagement and due date."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from folkmoot.core.models import AuditAction, Membership, Organisation, Role
from folkmoot.core.services import audit_record

from ..models import Reminder
from ..selectors import feedback_due_on, overdue_engagements
from ..transports import Mailer, NotAvailable, PermanentFailure, TemporaryFailure


def _leads(engagement) -> list:
    if engagement.lead and engagement.lead.email:
        return [engagement.lead]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=engagement.organisation, role=Role.LEAD
        ).select_related("user")
        if m.user.email
    ]


def reminders_send(*, today=None, progress=None, mailer: Mailer | None = None) -> dict:
    """Email the lead of every overdue engagement that has not been reminded for its current due date."""
    today = today or timezone.localdate()
    mailer = mailer or Mailer()
    overdue = [
        e for org in Organisation.objects.all() for e in overdue_engagements(organisation=org, today=today)
    ]
    result = {"overdue": len(overdue), "reminded": 0, "already_reminded": 0, "failed": 0, "engagements": []}
    if progress:
        progress(done=0, total=len(overdue), message="Reminding leads about overdue feedback")
    for index, engagement in enumerate(overdue, start=1):
        due = feedback_due_on(engagement=engagement)
        leads = _leads(engagement)
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    engagement=engagement, due_on=due, sent_to=[u.email for u in leads]
                )
                link = f"{settings.FOLKMOOT_SITE_URL.rstrip('/')}/feedback/engagements/{engagement.pk}/"
                for lead in leads:
                    mailer.send_email(
                        to=lead.email,
                        subject=f"Feedback is overdue: {engagement.title}",
                        body=(
                            f"Feedback to the people who took part in “{engagement.title}” was due on "
                            f"{due:%-d %B %Y} and nobody has been told yet.\n\nRecord the decisions and tell people: {link}"
                        ),
                        reference=f"reminder-{reminder.pk}",
                    )
                audit_record(
                    actor=None,
                    action=AuditAction.CREATE,
                    obj=engagement,
                    summary=f"Reminded {len(leads)} lead(s): feedback overdue since {due}",
                )
        except IntegrityError:
            result["already_reminded"] += 1
        except (TemporaryFailure, PermanentFailure, NotAvailable) as exc:
            # The reminder row rolled back with the failed email, so the next run tries again.
            result["failed"] += 1
            result["engagements"].append({"slug": engagement.slug, "due_on": str(due), "error": str(exc)})
        else:
            result["reminded"] += 1
            result["engagements"].append(
                {"slug": engagement.slug, "due_on": str(due), "to": [u.email for u in leads]}
            )
        if progress:
            progress(done=index)
    return result
