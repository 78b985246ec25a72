"""Whole responses sent to the public API (kiosks, apps, partners' offline tools): the busiest write in Listen.

One query reads the survey with its questions; one SQL statement writes the response and its answers. Run
outside a transaction, that statement commits by itself before it returns, so the reference is acknowledged
only after the commit, in two round trips to the database instead of seven.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Answer, Channel, Question, QuestionType, Response, Survey, SurveyStatus, _reference
from .responses import clean_whole, response_record


class SurveyNotOpen(Exception):
    """No open survey has this slug."""


# slug -> (when read, survey, questions). Reading a survey and its questions cost more than writing the
# response, so each process keeps them for a moment. Whether the survey is still open is checked by the
# insert itself, so a closed survey never takes another response; saving a survey or question here clears
# the copies at once, and other processes see question changes within PLAN_SECONDS.
PLAN_SECONDS = 2.0
_plans: dict[str, tuple[float, Survey, dict[str, Question]]] = {}


@receiver([post_save, post_delete], sender=Survey)
@receiver([post_save, post_delete], sender=Question)
def _forget_plans(**kwargs: Any) -> None:
    _plans.clear()


def _open_survey(slug: str, *, fresh: bool = False) -> tuple[Survey, dict[str, Question]]:
    now = time.monotonic()
    cached = _plans.get(slug)
    if cached and not fresh and now - cached[0] < PLAN_SECONDS:
        return cached[1], cached[2]
    questions = list(
        Question.objects.filter(survey__slug=slug, survey__status=SurveyStatus.OPEN).select_related("survey")
    )
    if questions:
        survey = questions[0].survey
    else:
        survey = Survey.objects.filter(slug=slug, status=SurveyStatus.OPEN).first()
        if survey is None:
            _plans.pop(slug, None)
            raise SurveyNotOpen(slug)
    plan = {q.code: q for q in questions}
    _plans[slug] = (now, survey, plan)
    return survey, plan


def response_send_public(
    *, slug: str, answers: dict[str, Any], channel: str = Channel.ONLINE, language: str = "en"
) -> str:
    """Record a whole response to an open survey from anyone (no sign-in); returns its reference once committed.

    Raises SurveyNotOpen, or ValidationError with {question code: message} (nothing is saved)."""
    if channel not in Channel.values:
        raise ValidationError({"channel": f"Unknown channel {channel!r}"})
    if connection.vendor != "postgresql":  # the plain path, reading the survey every time
        survey, _ = _open_survey(slug, fresh=True)
        response = response_record(
            survey=survey,
            answers=answers,
            channel=channel,
            language=language,
            check_permission=False,
        )
        return response.reference
    survey, questions = _open_survey(slug)
    attempt = 0
    while True:
        attempt += 1
        cleaned = clean_whole(survey, questions, answers)
        try:
            reference = _insert(survey, questions, cleaned, channel, language)
        except IntegrityError:
            # A question deleted since we read the survey, or a clash of random references: read it again.
            if attempt == 3 or connection.in_atomic_block:
                raise
            survey, questions = _open_survey(slug, fresh=True)
            continue
        if reference is None:  # closed since we read it
            _plans.pop(slug, None)
            raise SurveyNotOpen(slug)
        return reference


_INSERT = (
    f"WITH r AS (INSERT INTO {Response._meta.db_table} (id, survey_id, channel, status, reference, resume_token, "
    "language, easy_read, source_id, content_hash, started_at, submitted_at, is_synthetic) "
    "SELECT %s, s.id, %s, 'submitted', %s, %s, %s, false, '', '', now(), now(), false "
    f"FROM {Survey._meta.db_table} s WHERE s.id = %s AND s.status = 'open' RETURNING id), "
    f"a AS (INSERT INTO {Answer._meta.db_table} (response_id, question_id, value, text) "
    "SELECT r.id, a.q, a.v, a.t FROM r, unnest(%s::bigint[], %s::jsonb[], %s::text[]) AS a(q, v, t)) "
    "SELECT count(*) FROM r"
)


def _insert(survey: Survey, questions: dict[str, Question], cleaned: dict[str, Any], channel, language):
    """One statement: the response and its answers, only if the survey is still open. Its reference, or None."""
    reference = _reference()
    params = [
        uuid.uuid4(),
        channel,
        reference,
        secrets.token_urlsafe(),
        language,
        survey.pk,
        [questions[code].pk for code in cleaned],
        [json.dumps(value) for value in cleaned.values()],
        [value if questions[code].type == QuestionType.TEXT else "" for code, value in cleaned.items()],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, params)
        (inserted,) = cursor.fetchone()
    return reference if inserted else None
