"""Reach's background jobs."""

from __future__ import annotations

from folkmoot.core.jobs import Progress, job_task
from folkmoot.core.models import Organisation, User

from .services.importer import ImportProblem, stakeholders_import


@job_task
def import_stakeholders_job(
    progress: Progress, organisation_slug: str, path: str, actor_id: int | None = None
) -> dict:
    organisation = Organisation.objects.get(slug=organisation_slug)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        result = stakeholders_import(organisation=organisation, path=path, actor=actor, progress=progress)
    except ImportProblem as exc:
        # A file-level problem is an outcome to show the person, not a crash.
        progress(message=str(exc))
        return {"created": 0, "duplicates": [], "rejected": [], "problem": str(exc)}
    progress(message=f"Added {result['created']} stakeholders; {len(result['rejected'])} rows kept apart")
    return result
