"""Core background jobs."""

from __future__ import annotations

from django.db.models import Count

from .jobs import Progress, job_task
from .models import Engagement, EngagementStatus, Organisation


@job_task
def rebuild_statistics(progress: Progress, organisation_id: str) -> dict:
    """Recount an organisation's engagements by status, with its member organisations, for the dashboard."""
    root = Organisation.objects.get(pk=organisation_id)
    organisations = [root, *Organisation.objects.filter(parent=root).order_by("name")]
    progress(done=0, total=len(organisations), message="Counting engagements")
    rows = []
    for i, organisation in enumerate(organisations, start=1):
        counts = dict(
            Engagement.objects.filter(organisation=organisation)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        rows.append(
            {
                "organisation": organisation.name,
                "slug": organisation.slug,
                **{status: counts.get(status, 0) for status in EngagementStatus.values},
                "total": sum(counts.values()),
            }
        )
        progress(done=i, message=f"Counted {organisation.name}")
    return {"organisations": rows, "total": sum(row["total"] for row in rows)}
