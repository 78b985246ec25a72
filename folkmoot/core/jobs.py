"""Background jobs: Django Tasks (django-tasks + django-tasks-db) with progress on a Job row.

Write a job as a plain function that takes `progress` and JSON-able keyword arguments, and decorate it
with @job_task. Start it with services.job_start (web, API) or run it in the foreground with
run_in_foreground (CLI, with a progress bar). Either way the same function runs.
"""

from __future__ import annotations

import functools
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

try:  # Django >= 6.0 has the Tasks API built in; 5.2 uses the backport.
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:
    from django_tasks import task

from .models import Job, JobStatus


class Progress:
    """Reports progress of one job. Writes to the database at most every `min_interval` seconds."""

    def __init__(self, job: Job | None, bar: Any = None, min_interval: float = 0.5):
        self.job = job
        self.bar = bar
        self.done = 0
        self.total: int | None = None
        self.message = ""
        self.min_interval = min_interval
        self._last_write = 0.0

    def __call__(self, done: int | None = None, total: int | None = None, message: str | None = None) -> None:
        if total is not None:
            self.total = total
            if self.bar is not None:
                self.bar.total = total
        if done is not None:
            if self.bar is not None:
                self.bar.update(done - self.done)
            self.done = done
        if message is not None:
            self.message = message[:300]
            if self.bar is not None:
                self.bar.set_description_str(self.message[:40])
        self._write()

    def advance(self, n: int = 1) -> None:
        self(done=self.done + n)

    def _write(self, force: bool = False) -> None:
        if self.job is None:
            return
        now = time.monotonic()
        if not force and now - self._last_write < self.min_interval and self.done != self.total:
            return
        self._last_write = now
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=self.done,
            progress_total=self.total,
            message=self.message,
            updated_at=timezone.now(),
        )

    def flush(self) -> None:
        self._write(force=True)


def _claim(job_id: str) -> Job | None:
    """Take a queued job; a conditional update means two workers can never both run it."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    return Job.objects.get(pk=job_id) if claimed else None


def execute(job: Job, func: Callable[..., Any], kwargs: dict, bar: Any = None) -> Any:
    progress = Progress(job, bar=bar)
    try:
        result = func(progress=progress, **kwargs)
    except Exception as exc:
        progress.flush()
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=5)}"[:5000],
            message=str(exc)[:300] or type(exc).__name__,
            finished_at=timezone.now(),
        )
        raise
    progress.flush()
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED,
            result=result if isinstance(result, dict | list | None) else {"value": result},
            progress_done=progress.total if progress.total is not None else progress.done,
            finished_at=timezone.now(),
        )
    return result


def job_task(func: Callable[..., Any]):
    """Turn `func(progress, **kwargs)` into a Task whose only positional contract is `job_id`.

    The Task keeps func's module and name, so the worker finds it by import path. A job the worker picks up
    that was already claimed (or cancelled) is skipped.
    """

    @functools.wraps(func)
    def run(job_id: str, **kwargs: Any) -> Any:
        job = _claim(job_id)
        if job is None:
            return None
        return execute(job, func, kwargs)

    run.job_function = func  # type: ignore[attr-defined]
    return task()(run)


def task_path(job: Any) -> str:
    func = job.func
    return f"{func.__module__}.{func.__qualname__}"
