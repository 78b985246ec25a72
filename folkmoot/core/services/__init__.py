"""Writes for the core model. Views, commands, jobs and tests call these functions."""

from .audit import audit_record
from .engagements import (
    engagement_create,
    engagement_share,
    engagement_transition,
    engagement_update,
)
from .jobs import job_progress, job_run_in_foreground, job_start
from .organisations import membership_set, organisation_create, user_create

__all__ = [
    "audit_record",
    "engagement_create",
    "engagement_share",
    "engagement_transition",
    "engagement_update",
    "job_progress",
    "job_run_in_foreground",
    "job_start",
    "membership_set",
    "organisation_create",
    "user_create",
]
