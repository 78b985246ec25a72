from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..answers import default_options
from ..equality import BLOCK, KEYS
from ..models import Question, QuestionType, Survey, SurveyStatus

LANGUAGE_CODE_MAX = 12


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "survey"
    slug, n = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def survey_create(
    *,
    actor: User | None,
    engagement: Engagement,
    title: str,
    introduction: str = "",
    easy_read_introduction: str = "",
    slug: str | None = None,
    languages: list[str] | None = None,
    translations: dict | None = None,
    equality_monitoring: bool = True,
    ask_for_contact: bool = True,
    contact_retention_days: int = 365,
    is_synthetic: bool = False,
    check_permission: bool = True,
) -> Survey:
    if check_permission:
        require(actor, Perm.CHANGE_ENGAGEMENT, engagement)
    if slug and Survey.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A survey with the address {slug} already exists."})
    survey = Survey(
        engagement=engagement,
        slug=slug or _unique_slug(title),
        title=title,
        introduction=introduction,
        easy_read_introduction=easy_read_introduction,
        has_easy_read=bool(easy_read_introduction),
        languages=[code for code in (languages or []) if code and code != "en"],
        translations=translations or {},
        equality_monitoring=equality_monitoring,
        ask_for_contact=ask_for_contact,
        contact_retention_days=contact_retention_days,
        is_synthetic=is_synthetic,
    )
    survey.full_clean()
    survey.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=survey,
        organisation=engagement.organisation,
        summary=f"Created survey {title}",
    )
    return survey


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    type: str,
    text: str,
    code: str | None = None,
    hint: str = "",
    required: bool = False,
    options: list | None = None,
    show_if: dict | None = None,
    section: str = "",
    easy_read_text: str = "",
    easy_read_image: str = "",
    easy_read_image_alt: str = "",
    translations: dict | None = None,
    equality_key: str = "",
) -> Question:
    if type not in QuestionType.values:
        raise ValidationError(
            {"type": f"Unknown question type {type!r}; use one of {', '.join(QuestionType.values)}"}
        )
    order = (survey.questions.aggregate(m=Max("order"))["m"] or 0) + 10
    normalised = [
        o if isinstance(o, dict) else {"value": str(o), "label": str(o)}
        for o in (options or default_options(type))
    ]
    if type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.EQUALITY) and not normalised:
        raise ValidationError({"options": "A choice question needs at least one option."})
    if easy_read_image and not easy_read_image_alt.strip():
        raise ValidationError(
            {"easy_read_image_alt": "An easy-read picture needs alt text saying what it shows."}
        )
    code = code or slugify(text)[:50] or f"q{order}"
    if show_if:
        earlier = survey.questions.filter(code=show_if.get("question")).first()
        if earlier is None:
            raise ValidationError(
                {"show_if": f"Skip logic refers to an unknown question {show_if.get('question')!r}."}
            )
    question = Question(
        survey=survey,
        code=code,
        order=order,
        type=type,
        text=text,
        hint=hint,
        required=required,
        options=normalised,
        show_if=show_if or {},
        section=section,
        easy_read_text=easy_read_text,
        easy_read_image=easy_read_image,
        easy_read_image_alt=easy_read_image_alt,
        translations=translations or {},
        equality_key=equality_key,
    )
    question.full_clean()
    question.save()
    if easy_read_text and not survey.has_easy_read:
        Survey.objects.filter(pk=survey.pk).update(has_easy_read=True)
    return question


@transaction.atomic
def survey_add_equality_block(*, survey: Survey, keys: list[str] | None = None) -> list[Question]:
    """Append the standard, optional equality monitoring questions (ONS Census 2021 categories)."""
    questions = []
    for key in keys or KEYS:
        if survey.questions.filter(equality_key=key).exists():
            continue
        text, hint, options = BLOCK[key]
        questions.append(
            question_add(
                survey=survey,
                type=QuestionType.EQUALITY,
                code=f"eq-{key.replace('_', '-')}",
                text=text,
                hint=hint,
                options=[{"value": v, "label": label} for v, label in options],
                section="About you",
                equality_key=key,
            )
        )
    return questions


TRANSITIONS = {
    SurveyStatus.DRAFT: {SurveyStatus.OPEN},
    SurveyStatus.OPEN: {SurveyStatus.CLOSED},
    SurveyStatus.CLOSED: {SurveyStatus.OPEN},
}


@transaction.atomic
def survey_set_status(
    *, actor: User | None, survey: Survey, status: str, check_permission: bool = True
) -> Survey:
    if check_permission:
        require(actor, Perm.CHANGE_ENGAGEMENT, survey.engagement)
    if status not in TRANSITIONS[survey.status]:
        raise ValidationError(f"A {survey.status} survey cannot become {status}.")
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise ValidationError("Add at least one question before opening the survey.")
    before = survey.status
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=survey,
        organisation=survey.engagement.organisation,
        summary=f"Survey {before} → {status}",
    )
    return survey


@transaction.atomic
def survey_translate(
    *,
    actor: User | None,
    survey: Survey,
    language: str,
    title: str = "",
    introduction: str = "",
    questions: dict[str, str] | None = None,
) -> Survey:
    """Save staff's translation of a survey into `language`; empty fields fall back to English."""
    require(actor, Perm.CHANGE_ENGAGEMENT, survey.engagement)
    language = language.strip().lower()
    if (
        not language
        or language == "en"
        or len(language) > LANGUAGE_CODE_MAX
        or not language.replace("-", "").isalpha()
    ):
        raise ValidationError({"language": "Use a language code such as ur, pl or pa"})
    translations = dict(survey.translations or {})
    entry = dict(translations.get(language, {}))
    entry.update({k: v.strip() for k, v in (("title", title), ("introduction", introduction)) if v.strip()})
    translations[language] = entry
    survey.translations = translations
    if language not in survey.languages:
        survey.languages = [*survey.languages, language]
    survey.save(update_fields=["translations", "languages", "updated_at"])
    for question in survey.questions.all():
        text = (questions or {}).get(question.code, "").strip()
        if text:
            question.translations = {
                **(question.translations or {}),
                language: {**(question.translations or {}).get(language, {}), "text": text},
            }
            question.save(update_fields=["translations", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=survey,
        organisation=survey.engagement.organisation,
        summary=f"Translated into {language}",
    )
    return survey
