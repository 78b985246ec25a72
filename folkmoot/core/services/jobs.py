from __future__ import annotations

from typing import Any

from django.db import transaction

from ..jobs import Progress, execute, task_path
from ..models import Job, JobStatus, Organisation, User


@transaction.atomic
def _job_create(
    *, job_task: Any, label: str, user: User | None, organisation: Organisation | None, kwargs: dict
) -> Job:
    return Job.objects.create(
        task_name=task_path(job_task),
        label=label,
        started_by=user if (user is not None and user.is_authenticated) else None,
        organisation=organisation,
        arguments=kwargs,
        status=JobStatus.QUEUED,
    )


def job_start(
    *,
    job_task: Any,
    label: str,
    user: User | None = None,
    organisation: Organisation | None = None,
    **kwargs: Any,
) -> Job:
    """Queue a background job and return its Job row (whose page shows progress)."""
    job = _job_create(job_task=job_task, label=label, user=user, organisation=organisation, kwargs=kwargs)
    result = job_task.enqueue(job_id=str(job.pk), **kwargs)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


def job_run_in_foreground(
    *,
    job_task: Any,
    label: str,
    user: User | None = None,
    organisation: Organisation | None = None,
    bar: Any = None,
    **kwargs: Any,
) -> tuple[Job, Any]:
    """Run a job now, in this process (the CLI), recording it like a queued one; bar is a tqdm bar."""
    job = _job_create(job_task=job_task, label=label, user=user, organisation=organisation, kwargs=kwargs)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    result = execute(job, job_task.func.job_function, kwargs, bar=bar)
    job.refresh_from_db()
    return job, result


def job_progress(*, job: Job, done: int, total: int | None = None, message: str | None = None) -> None:
    Progress(job, min_interval=0)(done=done, total=total, message=message)
