"""Survey as a YAML file: `folkmoot survey export SLUG > s.yaml` and `folkmoot survey import s.yaml`.

The schema is documented in docs/survey-schema.md beside this app; a test checks the document and the code agree.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from folkmoot.core.models import Engagement, User

from . import services
from .answers import default_options
from .models import QuestionType, Survey

FORMAT_VERSION = 1
SURVEY_FIELDS = {
    "folkmoot_survey",
    "engagement",
    "slug",
    "title",
    "introduction",
    "easy_read_introduction",
    "languages",
    "translations",
    "equality_monitoring",
    "ask_for_contact",
    "contact_retention_days",
    "questions",
}
QUESTION_FIELDS = {
    "code",
    "type",
    "text",
    "hint",
    "required",
    "section",
    "options",
    "show_if",
    "easy_read_text",
    "easy_read_image",
    "easy_read_image_alt",
    "translations",
    "equality_key",
}


def survey_to_dict(survey: Survey) -> dict[str, Any]:
    questions = []
    for q in survey.questions.all():
        item: dict[str, Any] = {"code": q.code, "type": q.type, "text": q.text}
        for name in (
            "hint",
            "section",
            "easy_read_text",
            "easy_read_image",
            "easy_read_image_alt",
            "equality_key",
        ):
            if getattr(q, name):
                item[name] = getattr(q, name)
        if q.required:
            item["required"] = True
        if q.options and q.options != default_options(q.type):
            item["options"] = q.options
        if q.show_if:
            item["show_if"] = q.show_if
        if q.translations:
            item["translations"] = q.translations
        questions.append(item)
    data: dict[str, Any] = {
        "folkmoot_survey": FORMAT_VERSION,
        "engagement": {"organisation": survey.engagement.organisation.slug, "slug": survey.engagement.slug},
        "slug": survey.slug,
        "title": survey.title,
        "introduction": survey.introduction,
        "easy_read_introduction": survey.easy_read_introduction,
        "languages": survey.languages,
        "translations": survey.translations,
        "equality_monitoring": survey.equality_monitoring,
        "ask_for_contact": survey.ask_for_contact,
        "contact_retention_days": survey.contact_retention_days,
        "questions": questions,
    }
    return data


def survey_export_yaml(survey: Survey) -> str:
    return yaml.safe_dump(survey_to_dict(survey), sort_keys=False, allow_unicode=True, width=100)


def parse_yaml(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ValidationError(f"The file is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ValidationError("The file must hold one survey (a YAML mapping with title and questions).")
    errors = []
    unknown = sorted(set(data) - SURVEY_FIELDS)
    if unknown:
        errors.append(
            f"Unknown survey fields: {', '.join(unknown)} (allowed: {', '.join(sorted(SURVEY_FIELDS))})"
        )
    if data.get("folkmoot_survey") != FORMAT_VERSION:
        errors.append(f"folkmoot_survey must be {FORMAT_VERSION} (the format version)")
    if not str(data.get("title", "")).strip():
        errors.append("title is missing")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        errors.append("questions must be a list with at least one question")
        questions = []
    seen = set()
    for number, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            errors.append(f"question {number}: must be a mapping")
            continue
        bad = sorted(set(q) - QUESTION_FIELDS)
        if bad:
            errors.append(f"question {number}: unknown fields {', '.join(bad)}")
        if q.get("type") not in QuestionType.values:
            errors.append(f"question {number}: type must be one of {', '.join(QuestionType.values)}")
        if not str(q.get("text", "")).strip():
            errors.append(f"question {number}: text is missing")
        code = q.get("code")
        if code in seen:
            errors.append(f"question {number}: code {code!r} is used twice")
        seen.add(code)
        rule = q.get("show_if")
        if rule and rule.get("question") not in seen:
            errors.append(
                f"question {number}: show_if refers to {rule.get('question')!r}, which is not an earlier question"
            )
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def survey_import(
    *,
    data: dict[str, Any],
    actor: User | None,
    engagement: Engagement | None = None,
    slug: str | None = None,
    check_permission: bool = True,
) -> Survey:
    """Create a survey from parsed YAML. All or nothing: a bad question leaves nothing behind."""
    if engagement is None:
        ref = data.get("engagement") or {}
        engagement = Engagement.objects.filter(
            organisation__slug=ref.get("organisation"), slug=ref.get("slug")
        ).first()
        if engagement is None:
            raise ValidationError(
                f"No engagement {ref.get('organisation')}/{ref.get('slug')}; name one with --engagement ID"
            )
    survey = services.survey_create(
        actor=actor,
        engagement=engagement,
        title=data["title"],
        slug=slug or data.get("slug"),
        introduction=data.get("introduction") or "",
        easy_read_introduction=data.get("easy_read_introduction") or "",
        languages=data.get("languages") or [],
        translations=data.get("translations") or {},
        equality_monitoring=data.get("equality_monitoring", True),
        ask_for_contact=data.get("ask_for_contact", True),
        contact_retention_days=int(data.get("contact_retention_days", 365)),
        check_permission=check_permission,
    )
    for number, q in enumerate(data["questions"], start=1):
        try:
            services.question_add(
                survey=survey,
                type=q["type"],
                code=q.get("code"),
                text=q["text"],
                hint=q.get("hint", ""),
                required=bool(q.get("required", False)),
                options=q.get("options"),
                show_if=q.get("show_if"),
                section=q.get("section", ""),
                easy_read_text=q.get("easy_read_text", ""),
                easy_read_image=q.get("easy_read_image", ""),
                easy_read_image_alt=q.get("easy_read_image_alt", ""),
                translations=q.get("translations"),
                equality_key=q.get("equality_key", ""),
            )
        except ValidationError as exc:
            raise ValidationError(f"question {number}: {' '.join(exc.messages)}") from None
    return survey
