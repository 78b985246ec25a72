"""Public survey pages: no sign-in, one question per page, check your answers, save and come back later.

Every page works without JavaScript. A response is acknowledged only after it is committed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import i18n, selectors, services
from ..answers import display_value, is_visible
from ..equality import EXPLANATION, PREFER_NOT
from ..models import (
    ContactChannel,
    ContactFormat,
    FormatRequest,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
)
from ..services.responses import answers_by_code

SESSION_KEY = "listen:{slug}"
HONEYPOT = "website"


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_limited(request: HttpRequest, bucket: str, limit: int) -> bool:
    key = f"listen:rate:{bucket}:{_client_ip(request)}"
    added = cache.add(key, 1, timeout=3600)
    count = 1 if added else cache.incr(key)
    return count > limit


def _response(request: HttpRequest, survey: Survey) -> Response | None:
    response_id = request.session.get(SESSION_KEY.format(slug=survey.slug))
    if not response_id:
        return None
    return Response.objects.filter(pk=response_id, survey=survey, status=ResponseStatus.IN_PROGRESS).first()


def _language(request: HttpRequest, survey: Survey, response: Response | None = None) -> str:
    requested = (
        request.GET.get("lang")
        or (response.language if response else "")
        or request.session.get("listen:lang")
    )
    language = requested if requested in ["en", *survey.languages] else "en"
    request.session["listen:lang"] = language
    return language


def _context(request: HttpRequest, survey: Survey, language: str, easy_read: bool, **extra) -> dict:
    languages = [
        {"code": code, "name": i18n.LANGUAGE_NAMES.get(code, code)} for code in ["en", *survey.languages]
    ]
    return {
        "survey": survey,
        "title": i18n.survey_text(survey, language, "title"),
        "language": language,
        "languages": languages if len(languages) > 1 else [],
        "easy_read": easy_read,
        "ui": i18n.ui(survey, language),
        "htmlLang": language,
        "htmlAttributes": {"dir": i18n.direction(language)},
        "page_title": extra.pop("page_title", i18n.survey_text(survey, language, "title")),
        **extra,
    }


def start(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    response = _response(request, survey)
    language = _language(request, survey, response)
    easy_read = request.GET.get("easy") == "1" or (response.easy_read if response else False)
    if request.method == "POST":
        if survey.status != "open":
            raise Http404("This survey is closed")
        if request.POST.get(HONEYPOT):
            return redirect("listen:start", slug=slug)  # a bot: quietly ignore
        if _rate_limited(request, "start", settings.FOLKMOOT_SUBMITS_PER_HOUR_PER_IP):
            return render(
                request,
                "listen/rate_limited.jinja",
                _context(request, survey, language, easy_read),
                status=429,
            )
        response = services.response_start(
            survey=survey, language=language, easy_read=request.POST.get("easy_read") == "1"
        )
        request.session[SESSION_KEY.format(slug=slug)] = str(response.pk)
        return redirect(_next_url(survey, response))
    return render(
        request,
        "listen/start.jinja",
        _context(
            request,
            survey,
            language,
            easy_read,
            introduction=i18n.survey_text(survey, language, "introduction", easy_read),
            in_progress=response,
            question_count=survey.questions.count(),
        ),
    )


def _next_url(survey: Survey, response: Response, after_order: int | None = None) -> str:
    answers = answers_by_code(response)
    for question in survey.questions.all():
        if after_order is not None and question.order <= after_order:
            continue
        if is_visible(question, answers):
            return reverse("listen:question", args=[survey.slug, question.code])
    return reverse("listen:check", args=[survey.slug])


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    response = _response(request, survey)
    if response is None:
        return redirect("listen:start", slug=slug)
    item = survey.questions.filter(code=code).first()
    if item is None:
        raise Http404("No such question")
    language = _language(request, survey, response)
    answers = answers_by_code(response)
    error = None
    value = answers.get(code)
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return redirect("listen:start", slug=slug)
        raw = (
            request.POST.getlist("answer")
            if item.type == QuestionType.MULTIPLE
            else request.POST.get("answer", "")
        )
        try:
            services.answer_save(response=response, question=item, raw=raw)
        except ValidationError as exc:
            error, value = " ".join(exc.messages), raw
        else:
            if request.POST.get("save_later"):
                return redirect("listen:saved", slug=slug)
            if request.GET.get("from") == "check":
                return redirect("listen:check", slug=slug)
            return redirect(_next_url(survey, response, after_order=item.order))
    visible = [q for q in survey.questions.all() if is_visible(q, answers)]
    position = next((i for i, q in enumerate(visible, start=1) if q.pk == item.pk), None)
    previous = visible[position - 2] if position and position > 1 else None
    return render(
        request,
        "listen/question.jinja",
        _context(
            request,
            survey,
            language,
            response.easy_read,
            page_title=i18n.question_text(item, language, response.easy_read)["text"][:80],
            question=item,
            q=i18n.question_text(item, language, response.easy_read),
            value=value,
            error=error,
            position=position,
            total=len(visible),
            previous=previous,
            prefer_not=PREFER_NOT,
            equality_explanation=EXPLANATION
            if item.type == QuestionType.EQUALITY
            and (previous is None or previous.type != QuestionType.EQUALITY)
            else "",
            from_check=request.GET.get("from") == "check",
        ),
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    response = _response(request, survey)
    if response is None:
        return redirect("listen:start", slug=slug)
    language = _language(request, survey, response)
    errors: list[dict] = []
    if request.method == "POST":
        try:
            submitted = services.response_submit(response=response)
        except ValidationError as exc:
            missing = services.responses.missing_required(survey, answers_by_code(response))
            errors = [
                {"text": message, "href": reverse("listen:question", args=[slug, q.code]) + "?from=check"}
                for message, q in zip(exc.messages, missing, strict=False)
            ]
        else:
            request.session.pop(SESSION_KEY.format(slug=slug), None)
            request.session[f"listen:done:{submitted.reference}"] = True
            return redirect("listen:done", slug=slug, reference=submitted.reference)
    answers = answers_by_code(response)
    rows = [
        {
            "key": {"text": i18n.question_text(q, language, response.easy_read)["text"]},
            "value": {"text": display_value(q, answers.get(q.code))},
            "actions": {
                "items": [
                    {
                        "href": reverse("listen:question", args=[slug, q.code]) + "?from=check",
                        "text": i18n.ui(survey, language)["change"],
                        "visuallyHiddenText": q.text[:60],
                    }
                ]
            },
        }
        for q in survey.questions.all()
        if is_visible(q, answers)
    ]
    return render(
        request,
        "listen/check.jinja",
        _context(
            request,
            survey,
            language,
            response.easy_read,
            page_title="Check your answers",
            rows=rows,
            errors=errors,
        ),
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def done(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    if not request.session.get(f"listen:done:{reference}"):
        raise Http404("No such response")
    language = _language(request, survey)
    form_errors: dict[str, str] = {}
    contact_saved = request.session.get(f"listen:contact:{reference}", False)
    values = {}
    if request.method == "POST" and survey.ask_for_contact and not contact_saved:
        values = {
            k: request.POST.get(k, "") for k in ("channel", "name", "email", "phone", "address", "format")
        }
        if request.POST.get(HONEYPOT):
            return redirect("listen:done", slug=slug, reference=reference)
        try:
            services.contact_add(
                survey=survey,
                channel=values["channel"],
                name=values["name"],
                email=values["email"],
                phone=values["phone"],
                address=values["address"],
                format=values["format"] or ContactFormat.STANDARD,
                language=language,
            )
        except ValidationError as exc:
            form_errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
        else:
            request.session[f"listen:contact:{reference}"] = True
            contact_saved = True
    return render(
        request,
        "listen/done.jinja",
        _context(
            request,
            survey,
            language,
            False,
            page_title="Your answers have been sent",
            reference=reference,
            contact_saved=contact_saved,
            form_errors=form_errors,
            values=values,
            channels=ContactChannel.choices,
            formats=ContactFormat.choices,
        ),
        status=400 if form_errors else 200,
    )


def saved(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    response = _response(request, survey)
    if response is None:
        return redirect("listen:start", slug=slug)
    link = request.build_absolute_uri(reverse("listen:resume", args=[slug, response.resume_token]))
    language = _language(request, survey, response)
    return render(
        request,
        "listen/saved.jinja",
        _context(
            request, survey, language, response.easy_read, page_title="Your answers are saved", link=link
        ),
    )


def resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    response = Response.objects.filter(
        survey=survey, resume_token=token, status=ResponseStatus.IN_PROGRESS
    ).first()
    if response is None:
        raise Http404("This link has expired or the answers were already sent")
    request.session[SESSION_KEY.format(slug=slug)] = str(response.pk)
    answers = answers_by_code(response)
    for item in survey.questions.all():
        if is_visible(item, answers) and item.code not in answers:
            return redirect("listen:question", slug=slug, code=item.code)
    return redirect("listen:check", slug=slug)


@require_http_methods(["GET", "POST"])
def other_format(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_public_get(slug=slug)
    language = _language(request, survey)
    errors: dict[str, str] = {}
    values = {"format": "", "contact": "", "details": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        if not request.POST.get(HONEYPOT):
            try:
                if values["format"] not in FormatRequest.Format.values:
                    raise ValidationError({"format": "Choose the format you need"})
                services.format_request_create(survey=survey, **values)
            except ValidationError as exc:
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                return render(
                    request,
                    "listen/format_sent.jinja",
                    _context(request, survey, language, False, page_title="Request sent"),
                )
    return render(
        request,
        "listen/other_format.jinja",
        _context(
            request,
            survey,
            language,
            False,
            page_title="Ask for another format",
            errors=errors,
            values=values,
            formats=FormatRequest.Format.choices,
        ),
        status=400 if errors else 200,
    )


def easy_read_image(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The picture of a question's easy-read slot (uploaded by staff), served from storage."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse

    from ..services.easy_read import CONTENT_TYPES

    question = (
        Question.objects.filter(survey__slug=slug, code=code)
        .exclude(easy_read_image="")
        .only("easy_read_image")
        .first()
    )
    if question is None or not default_storage.exists(question.easy_read_image):
        raise Http404("No picture here")
    extension = question.easy_read_image.rsplit(".", 1)[-1]
    response = FileResponse(
        default_storage.open(question.easy_read_image, "rb"),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
