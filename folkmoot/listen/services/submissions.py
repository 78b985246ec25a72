"""Whole responses sent to the public API (kiosks, apps, partners' offline tools): the busiest write in Listen.

Each process keeps an open survey's rules (the survey and its questions) in memory, with the survey's
rules_version. One SQL statement then writes the response and its answers, only if the survey is still open
and still at that version. Run outside a transaction, that statement commits by itself before it returns, so
the reference is acknowledged only after the commit: one round trip to the database per response.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import psycopg
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ..models import Answer, Channel, Question, QuestionType, Response, Survey, SurveyStatus, _reference
from .responses import clean_whole, response_record


class SurveyNotOpen(Exception):
    """No open survey has this slug."""


# slug -> (survey, its questions by code), as read at survey.rules_version. The insert checks that version
# (and that the survey is open), so a copy made stale by an edit in any process is noticed at the next
# response, which is then checked again against the survey as it is now.
_plans: dict[str, tuple[Survey, dict[str, Question]]] = {}


@receiver(pre_save, sender=Survey)
def _survey_saving(sender, instance: Survey, raw: bool = False, **kwargs: Any) -> None:
    """A saved survey gets a version above the one in the database, however old the copy being saved: a stale
    instance must never write back a version that a process may already hold rules for."""
    if raw or instance._state.adding:
        return
    current = Survey.objects.filter(pk=instance.pk).values_list("rules_version", flat=True).first()
    instance.rules_version = (current or 0) + 1


@receiver([post_save, post_delete], sender=Question)
def _question_changed(sender, instance: Question, **kwargs: Any) -> None:
    """Any saved or deleted question: a new rules version for its survey (rare writes: builder, imports)."""
    Survey.objects.filter(pk=instance.survey_id).update(rules_version=F("rules_version") + 1)
    _plans.clear()


@receiver([post_save, post_delete], sender=Survey)
def _survey_changed(**kwargs: Any) -> None:
    _plans.clear()


def _open_survey(slug: str, *, fresh: bool = False) -> tuple[Survey, dict[str, Question]]:
    cached = _plans.get(slug)
    if cached and not fresh:
        return cached
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
    plan = (survey, {q.code: q for q in questions})
    _plans[slug] = plan
    return plan


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
        except (IntegrityError, DataError):
            # A clash of random references, or a question deleted behind our back: read it again.
            if attempt == 3 or connection.in_atomic_block:
                raise
            survey, questions = _open_survey(slug, fresh=True)
            continue
        if reference is not None:
            return reference
        # Closed, or edited since we read it: read it again (SurveyNotOpen if closed) and check afresh.
        if attempt == 3:
            raise SurveyNotOpen(slug)
        survey, questions = _open_survey(slug, fresh=True)


_INSERT = (
    f"WITH r AS (INSERT INTO {Response._meta.db_table} (id, survey_id, channel, status, reference, resume_token, "
    "language, easy_read, source_id, content_hash, started_at, submitted_at, is_synthetic) "
    "SELECT %s, s.id, %s, 'submitted', %s, '', %s, false, '', '', now(), now(), false "
    f"FROM {Survey._meta.db_table} s WHERE s.id = %s AND s.status = 'open' AND s.rules_version = %s "
    "RETURNING id), "
    f"a AS (INSERT INTO {Answer._meta.db_table} (response_id, question_id, value, text) "
    "SELECT r.id, a.q, a.v, a.t FROM r, unnest(%s::bigint[], %s::jsonb[], %s::text[]) AS a(q, v, t) "
    f"JOIN {Question._meta.db_table} q ON q.id = a.q AND q.survey_id = %s RETURNING 1) "
    # Answers keep their questions by this join, not by a foreign key (see Answer): if a question has gone
    # without a new rules version (a raw SQL delete), fewer answers go in, and dividing by zero aborts the
    # whole statement.
    "SELECT CASE WHEN (SELECT count(*) FROM a) = %s OR NOT EXISTS (SELECT 1 FROM r) "
    # (A literal 1 / 0 would be folded, and fail, when the statement is planned: divide by a count instead.)
    "THEN (SELECT count(*) FROM r) ELSE 1 / (SELECT count(*) FROM r WHERE false) END"
)


def _insert(survey: Survey, questions: dict[str, Question], cleaned: dict[str, Any], channel, language):
    """One statement: the response and its answers, only if the survey is still open and at the version the
    answers were checked against. Its reference, or None."""
    reference = _reference()
    params = [
        uuid.uuid4(),
        channel,
        reference,
        language,
        survey.pk,
        survey.rules_version,
        [questions[code].pk for code in cleaned],
        [json.dumps(value) for value in cleaned.values()],
        [value if questions[code].type == QuestionType.TEXT else "" for code, value in cleaned.items()],
        survey.pk,
        len(cleaned),
    ]
    with _binding_cursor() as cursor:
        cursor.execute(_INSERT, params)
        (inserted,) = cursor.fetchone()
    return reference if inserted else None


class _PreparedCursor(psycopg.Cursor):
    """Sends the parameters apart from the SQL and has PostgreSQL prepare the statement once per connection."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def _binding_cursor():
    """A prepared-statement cursor, still wrapped by Django (its error classes, its query log).

    Django's own cursors inline the parameters into the SQL text and Django turns psycopg's automatic
    preparing off (prepare_threshold None), so PostgreSQL would parse and plan this statement for every
    response; prepared once per connection, the database's CPU per response fell (see `folkmoot bench submit`)."""
    connection.ensure_connection()
    raw = _PreparedCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
