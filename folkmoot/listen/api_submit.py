"""POST /api/listen/surveys/<slug>/responses/: a whole response from a kiosk, an app or a partner's offline tool.

The busiest request Folkmoot serves, so it is a plain Django view rather than a DRF one: JSON in, JSON out, no
sign-in, no content negotiation, no serializer. It calls the same service as everything else
(services.response_send_public) and answers 201 with the reference only after the response is committed.

SubmitFirst wraps the WSGI application (folkmoot/wsgi.py, so gunicorn and runserver) and answers these requests
before Django's request handling starts: sessions, CSRF, authentication, messages, login lockout and static
files have nothing to do for an anonymous JSON post. The URL route to `submit` serves Django's test client and
anything else that calls Django directly. Both call `answer` and `_encode`, so a submission gets the same
answer and the same headers (no framing, no active content, no sniffing, HSTS when configured) by every path.
Errors keep DRF's shape: {"field": ["message"]} or {"detail": "message"}.
"""

from __future__ import annotations

import json
import logging
import re
import time
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import services
from .models import Channel
from .services.submissions import CHANNELS

logger = logging.getLogger(__name__)
PATH = re.compile(r"/api/listen/surveys/(?P<slug>[-a-zA-Z0-9_]+)/responses/")
LANGUAGE_MAX = 12
HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def _encode(data: Any, headers: dict[str, str]) -> tuple[bytes, list[tuple[str, str]]]:
    """The JSON body and every header of a submission's answer, whichever path sent it."""
    body = json.dumps(data).encode()
    # (Content-Length set here: without it gunicorn sends the body chunked.)
    all_headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *HEADERS.items()]
    if getattr(settings, "SECURE_HSTS_SECONDS", 0):
        all_headers.append(
            ("Strict-Transport-Security", f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains")
        )
    return body, [*all_headers, *headers.items()]


def _json(data: Any, status: int, **headers: str) -> HttpResponse:
    body, all_headers = _encode(data, headers)
    return HttpResponse(body, status=status, headers=dict(all_headers))


def _seconds_over_limit(address: str) -> float:
    """0 while this address is within its hourly limit, else the seconds until the next hour starts.

    One counter per address per clock hour in Django's cache: the same small cost for the first request and
    the ten-thousandth, and no database round trip."""
    limit = getattr(settings, "FOLKMOOT_SUBMITS_PER_HOUR_PER_IP", 120)
    now = time.time()
    key = f"listen:rate:api-submit:{address}:{int(now // 3600)}"
    if cache.add(key, 1, timeout=3700):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.set(key, 1, timeout=3700)
            count = 1
    return 0.0 if count <= limit else 3600 - now % 3600


def _parse(body: bytes) -> tuple[dict | None, dict]:
    """(the submission, no errors) or (None, {field: [message]})."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, {"detail": f"The body is not valid JSON: {exc}"}
    if not isinstance(data, dict):
        return None, {"non_field_errors": ["Send a JSON object with an answers object."]}
    errors: dict[str, list[str]] = {}
    answers = data.get("answers")
    if not isinstance(answers, dict):
        errors["answers"] = [
            "This field is required." if answers is None else "Expected an object of answers."
        ]
    channel = data.get("channel", Channel.ONLINE)
    if not isinstance(channel, str) or channel not in CHANNELS:
        errors["channel"] = [f'"{channel}" is not a valid choice.']
    language = data.get("language", "en")
    if not isinstance(language, str) or not language or len(language) > LANGUAGE_MAX:
        errors["language"] = [f"Give a language code of at most {LANGUAGE_MAX} characters."]
    if errors:
        return None, errors
    return {"answers": answers, "channel": channel, "language": language}, {}


def answer(*, method: str, content_type: str, address: str, body: bytes, slug: str) -> tuple[int, Any, dict]:
    """(status, JSON data, extra headers) for one request: the whole rule, shared by the view and the WSGI path."""
    if method != "POST":
        return 405, {"detail": f'Method "{method}" not allowed.'}, {"Allow": "POST"}
    if content_type != "application/json":
        return 415, {"detail": "Send the response as application/json."}, {}
    wait = _seconds_over_limit(address)
    if wait:
        detail = f"Too many responses from this address. Try again in {int(wait)} seconds."
        return 429, {"detail": detail}, {"Retry-After": str(int(wait))}
    submission, errors = _parse(body)
    if submission is None:
        return 400, errors, {}
    try:
        reference = services.response_send_public(slug=slug, **submission)
    except services.SurveyNotOpen:
        return 404, {"detail": "No open survey here"}, {}
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            return 400, {field: list(messages) for field, messages in exc.message_dict.items()}, {}
        return 400, {"detail": exc.messages}, {}
    return 201, {"reference": reference}, {}


@csrf_exempt
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a whole response at once. The reference is returned only after the response is committed."""
    try:
        body = request.body
    except RequestDataTooBig:
        return _json({"detail": "The response is too large."}, 413)
    status, data, headers = answer(
        method=request.method,
        content_type=request.content_type,
        address=request.META.get("REMOTE_ADDR", "unknown"),
        body=body,
        slug=slug,
    )
    return _json(data, status, **headers)


class SubmitFirst:
    """WSGI wrapper (folkmoot/wsgi.py): submissions are answered before Django's request handling starts, with
    the same rule as the view (`answer`). Only the database connection's upkeep that Django would do at the end
    of a request is done here: a connection that failed or outlived CONN_MAX_AGE is closed."""

    def __init__(self, django_application) -> None:
        self.django_application = django_application

    def __call__(self, environ: dict, start_response):
        if environ.get("REQUEST_METHOD") != "POST":
            return self.django_application(environ, start_response)
        match = PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None:
            return self.django_application(environ, start_response)
        status, data, headers = self._answer(environ, match["slug"])
        body, all_headers = _encode(data, headers)
        start_response(f"{status} {HTTPStatus(status).phrase}", all_headers)
        return [body]

    def _answer(self, environ: dict, slug: str) -> tuple[int, Any, dict]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return 413, {"detail": "The response is too large."}, {}
        try:
            return answer(
                method="POST",
                content_type=environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower(),
                address=environ.get("REMOTE_ADDR", "unknown"),
                body=environ["wsgi.input"].read(length) if length else b"",
                slug=slug,
            )
        except Exception:
            logger.exception("Public submission failed")
            return (
                500,
                {"detail": "Something went wrong, and the response was not saved. Please send it again."},
                {},
            )
        finally:
            connection.close_if_unusable_or_obsolete()


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
                                "channel": {
                                    "type": "string",
                                    "enum": list(Channel.values),
                                    "default": "online",
                                },
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
