"""Background jobs of Understand. A job calls a service and reports progress."""

from __future__ import annotations

from folkmoot.core.jobs import Progress, job_task

from .services import population_load


@job_task
def population_load_job(
    progress: Progress,
    folder: str | None = None,
    ltlas: list[str] | None = None,
    postcodes: bool = True,
    force: bool = False,
) -> dict:
    """Load the Census 2021 and deprivation baselines and the postcode lookup (idempotent)."""
    return population_load(folder=folder, ltlas=ltlas, postcodes=postcodes, force=force, progress=progress)
