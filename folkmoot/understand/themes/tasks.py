"""Background jobs of understand.themes. A job loads ids, calls a service, reports progress."""

from __future__ import annotations

from folkmoot.core.jobs import Progress, job_task
from folkmoot.core.models import Engagement, Organisation, User

from .services import comments_classify, feedback_classify


@job_task
def classify_engagement(progress: Progress, engagement_id: str, user_id: int | None = None) -> dict:
    """Classify every free-text answer of the engagement's surveys (open or closed), and its other comments."""
    engagement = Engagement.objects.select_related("organisation").get(pk=engagement_id)
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    return comments_classify(engagement=engagement, actor=actor, progress=progress)


@job_task
def classify_feedback(progress: Progress, organisation_id: str, user_id: int | None = None) -> dict:
    """Classify the organisation's imported feedback that the model has not read yet."""
    organisation = Organisation.objects.get(pk=organisation_id)
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    return feedback_classify(organisation=organisation, actor=actor, progress=progress)


@job_task
def weekly_digest_job(progress: Progress) -> dict:
    """The weekly themes digest for every organisation (folkmoot scheduler runs it once a week)."""
    from .services import digest_send

    organisations = list(Organisation.objects.all())
    sent = 0
    for i, organisation in enumerate(organisations):
        sent += digest_send(organisation=organisation)["sent_to"]
        progress(done=i + 1, total=len(organisations), message=f"Digest for {organisation.name}")
    return {"organisations": len(organisations), "sent_to": sent}
