"""Reads for Listen, and the contracts other stages rely on (docs/contracts.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from folkmoot.core.models import Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.selectors import engagements_visible_to

from .answers import default_options
from .equality import KEYS, PREFER_NOT
from .models import (
    Answer,
    Contact,
    ContactChannel,
    EventRecord,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)

AGE_BANDS_5 = [(lo, lo + 4) for lo in range(0, 90, 5)]


def survey_public_get(*, slug: str) -> Survey:
    survey = Survey.objects.select_related("engagement__organisation").filter(slug=slug).first()
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise Http404("No such survey")
    return survey


def survey_get(*, user: User, slug: str, perm: Perm = Perm.VIEW_ENGAGEMENT) -> Survey:
    survey = Survey.objects.select_related("engagement__organisation").filter(slug=slug).first()
    if survey is None or not engagements_visible_to(user=user).filter(pk=survey.engagement_id).exists():
        raise Http404("No such survey")
    require(user, perm, survey.engagement)
    return survey


def surveys_for_engagement(*, engagement: Engagement) -> QuerySet[Survey]:
    return Survey.objects.filter(engagement=engagement).annotate(
        submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
    )


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.all())


def _submitted(engagement: Engagement | None, survey: Survey | None) -> QuerySet[Response]:
    responses = Response.objects.filter(status=ResponseStatus.SUBMITTED)
    if survey is not None:
        responses = responses.filter(survey=survey)
    if engagement is not None:
        responses = responses.filter(survey__engagement=engagement)
    return responses


def _age_band(age: Any) -> str | None:
    try:
        years = int(age)
    except (TypeError, ValueError):
        return None
    if years >= 90:
        return "90+"
    for lo, hi in AGE_BANDS_5:
        if lo <= years <= hi:
            return f"{lo}-{hi}"
    return None


def respondent_rows(*, engagement: Engagement | None = None, survey: Survey | None = None) -> list[dict]:
    """One anonymous row per submitted response with channel, partner and equality answers (contracts.md).

    Special category data: the caller must check Perm.VIEW_EQUALITY_DATA before showing rows to a person.
    """
    responses = (
        _submitted(engagement, survey)
        .select_related("survey", "partner")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(
                    Q(question__type=QuestionType.EQUALITY)
                    | Q(question__type=QuestionType.POSTCODE)
                    | Q(question__code="age")
                ).select_related("question"),
            )
        )
        .order_by("submitted_at")
    )
    rows = []
    for response in responses:
        row: dict[str, Any] = {
            "response_id": str(response.pk),
            "survey": response.survey.slug,
            "channel": response.channel,
            "partner": response.partner.slug if response.partner else "",
            "submitted_at": response.submitted_at,
            "age": None,
            "postcode": None,
            **{key: None for key in KEYS},
        }
        for answer in response.answers.all():
            question = answer.question
            if question.equality_key:
                row[question.equality_key] = answer.value
            elif question.type == QuestionType.POSTCODE:
                row["postcode"] = answer.value
            elif question.code == "age":
                row["age"] = answer.value
        if row["age_band"] is None and row["age"] is not None:
            row["age_band"] = _age_band(row["age"])
        rows.append(row)
    return rows


def question_results(*, survey: Survey) -> list[dict]:
    """Raw counts per question and option; consumers apply disclosure control before publishing."""
    counts: dict[int, Counter] = {}
    answered: Counter = Counter()
    for question_id, value in Answer.objects.filter(
        response__survey=survey, response__status=ResponseStatus.SUBMITTED
    ).values_list("question_id", "value"):
        answered[question_id] += 1
        bucket = counts.setdefault(question_id, Counter())
        for item in value if isinstance(value, list) else [value]:
            bucket[str(item)] += 1
    results = []
    for question in survey.questions.all():
        options = question.options or default_options(question.type)
        if question.type == QuestionType.RATING:
            options = [{"value": str(i), "label": str(i)} for i in range(11)]
        if question.type == QuestionType.EQUALITY:
            options = [*options, {"value": PREFER_NOT, "label": PREFER_NOT}]
        bucket = counts.get(question.pk, Counter())
        results.append(
            {
                "question_id": question.pk,
                "code": question.code,
                "text": question.text,
                "type": question.type,
                "options": [
                    {"value": str(o["value"]), "label": o["label"], "count": bucket.get(str(o["value"]), 0)}
                    for o in options
                ],
                "n_answered": answered.get(question.pk, 0),
            }
        )
    return results


def free_text_answers(
    *,
    engagement: Engagement | None = None,
    survey: Survey | None = None,
    organisation: Organisation | None = None,
) -> QuerySet[Answer]:
    answers = Answer.objects.filter(
        question__type=QuestionType.TEXT, response__status=ResponseStatus.SUBMITTED
    )
    if survey is not None:
        answers = answers.filter(response__survey=survey)
    if engagement is not None:
        answers = answers.filter(response__survey__engagement=engagement)
    if organisation is not None:
        answers = answers.filter(response__survey__engagement__organisation=organisation)
    return answers.select_related("question", "response__survey").order_by("response__submitted_at", "id")


def contacts_for_feedback(*, engagement: Engagement) -> QuerySet[Contact]:
    """People who asked to hear back and have not asked to be forgotten. Callers audit what they read."""
    return (
        Contact.objects.filter(survey__engagement=engagement, forgotten_at__isnull=True)
        .exclude(channel=ContactChannel.NONE)
        .order_by("created_at")
    )


def channel_counts(*, engagement: Engagement) -> dict[str, int]:
    rows = (
        _submitted(engagement, None)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    return dict(rows)


def events_for_engagement(*, engagement: Engagement) -> QuerySet[EventRecord]:
    return EventRecord.objects.filter(engagement=engagement).select_related("partner")


def response_count(*, survey: Survey) -> int:
    return survey.responses.filter(status=ResponseStatus.SUBMITTED).count()


def partner_activity(*, organisation: Organisation) -> list[dict]:
    """Contract (Reach's contact history): what a community partner organisation did in Listen, oldest first.

    One dict per event or focus group it ran (`kind` "event") and one per engagement it collected submitted
    responses for (`kind` "response", with the count and the date of the last one; never the answers):
    `on` (date), `kind`, `engagement` (Engagement), `summary` (str), `count` (int)."""
    out: list[dict] = []
    for event in EventRecord.objects.filter(partner=organisation).select_related("engagement__organisation"):
        out.append(
            {
                "on": event.held_on,
                "kind": "event",
                "engagement": event.engagement,
                "summary": f"{event.get_kind_display()} at {event.place}, {event.attendance} came",
                "count": event.attendance,
            }
        )
    collected = (
        Response.objects.filter(partner=organisation, status=ResponseStatus.SUBMITTED)
        .values("survey__engagement")
        .annotate(n=Count("id"), last=Max("submitted_at"))
    )
    engagements = Engagement.objects.select_related("organisation").in_bulk(
        [row["survey__engagement"] for row in collected]
    )
    for row in collected:
        out.append(
            {
                "on": row["last"].date() if row["last"] else None,
                "kind": "response",
                "engagement": engagements[row["survey__engagement"]],
                "summary": f"Collected {row['n']} {'response' if row['n'] == 1 else 'responses'}",
                "count": row["n"],
            }
        )
    return sorted((r for r in out if r["on"] is not None), key=lambda r: r["on"])
