"""Writes for Learn: participant evaluations (online or from paper) and staff reflections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from folkmoot.core.models import AuditAction, Engagement, EngagementStatus, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from .models import Evaluation, EvaluationChannel, Reflection

# People can say how it went while an engagement is running and after it; a draft has had no participants.
EVALUATION_OPEN_STATUSES = (EngagementStatus.OPEN, EngagementStatus.CLOSED, EngagementStatus.REPORTED)


def evaluation_accepting(engagement: Engagement) -> bool:
    return engagement.status in EVALUATION_OPEN_STATUSES


@transaction.atomic
def evaluation_submit(
    *,
    engagement: Engagement,
    easy_to_take_part: str,
    felt_listened_to: str,
    comment: str = "",
    actor: User | None = None,
) -> Evaluation:
    """Record one participant's evaluation. With an actor it was typed in by staff from a paper form."""
    if not evaluation_accepting(engagement):
        raise ValidationError("This engagement is not taking evaluations yet")
    if actor is not None:
        require(actor, Perm.ENTER_RESPONSES, engagement)
    evaluation = Evaluation(
        engagement=engagement,
        easy_to_take_part=easy_to_take_part,
        felt_listened_to=felt_listened_to,
        comment=(comment or "").strip(),
        channel=EvaluationChannel.PAPER if actor is not None else EvaluationChannel.ONLINE,
        entered_by=actor,
    )
    evaluation.full_clean()
    evaluation.save()
    if actor is not None:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=evaluation,
            organisation=engagement.organisation,
            summary=f"Entered a paper evaluation for {engagement.title}",
        )
    return evaluation


@transaction.atomic
def reflection_add(
    *, engagement: Engagement, actor: User, what_worked: str, what_to_change: str, who_we_missed: str = ""
) -> Reflection:
    require(actor, Perm.CHANGE_ENGAGEMENT, engagement)
    reflection = Reflection(
        engagement=engagement,
        author=actor,
        what_worked=(what_worked or "").strip(),
        what_to_change=(what_to_change or "").strip(),
        who_we_missed=(who_we_missed or "").strip(),
    )
    reflection.full_clean()
    reflection.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=reflection,
        organisation=engagement.organisation,
        summary=f"Added a reflection on {engagement.title}",
    )
    return reflection
