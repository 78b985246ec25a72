"""The submission API, and the promise behind it: an acknowledged response is never lost, even when the
server is killed mid-load."""

import threading
import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from folkmoot.listen import loadtest, services
from folkmoot.listen.models import Response


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="API", slug="api-survey"
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    services.question_add(survey=survey, type="text", code="comment", text="Anything else?")
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


@pytest.mark.django_db
def test_public_submission_returns_a_reference_only_for_valid_answers(survey):
    api = APIClient()
    bad = api.post("/api/listen/surveys/api-survey/responses/", {"answers": {"fft": "Great"}}, format="json")
    assert bad.status_code == 400 and "fft" in bad.json()
    good = api.post(
        "/api/listen/surveys/api-survey/responses/",
        {"answers": {"fft": "Good", "comment": "Fine"}, "channel": "online"},
        format="json",
    )
    assert good.status_code == 201
    assert Response.objects.get(reference=good.json()["reference"]).answers.count() == 2


@pytest.mark.django_db
def test_survey_builder_api(personas, survey):
    api = APIClient()
    api.force_authenticate(personas.lead)
    created = api.post(
        "/api/listen/surveys/",
        {"engagement": str(personas.engagement.pk), "title": "Built by API"},
        format="json",
    )
    assert created.status_code == 201
    slug = created.json()["slug"]
    added = api.post(
        f"/api/listen/surveys/{slug}/questions/",
        {"type": "single", "text": "Pick one", "options": [{"value": "a", "label": "A"}]},
        format="json",
    )
    assert added.status_code == 201 and added.json()["questions"][0]["text"] == "Pick one"
    api.force_authenticate(personas.viewer)
    assert (
        api.post(
            f"/api/listen/surveys/{slug}/questions/", {"type": "text", "text": "x"}, format="json"
        ).status_code
        == 403
    )


@pytest.fixture
def server_database_url(tmp_path, django_db_blocker):
    """A database a separate gunicorn process can reach: the test PostgreSQL database, or a migrated SQLite file."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    import os
    import subprocess
    import sys
    from pathlib import Path

    url = f"sqlite:///{tmp_path}/server.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "folkmoot.settings.dev"}
    subprocess.run([Path(sys.executable).parent / "folkmoot", "migrate", "-v", "0"], check=True, env=env)
    return url


@pytest.mark.django_db(transaction=True)
def test_killing_the_server_mid_load_loses_no_acknowledged_response(personas, server_database_url):
    if connection.vendor == "postgresql":
        # The survey lives in the test database, which the server process shares.
        survey_slug = "kill-test"
        survey = services.survey_create(
            actor=personas.lead, engagement=personas.engagement, title="Kill", slug=survey_slug
        )
        services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
        services.survey_set_status(actor=personas.lead, survey=survey, status="open")
        count = lambda refs: Response.objects.filter(reference__in=refs).count()  # noqa: E731
    else:
        survey_slug, count = _sqlite_survey(server_database_url)
    port = loadtest.free_port()
    server = loadtest.start_server(port=port, database_url=server_database_url, workers=2, threads=4)
    stop = threading.Event()
    load_result = loadtest.LoadResult()
    thread = threading.Thread(
        target=loadtest.submit_many,
        kwargs={
            "port": port,
            "slug": survey_slug,
            "total": 400,
            "clients": 8,
            "stop": stop,
            "payload": lambda i: {"answers": {"fft": "Good"}},
            "deadline_s": 60,
            "result": load_result,
        },
    )
    thread.start()
    deadline = time.monotonic() + 60
    while len(load_result.acknowledged) < 50 and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.02)
    loadtest.kill_server(server)  # mid-load: requests in flight are cut off
    time.sleep(0.5)
    stop.set()
    thread.join(timeout=90)
    acknowledged = list(load_result.acknowledged)
    # The kill really interrupted the load: some were acknowledged before it, some failed after it.
    assert len(acknowledged) >= 1 and load_result.errors >= 1, (len(acknowledged), load_result.errors)
    server = loadtest.start_server(port=port, database_url=server_database_url)  # restart
    try:
        assert count(acknowledged) == len(acknowledged)
    finally:
        loadtest.kill_server(server)


def _sqlite_survey(database_url: str):
    """Create the survey in the server's SQLite file, and count references there."""
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from folkmoot.core.models import Organisation, Engagement\n"
        "from folkmoot.listen import services\n"
        "o = Organisation.objects.create(name='Kill test', slug='kill-test', type='icb')\n"
        "e = Engagement.objects.create(organisation=o, title='Kill', slug='kill', status='open')\n"
        "s = services.survey_create(actor=None, engagement=e, title='Kill', slug='kill-test', check_permission=False)\n"
        "services.question_add(survey=s, type='fft', code='fft', text='Overall?', required=True)\n"
        "services.survey_set_status(actor=None, survey=s, status='open', check_permission=False)\n"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "folkmoot.settings.dev"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run([Path(sys.executable).parent / "folkmoot", "shell", "-c", code], check=True, env=env)
    path = database_url.removeprefix("sqlite:///")

    def count(refs):
        with sqlite3.connect(path) as db:
            stored = {row[0] for row in db.execute("SELECT reference FROM listen_response")}
        return sum(1 for ref in refs if ref in stored)

    return "kill-test", count
