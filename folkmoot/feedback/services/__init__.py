"""Writes for Feed back. Views, commands, jobs and tests call these functions."""

from .findings import (
    decision_record,
    finding_create,
    finding_delete,
    finding_translate,
    findings_from_question,
    findings_from_themes,
)
from .pages import feedback_page_update, publish_problems

__all__ = [
    "decision_record",
    "feedback_page_update",
    "finding_create",
    "finding_delete",
    "finding_translate",
    "findings_from_question",
    "findings_from_themes",
    "publish_problems",
]
