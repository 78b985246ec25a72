"""Background jobs: progress on the Job row, inline in tests and through the real database queue."""

import pytest
from django.core.management import call_command

from folkmoot.core.models import JobStatus
from folkmoot.core.services import job_start
from folkmoot.core.tasks import rebuild_statistics

pytestmark = pytest.mark.django_db


def test_statistics_job_counts_engagements_and_records_progress(personas):
    job = job_start(
        job_task=rebuild_statistics,
        label="Rebuild",
        user=personas.lead,
        organisation=personas.organisation,
        organisation_id=str(personas.organisation.pk),
    )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress_done == job.progress_total == 1
    row = job.result["organisations"][0]
    assert row["slug"] == personas.organisation.slug
    assert row["open"] == 2 and row["total"] == 2


def test_a_failing_job_is_marked_failed_with_its_message(personas):
    # The task backend records the exception on its own result; the Job row is what people see.
    job = job_start(
        job_task=rebuild_statistics,
        label="Broken",
        user=personas.lead,
        organisation=personas.organisation,
        organisation_id="00000000-0000-0000-0000-000000000000",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "does not exist" in job.message


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_worker_run_a_job(personas):
    """The real path: enqueue on django-tasks-db, then the worker command picks it up."""
    from django_tasks_db.models import DBTaskResult

    job = job_start(
        job_task=rebuild_statistics.using(backend="queue"),
        label="Queued",
        user=personas.lead,
        organisation=personas.organisation,
        organisation_id=str(personas.organisation.pk),
    )
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("worker", "--batch", "--backend", "queue", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["total"] == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
