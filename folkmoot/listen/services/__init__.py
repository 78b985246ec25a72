"""Writes for Listen. Pages, the API, commands, jobs and tests call these."""

from .contacts import contact_add, contact_forget, contacts_purge_expired, format_request_create
from .easy_read import question_set_easy_read_image
from .responses import (
    answer_save,
    event_record,
    response_record,
    response_start,
    response_submit,
)
from .submissions import SurveyNotOpen, response_send_public
from .surveys import (
    question_add,
    survey_add_equality_block,
    survey_create,
    survey_set_status,
    survey_translate,
)

__all__ = [
    "SurveyNotOpen",
    "answer_save",
    "contact_add",
    "contact_forget",
    "contacts_purge_expired",
    "event_record",
    "format_request_create",
    "question_add",
    "question_set_easy_read_image",
    "response_record",
    "response_send_public",
    "response_start",
    "response_submit",
    "survey_add_equality_block",
    "survey_create",
    "survey_set_status",
    "survey_translate",
]
