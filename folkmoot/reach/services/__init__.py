"""Writes for Reach. Views, commands, jobs and tests call these functions."""

from .groups import (
    panel_create,
    panel_issue_record,
    panel_issue_update,
    panel_meeting_record,
    ppg_action_complete,
    ppg_action_record,
    ppg_create,
    ppg_meeting_record,
    ppg_member_add,
    ppg_minutes_update,
)
from .importer import stakeholders_import
from .ledger import (
    agreement_create,
    agreement_set_status,
    payment_record,
    payment_set_status,
    rate_remove,
    rate_set,
)
from .register import (
    contact_record,
    duplicates_for,
    grid_set,
    reach_settings_set,
    stakeholder_create,
    stakeholder_update,
)

__all__ = [
    "agreement_create",
    "agreement_set_status",
    "contact_record",
    "duplicates_for",
    "grid_set",
    "panel_create",
    "panel_issue_record",
    "panel_issue_update",
    "panel_meeting_record",
    "payment_record",
    "payment_set_status",
    "ppg_action_complete",
    "ppg_action_record",
    "ppg_create",
    "ppg_meeting_record",
    "ppg_member_add",
    "ppg_minutes_update",
    "rate_remove",
    "rate_set",
    "reach_settings_set",
    "stakeholder_create",
    "stakeholder_update",
    "stakeholders_import",
]
