"""A printable paper version of a survey (WeasyPrint): a response ID to type in later, and tick boxes that
mirror the questions, in large clear type."""

from __future__ import annotations

import secrets

from django.template.loader import render_to_string

from . import i18n
from .answers import default_options
from .equality import PREFER_NOT
from .models import QuestionType, Survey


def paper_pdf_bytes(*, survey: Survey, language: str = "en") -> tuple[bytes, str]:
    from weasyprint import HTML

    language = language if language in ["en", *survey.languages] else "en"
    response_id = "P-" + "".join(secrets.choice("BCDFGHJKLMNPQRSTVWXZ23456789") for _ in range(8))
    questions = []
    for q in survey.questions.all():
        text = i18n.question_text(q, language)
        options = text["options"] or default_options(q.type)
        if q.type == QuestionType.RATING:
            options = [{"value": str(i), "label": str(i)} for i in range(11)]
        if q.type == QuestionType.EQUALITY:
            options = [*options, {"value": PREFER_NOT, "label": PREFER_NOT}]
        questions.append(
            {"q": q, "text": text["text"], "hint": text["hint"], "options": options, "condition": q.show_if}
        )
    html = render_to_string(
        "listen/paper.jinja",
        {
            "survey": survey,
            "questions": questions,
            "response_id": response_id,
            "title": i18n.survey_text(survey, language, "title"),
            "introduction": i18n.survey_text(survey, language, "introduction"),
            "language": language,
            "direction": i18n.direction(language),
        },
    )
    return HTML(string=html).write_pdf(), response_id
