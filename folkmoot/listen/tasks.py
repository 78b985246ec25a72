"""Listen's background jobs."""

from __future__ import annotations

from folkmoot.core.jobs import Progress, job_task
from folkmoot.core.models import User

from .imports import ImportProblem, Mapping, responses_import
from .models import Survey
from .services import contacts_purge_expired


@job_task
def import_responses_job(
    progress: Progress,
    survey_slug: str,
    path: str,
    actor_id: int | None = None,
    mapping_path: str | None = None,
) -> dict:
    survey = Survey.objects.get(slug=survey_slug)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        return responses_import(
            survey=survey, path=path, mapping=Mapping.load(mapping_path), progress=progress, actor=actor
        )
    except ImportProblem as exc:
        # A file-level problem is an outcome to show the person, not a crash.
        progress(message=str(exc))
        return {"imported": 0, "duplicates": 0, "rejected": 0, "problem": str(exc)}


@job_task
def purge_contacts_job(progress: Progress) -> dict:
    deleted = contacts_purge_expired()
    progress(done=1, total=1, message=f"Deleted {deleted} expired contact details")
    return {"deleted": deleted}
