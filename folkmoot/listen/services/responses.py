from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..answers import clean_answer, is_visible
from ..models import Answer, Channel, EventRecord, Question, Response, ResponseStatus, Survey, SurveyStatus


def response_start(
    *,
    survey: Survey,
    language: str = "en",
    easy_read: bool = False,
    channel: str = Channel.ONLINE,
    partner: Organisation | None = None,
) -> Response:
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("This survey is not open.")
    language = language if language in ["en", *survey.languages] else "en"
    return Response.objects.create(
        survey=survey, language=language, easy_read=easy_read, channel=channel, partner=partner
    )


@transaction.atomic
def answer_save(*, response: Response, question: Question, raw: Any) -> Answer | None:
    """Save (or clear) one answer of an unfinished response. Raises ValidationError with a plain message."""
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ValidationError("This response has already been sent.")
    if question.survey_id != response.survey_id:
        raise ValidationError("That question is not part of this survey.")
    value = clean_answer(question, raw)
    if value is None:
        Answer.objects.filter(response=response, question=question).delete()
        return None
    answer, _ = Answer.objects.update_or_create(
        response=response,
        question=question,
        defaults={
            "value": value,
            "text": value if isinstance(value, str) and question.type == "text" else "",
        },
    )
    return answer


def answers_by_code(response: Response) -> dict[str, Any]:
    return {a.question.code: a.value for a in response.answers.select_related("question")}


def missing_required(
    survey: Survey, answers: dict[str, Any], questions: list[Question] | None = None
) -> list[Question]:
    """Required questions still unanswered; pass `questions` when you have them, to save a query."""
    return [
        q
        for q in (survey.questions.all() if questions is None else questions)
        if q.required and is_visible(q, answers) and answers.get(q.code) in (None, "", [])
    ]


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    """Send a finished response. Returns only after the commit, so an acknowledgement is never lost."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        return response  # pressing "Send" twice sends once
    answers = answers_by_code(response)
    missing = missing_required(response.survey, answers)
    if missing:
        raise ValidationError([f"Answer “{q.text}”" for q in missing])
    # Answers to questions hidden by skip logic (the person changed an earlier answer) are not kept.
    hidden = [q.pk for q in response.survey.questions.all() if not is_visible(q, answers)]
    Answer.objects.filter(response=response, question_id__in=hidden).delete()
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_at"])
    return response


@transaction.atomic
def response_record(
    *,
    survey: Survey,
    answers: dict[str, Any],
    channel: str,
    actor: User | None = None,
    partner: Organisation | None = None,
    source_id: str = "",
    content_hash: str = "",
    submitted_at: dt.datetime | None = None,
    language: str = "en",
    check_permission: bool = True,
    is_synthetic: bool = False,
) -> Response:
    """Record a whole response at once (paper, phone, event entry by staff or partners; imports).

    Every answer is checked; ValidationError carries {question code: message} and nothing is saved.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": f"Unknown channel {channel!r}"})
    if check_permission:
        require(actor, Perm.ENTER_RESPONSES, survey.engagement)
    questions = {q.code: q for q in survey.questions.all()}
    errors: dict[str, str] = {}
    if source_id and Response.objects.filter(survey=survey, source_id=source_id).exists():
        errors["source_id"] = f"A response with the ID {source_id} has already been entered"
    cleaned = clean_whole(survey, questions, answers, errors)
    response = Response.objects.create(
        survey=survey,
        channel=channel,
        partner=partner,
        status=ResponseStatus.SUBMITTED,
        submitted_at=submitted_at or timezone.now(),
        source_id=source_id,
        content_hash=content_hash,
        entered_by=actor if (actor is not None and actor.is_authenticated) else None,
        language=language,
        is_synthetic=is_synthetic,
        resume_token="",  # sent whole: there is nothing to come back to
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=questions[code],
            value=value,
            text=value if isinstance(value, str) and questions[code].type == "text" else "",
        )
        for code, value in cleaned.items()
    )
    return response


def clean_whole(
    survey: Survey,
    questions: dict[str, Question],
    answers: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Check a whole response: {code: stored value} for the questions skip logic shows, or ValidationError
    carrying {question code: message} for every problem (plus any `errors` found already)."""
    errors = dict(errors or {})
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError({"__all__": f"Unknown question codes: {', '.join(unknown)}"})
    cleaned: dict[str, Any] = {}
    for code, question in questions.items():
        try:
            value = clean_answer(question, answers.get(code))
        except ValidationError as exc:
            errors[code] = " ".join(exc.messages)
            continue
        if value is not None:
            cleaned[code] = value
    for question in missing_required(survey, cleaned, list(questions.values())):
        errors.setdefault(question.code, "This question needs an answer")
    if errors:
        raise ValidationError(errors)
    return {code: value for code, value in cleaned.items() if is_visible(questions[code], cleaned)}


@transaction.atomic
def event_record(
    *,
    actor: User | None,
    engagement: Engagement,
    kind: str,
    held_on: dt.date,
    place: str,
    attendance: int = 0,
    notes: str = "",
    partner: Organisation | None = None,
    check_permission: bool = True,
) -> EventRecord:
    if check_permission:
        require(actor, Perm.ENTER_RESPONSES, engagement)
    event = EventRecord(
        engagement=engagement,
        kind=kind,
        held_on=held_on,
        place=place,
        attendance=attendance,
        notes=notes,
        partner=partner,
        recorded_by=actor if (actor is not None and actor.is_authenticated) else None,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        organisation=engagement.organisation,
        summary=f"Recorded {event}",
    )
    return event
