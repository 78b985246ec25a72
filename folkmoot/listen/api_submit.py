"""POST /api/listen/surveys/<slug>/responses/: a whole response from a kiosk, an app or a partner's offline tool.

The busiest request Folkmoot serves, so it is a plain Django view rather than a DRF one: JSON in, JSON out, no
sign-in, no content negotiation, no serializer. It calls the same service as everything else
(services.response_send_public) and answers 201 with the reference only after the response is committed.

SubmitShortcut, a middleware placed just after SecurityMiddleware, hands these requests to the view before
the rest of the middleware and the URL resolver: sessions, CSRF, authentication, messages, login lockout and
static files have nothing to do for an anonymous JSON post. The view sets the two headers that matter for a
JSON response itself (no framing, no active content), so it answers the same with or without the shortcut.
Errors keep DRF's shape: {"field": ["message"]} or {"detail": "message"}.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import services
from .models import Channel

PATH = re.compile(r"/api/listen/surveys/(?P<slug>[-a-zA-Z0-9_]+)/responses/")
LANGUAGE_MAX = 12
HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


def _json(data: Any, status: int, **headers: str) -> HttpResponse:
    body = json.dumps(data).encode()
    response = HttpResponse(body, content_type="application/json", status=status)
    # (CommonMiddleware, skipped here, would set it: without it gunicorn sends the body chunked.)
    response.headers["Content-Length"] = str(len(body))
    for name, value in {**HEADERS, **headers}.items():
        response.headers[name] = value
    return response


def _seconds_over_limit(request: HttpRequest) -> float:
    """0 while this address is within its hourly limit, else the seconds until the next hour starts.

    One counter per address per clock hour in Django's cache: the same small cost for the first request and
    the ten-thousandth, and no database round trip."""
    limit = getattr(settings, "FOLKMOOT_SUBMITS_PER_HOUR_PER_IP", 120)
    now = time.time()
    key = f"listen:rate:api-submit:{request.META.get('REMOTE_ADDR', 'unknown')}:{int(now // 3600)}"
    if cache.add(key, 1, timeout=3700):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.set(key, 1, timeout=3700)
            count = 1
    return 0.0 if count <= limit else 3600 - now % 3600


def _parse(request: HttpRequest) -> tuple[dict | None, dict]:
    """(the submission, no errors) or (None, {field: [message]})."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, {"detail": f"The body is not valid JSON: {exc}"}
    if not isinstance(data, dict):
        return None, {"non_field_errors": ["Send a JSON object with an answers object."]}
    errors: dict[str, list[str]] = {}
    answers = data.get("answers")
    if not isinstance(answers, dict):
        errors["answers"] = ["This field is required." if answers is None else "Expected an object of answers."]
    channel = data.get("channel", Channel.ONLINE)
    if channel not in Channel.values:
        errors["channel"] = [f'"{channel}" is not a valid choice.']
    language = data.get("language", "en")
    if not isinstance(language, str) or not language or len(language) > LANGUAGE_MAX:
        errors["language"] = [f"Give a language code of at most {LANGUAGE_MAX} characters."]
    if errors:
        return None, errors
    return {"answers": answers, "channel": channel, "language": language}, {}


@csrf_exempt
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a whole response at once. The reference is returned only after the response is committed."""
    if request.method != "POST":
        return _json({"detail": f'Method "{request.method}" not allowed.'}, 405, Allow="POST")
    if request.content_type != "application/json":
        return _json({"detail": "Send the response as application/json."}, 415)
    wait = _seconds_over_limit(request)
    if wait:
        return _json(
            {"detail": f"Too many responses from this address. Try again in {int(wait)} seconds."},
            429,
            **{"Retry-After": str(int(wait))},
        )
    submission, errors = _parse(request)
    if submission is None:
        return _json(errors, 400)
    try:
        reference = services.response_send_public(slug=slug, **submission)
    except services.SurveyNotOpen:
        return _json({"detail": "No open survey here"}, 404)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            return _json({field: list(messages) for field, messages in exc.message_dict.items()}, 400)
        return _json({"detail": exc.messages}, 400)
    return _json({"reference": reference}, 201)


class SubmitShortcut:
    """Answer submissions before the rest of the middleware and the URL resolver (see the module docstring)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            match = PATH.fullmatch(request.path_info)
            if match:
                return submit(request, match["slug"])
        return self.get_response(request)


def document_submit(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the schema of this plain view, which DRF cannot see."""
    result.setdefault("paths", {})["/api/listen/surveys/{slug}/responses/"] = {
        "post": {
            "operationId": "listen_surveys_responses_create",
            "summary": "Submit a response to an open survey (no sign-in)",
            "description": __doc__.split("\n\n")[1].replace("\n", " "),
            "tags": ["listen"],
            "security": [],
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["answers"],
                            "properties": {
                                "answers": {"type": "object", "description": "{question code: answer}"},
                                "channel": {"type": "string", "enum": Channel.values, "default": "online"},
                                "language": {"type": "string", "maxLength": LANGUAGE_MAX, "default": "en"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Committed",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["reference"],
                                "properties": {"reference": {"type": "string"}},
                            }
                        }
                    },
                },
                "400": {"description": "{question code: [message]} for every problem; nothing saved"},
                "404": {"description": "No open survey has this address"},
                "415": {"description": "Not JSON"},
                "429": {"description": "Too many responses from this address this hour (see Retry-After)"},
            },
        }
    }
    return result
