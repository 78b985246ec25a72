"""Periodic jobs: what runs by itself, how often, and the one function (`tick`) that queues what is due.

`folkmoot scheduler` calls `tick` every minute (or once, with --once, from cron). Each run is recorded as a
ScheduledRun for its period before the job is queued, inside one transaction: a unique constraint on
(name, period) means a second scheduler, or the same one restarted, never queues a period's run twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str  # "module:function" of a job_task
    every: str  # "day" or "week"
    label: str

    def period(self, now: dt.datetime) -> str:
        day = timezone.localtime(now).date()
        if self.every == "day":
            return day.isoformat()
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"

    def job_task(self):
        module, name = self.task.split(":")
        return getattr(import_module(module), name)


SCHEDULE = [
    Periodic(
        "purge-contacts",
        "folkmoot.listen.tasks:purge_contacts_job",
        "day",
        "Delete contact details past their survey's retention date",
    ),
    Periodic(
        "feedback-reminders",
        "folkmoot.feedback.tasks:remind_leads_job",
        "day",
        "Remind leads whose feedback to participants is overdue",
    ),
    Periodic(
        "themes-digest",
        "folkmoot.understand.themes.tasks:weekly_digest_job",
        "week",
        "Weekly themes digest with rising themes",
    ),
]


def tick(*, now: dt.datetime | None = None, schedule: list[Periodic] | None = None) -> list[str]:
    """Queue every periodic job whose run for the current period has not been queued yet; their names."""
    from .services.jobs import job_start

    now = now or timezone.now()
    queued = []
    for item in schedule if schedule is not None else SCHEDULE:
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=item.name, period=item.period(now))
                run.job = job_start(job_task=item.job_task(), label=item.label)
                run.save(update_fields=["job", "updated_at"])
        except IntegrityError:
            continue  # already queued for this period (by us earlier, or by another scheduler)
        queued.append(item.name)
    return queued
