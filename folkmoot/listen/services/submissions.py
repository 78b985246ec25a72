"""Whole responses sent to the public API (kiosks, apps, partners' offline tools): the busiest write in Listen.

Each process keeps an open survey's rules (the survey and its questions) in memory, with the survey's
rules_version. One prepared SQL statement then writes the response and its answers, only if the survey is still
open and still at that version. Run outside a transaction, that statement commits by itself before it returns,
so the reference is acknowledged only after the commit. Threads that submit at the same moment share one such
statement and its commit (group commit), so under load the database parses, plans and flushes less per response.
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
from .group_commit import GroupCommit
from .responses import clean_whole, response_record

CHANNELS = frozenset(Channel.values)


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
    if channel not in CHANNELS:
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


_RESPONSES = Response._meta.db_table
_ANSWERS = Answer._meta.db_table
_INSERT = (
    "WITH u AS (SELECT * FROM unnest(%s::uuid[], %s::uuid[], %s::int[], %s::text[], %s::text[], %s::text[]) "
    "AS u(id, survey_id, version, channel, reference, language)), "
    f"r AS (INSERT INTO {_RESPONSES} (id, survey_id, channel, status, reference, resume_token, language, "
    "easy_read, source_id, content_hash, started_at, submitted_at, is_synthetic) "
    "SELECT u.id, s.id, u.channel, 'submitted', u.reference, '', u.language, false, '', '', now(), now(), false "
    f"FROM u JOIN {Survey._meta.db_table} s "
    "ON s.id = u.survey_id AND s.status = 'open' AND s.rules_version = u.version RETURNING id, survey_id), "
    "e AS (SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::jsonb[], %s::text[]) AS e(response_id, q, v, t)), "
    f"a AS (INSERT INTO {_ANSWERS} (response_id, question_id, value, text) "
    "SELECT r.id, e.q, e.v, e.t FROM e JOIN r ON r.id = e.response_id "
    f"JOIN {Question._meta.db_table} q ON q.id = e.q AND q.survey_id = r.survey_id RETURNING 1) "
    # Answers keep their questions by this join, not by a foreign key (see Answer): if a question has gone
    # without a new rules version (a raw SQL delete), fewer answers go in than were sent for the responses
    # written, and dividing by zero aborts the whole statement: nothing of the batch is saved.
    "SELECT CASE WHEN (SELECT count(*) FROM a) = (SELECT count(*) FROM e JOIN r ON r.id = e.response_id) "
    # (A literal 1 / 0 would be folded, and fail, when the statement is planned: divide by a count instead.)
    "THEN (SELECT coalesce(array_agg(id), '{}') FROM r) "
    "ELSE ARRAY[(1 / (SELECT count(*) FROM r WHERE false))::text::uuid] END"
)


def _write(items: list[tuple]) -> list[str | None]:
    """One statement for a batch of whole responses: each written only if its survey is still open and at
    the version its answers were checked against. Per item, its reference, or None if it was not written."""
    ids, survey_ids, versions, channels, references, languages = [], [], [], [], [], []
    answer_responses, answer_questions, values, texts = [], [], [], []
    for survey, questions, cleaned, channel, language in items:
        response_id = uuid.uuid4()
        ids.append(response_id)
        survey_ids.append(survey.pk)
        versions.append(survey.rules_version)
        channels.append(channel)
        references.append(_reference())
        languages.append(language)
        for code, value in cleaned.items():
            question = questions[code]
            answer_responses.append(response_id)
            answer_questions.append(question.pk)
            values.append(json.dumps(value))
            texts.append(value if question.type == QuestionType.TEXT else "")
    params = [ids, survey_ids, versions, channels, references, languages]
    params += [answer_responses, answer_questions, values, texts]
    with _binding_cursor() as cursor:
        cursor.execute(_INSERT, params)
        (written,) = cursor.fetchone()
    written = set(written)
    return [
        reference if response_id in written else None
        for response_id, reference in zip(ids, references, strict=True)
    ]


# Threads of this process that submit at the same moment share a statement and a commit (see group_commit).
_group = GroupCommit(_write)


def _insert(survey: Survey, questions: dict[str, Question], cleaned: dict[str, Any], channel, language):
    """The response's reference once it is committed, or None if the survey is closed or has changed."""
    item = (survey, questions, cleaned, channel, language)
    if connection.in_atomic_block:
        return _write([item])[0]  # inside a caller's transaction: never write other threads' responses in it
    return _group.run(item)


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
