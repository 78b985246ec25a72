"""Staff pages to build a survey: create it, add questions (with skip logic), translate it, open and close it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from folkmoot.core.permissions import Perm
from folkmoot.core.selectors import engagement_get

from .. import i18n, selectors, services
from ..models import QuestionType

CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE}


def _messages(exc: ValidationError) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {k: " ".join(v) for k, v in exc.message_dict.items()}
    return {"__all__": " ".join(exc.messages)}


@login_required
def survey_new(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.CHANGE_ENGAGEMENT)
    values = {
        k: request.POST.get(k, "") for k in ("title", "introduction", "easy_read_introduction", "languages")
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        languages = [c.strip().lower() for c in values["languages"].replace(";", ",").split(",") if c.strip()]
        try:
            if not values["title"].strip():
                raise ValidationError({"title": "Enter a title"})
            survey = services.survey_create(
                actor=request.user,
                engagement=engagement,
                title=values["title"].strip(),
                introduction=values["introduction"],
                easy_read_introduction=values["easy_read_introduction"],
                languages=languages,
            )
            if request.POST.get("equality") == "1":
                services.survey_add_equality_block(survey=survey)
        except ValidationError as exc:
            errors = _messages(exc)
        else:
            messages.success(request, "Survey created. Now add its questions.")
            return redirect("listen:survey-detail", slug=survey.slug)
    return render(
        request,
        "listen/survey_new.jinja",
        {
            "page_title": "Create a survey",
            "engagement": engagement,
            "values": values,
            "errors": errors,
            "breadcrumbs": [
                {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title}
            ],
        },
        status=400 if errors else 200,
    )


@login_required
def question_new(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.CHANGE_ENGAGEMENT)
    keys = (
        "type",
        "text",
        "hint",
        "section",
        "options",
        "show_if_question",
        "show_if_equals",
        "easy_read_text",
    )
    values = {k: request.POST.get(k, "") for k in keys}
    errors: dict[str, str] = {}
    if request.method == "POST":
        options = [line.strip() for line in values["options"].splitlines() if line.strip()]
        show_if = (
            {"question": values["show_if_question"], "equals": values["show_if_equals"].strip()}
            if values["show_if_question"]
            else None
        )
        try:
            if not values["text"].strip():
                raise ValidationError({"text": "Enter the question"})
            if values["type"] in CHOICE_TYPES and not options:
                raise ValidationError({"options": "Enter the options, one on each line"})
            services.question_add(
                survey=survey,
                type=values["type"],
                text=values["text"].strip(),
                hint=values["hint"].strip(),
                required=request.POST.get("required") == "1",
                options=options or None,
                show_if=show_if,
                section=values["section"].strip(),
                easy_read_text=values["easy_read_text"].strip(),
            )
        except ValidationError as exc:
            errors = _messages(exc)
        else:
            messages.success(request, "Question added")
            return redirect("listen:survey-detail", slug=slug)
    return render(
        request,
        "listen/question_new.jinja",
        {
            "page_title": "Add a question",
            "survey": survey,
            "values": values,
            "errors": errors,
            "types": QuestionType.choices,
            "earlier": selectors.questions_of(survey),
            "breadcrumbs": [{"href": reverse("listen:survey-detail", args=[slug]), "text": survey.title}],
        },
        status=400 if errors else 200,
    )


@login_required
def translate(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """Staff enter a translation: the title, the introduction and each question's text."""
    survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.CHANGE_ENGAGEMENT)
    questions = selectors.questions_of(survey)
    if request.method == "POST":
        services.survey_translate(
            actor=request.user,
            survey=survey,
            language=language,
            title=request.POST.get("title", ""),
            introduction=request.POST.get("introduction", ""),
            questions={q.code: request.POST.get(f"q-{q.code}", "") for q in questions},
        )
        messages.success(request, f"Translation into {i18n.LANGUAGE_NAMES.get(language, language)} saved")
        return redirect("listen:survey-detail", slug=slug)
    current = (survey.translations or {}).get(language, {})
    return render(
        request,
        "listen/translate.jinja",
        {
            "page_title": f"Translate: {survey.title}",
            "survey": survey,
            "language": language,
            "language_name": i18n.LANGUAGE_NAMES.get(language, language),
            "current": current,
            "rows": [
                {"q": q, "value": (q.translations or {}).get(language, {}).get("text", "")} for q in questions
            ],
            "direction": i18n.direction(language),
            "breadcrumbs": [{"href": reverse("listen:survey-detail", args=[slug]), "text": survey.title}],
        },
    )


@login_required
@require_POST
def survey_status(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.CHANGE_ENGAGEMENT)
    try:
        services.survey_set_status(actor=request.user, survey=survey, status=request.POST.get("status", ""))
    except (ValidationError, KeyError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"The survey is now {survey.get_status_display().lower()}")
    return redirect("listen:survey-detail", slug=slug)


@login_required
def easy_read_image(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Upload the picture for a question's easy-read slot, with the words that describe it."""
    survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.CHANGE_ENGAGEMENT)
    question = get_object_or_404(survey.questions, code=code)
    errors: dict[str, str] = {}
    alt = question.easy_read_image_alt
    if request.method == "POST":
        alt = request.POST.get("alt", "")
        try:
            services.question_set_easy_read_image(
                actor=request.user, question=question, image=request.FILES.get("image"), alt=alt
            )
        except ValidationError as exc:
            errors = _messages(exc)
        else:
            messages.success(request, "Easy-read picture saved")
            return redirect("listen:survey-detail", slug=slug)
    return render(
        request,
        "listen/easy_read_image.jinja",
        {
            "page_title": "Easy-read picture",
            "survey": survey,
            "question": question,
            "alt": alt,
            "errors": errors,
            "breadcrumbs": [{"href": reverse("listen:survey-detail", args=[slug]), "text": survey.title}],
        },
        status=400 if errors else 200,
    )
