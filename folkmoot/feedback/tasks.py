"""Background jobs for Feed back: telling people, and reminding leads about overdue feedback."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from folkmoot.core.jobs import Progress, job_task
from folkmoot.core.models import Engagement, User


def _letters_file(engagement: Engagement, actor: User | None) -> tuple[str, int]:
    from .letters import letters_mark_made, letters_pdf_bytes

    pdf, contact_ids = letters_pdf_bytes(
        engagement=engagement, actor=actor, pending_only=True, check_permission=False
    )
    if not contact_ids:
        return "", 0
    folder = Path(settings.VAR_DIR) / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"letters-{engagement.slug}-{engagement.pk.hex[:8]}.pdf"
    path.write_bytes(pdf)
    return str(path), letters_mark_made(engagement=engagement, contact_ids=contact_ids)


def run_send(
    *, engagement: Engagement, actor: User | None, progress=None, mailer=None, check_permission=True
) -> dict:
    from .services.sending import feedback_send

    result = feedback_send(
        actor=actor,
        engagement=engagement,
        progress=progress,
        mailer=mailer,
        check_permission=check_permission,
    )
    letters_path, made = _letters_file(engagement, actor)
    result.pop("letters_to_print", None)
    result["sent"] += made
    result["letters"] = made
    result["letters_pdf"] = letters_path
    return result


@job_task
def send_feedback_job(progress: Progress, engagement_id: str, actor_id: int | None = None) -> dict:
    """Tell everyone still to be told. Safe to run again: sent rows are never sent twice."""
    engagement = Engagement.objects.select_related("organisation").get(pk=engagement_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return run_send(engagement=engagement, actor=actor, progress=progress, check_permission=actor is not None)


@job_task
def remind_leads_job(progress: Progress) -> dict:
    from .services.reminders import reminders_send

    return reminders_send(progress=progress)
