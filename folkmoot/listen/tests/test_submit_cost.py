"""What one public API submission costs the database, pinned so it cannot creep back: the survey and its
questions are read once per process for a moment, and one statement writes (and, outside a transaction,
commits) the response with its answers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from folkmoot.listen import services
from folkmoot.listen.models import Response

URL = "/api/listen/surveys/cost/responses/"


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Cost", slug="cost"
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    services.question_add(survey=survey, type="rating", code="rating", text="Rate us")
    services.question_add(survey=survey, type="text", code="comment", text="Anything else?")
    services.question_add(
        survey=survey, type="text", code="why", text="Why?", show_if={"question": "fft", "equals": "Poor"}
    )
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    cache.clear()
    return survey


def post(api, answers):
    return api.post(URL, {"answers": answers}, format="json")


@pytest.mark.django_db
def test_a_submission_costs_one_statement_once_the_survey_has_been_read(survey):
    api = APIClient()
    with CaptureQueriesContext(connection) as first:
        assert post(api, {"fft": "Good", "rating": 3}).status_code == 201
    with CaptureQueriesContext(connection) as second:
        created = post(api, {"fft": "Poor", "comment": "Line one\nline two", "why": "Waited"})
    assert created.status_code == 201
    if connection.vendor == "postgresql":
        assert len(first) == 2, [q["sql"][:80] for q in first]  # survey with questions, then the insert
        assert len(second) == 1, [q["sql"][:80] for q in second]
    response = Response.objects.get(reference=created.json()["reference"])
    assert response.status == "submitted" and response.channel == "online"
    stored = {a.question.code: (a.value, a.text) for a in response.answers.select_related("question")}
    assert stored == {
        "fft": ("Poor", ""),
        "comment": ("Line one\nline two", "Line one\nline two"),
        "why": ("Waited", "Waited"),
    }


@pytest.mark.django_db
@pytest.mark.sqlite
def test_hidden_answers_are_dropped_and_a_closed_survey_takes_no_more_responses(survey, personas):
    api = APIClient()
    created = post(api, {"fft": "Good", "why": "Not asked"})
    assert created.status_code == 201
    assert (
        not Response.objects.get(reference=created.json()["reference"])
        .answers.filter(question__code="why")
        .exists()
    )
    services.survey_set_status(actor=personas.lead, survey=survey, status="closed")
    assert post(api, {"fft": "Good"}).status_code == 404
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db
def test_closing_seen_only_by_the_database_still_refuses(survey):
    """Another process closed the survey (no signal here): the insert's own check refuses it."""
    api = APIClient()
    assert post(api, {"fft": "Good"}).status_code == 201
    type(survey).objects.filter(pk=survey.pk).update(status="closed")
    assert post(api, {"fft": "Good"}).status_code == 404
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db
def test_bad_answers_save_nothing_and_say_which_question(survey):
    api = APIClient()
    bad = post(api, {"fft": "Brilliant", "rating": 12, "nope": "x"})
    assert bad.status_code == 400 and "Unknown question codes: nope" in str(bad.json())
    bad = post(api, {"fft": "Brilliant", "rating": 12})
    assert bad.status_code == 400 and set(bad.json()) == {"fft", "rating"}
    assert Response.objects.filter(survey=survey).count() == 0


@pytest.mark.django_db
def test_each_address_is_limited_per_hour(survey, settings):
    settings.FOLKMOOT_SUBMITS_PER_HOUR_PER_IP = 2
    api = APIClient()
    assert [post(api, {"fft": "Good"}).status_code for _ in range(3)] == [201, 201, 429]
    other = APIClient(REMOTE_ADDR="10.0.0.9")
    assert post(other, {"fft": "Good"}).status_code == 201
    assert Response.objects.filter(survey=survey).count() == 3


@pytest.mark.django_db
@pytest.mark.sqlite
def test_malformed_requests_get_a_clear_message_and_save_nothing(survey, client):
    bad_json = client.post(URL, b"{not json", content_type="application/json")
    assert bad_json.status_code == 400 and "not valid JSON" in bad_json.json()["detail"]
    form = client.post(URL, {"answers": "x"})
    assert form.status_code == 415
    assert client.get(URL).status_code == 405
    wrong = client.post(
        URL, {"answers": [1], "channel": "pigeon", "language": ""}, content_type="application/json"
    )
    assert wrong.status_code == 400 and set(wrong.json()) == {"answers", "channel", "language"}
    assert wrong["X-Frame-Options"] == "DENY" and wrong["Cache-Control"] == "no-store"
    assert Response.objects.filter(survey=survey).count() == 0


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_plain_submit_view_is_in_the_openapi_schema(client, personas):
    client.force_login(personas.lead)
    schema = client.get("/api/openapi.json").json()
    post_op = schema["paths"]["/api/listen/surveys/{slug}/responses/"]["post"]
    assert post_op["requestBody"]["content"]["application/json"]["schema"]["required"] == ["answers"]
    assert set(post_op["responses"]) >= {"201", "400", "404", "429"}


def _wsgi(path, body=b"", method="POST", content_type="application/json", length=None):
    import io

    from folkmoot.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body) if length is None else length),
        "REMOTE_ADDR": "127.0.0.9",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    content = b"".join(application(environ, start_response))
    return int(seen["status"][:3]), seen["headers"], content


@pytest.mark.django_db(transaction=True)  # the WSGI path commits as it does under gunicorn
@pytest.mark.sqlite
def test_the_wsgi_application_answers_submissions_before_django_and_everything_else_through_it(survey):
    import json

    status, headers, content = _wsgi(URL, json.dumps({"answers": {"fft": "Good", "rating": 9}}).encode())
    assert status == 201 and headers["X-Content-Type-Options"] == "nosniff"
    assert Response.objects.get(reference=json.loads(content)["reference"]).answers.count() == 2
    assert _wsgi(URL, b"{}", length=10**9)[0] == 413
    assert _wsgi(URL, b"answers=x", content_type="application/x-www-form-urlencoded")[0] == 415
    status, _, content = _wsgi(URL, json.dumps({"answers": {"rating": 99}}).encode())
    assert status == 400 and set(json.loads(content)) == {"fft", "rating"}
    assert _wsgi("/api/listen/surveys/no-such-survey/responses/", b'{"answers": {}}')[0] == 404
    assert _wsgi("/healthz", method="GET")[0] == 200  # not a submission: Django answers
    assert Response.objects.filter(survey=survey).count() == 1
