"""The API gives the same protected figures as the pages: suppressed for partners, raw (and audited) for analysts."""

from __future__ import annotations

import pytest

from folkmoot.core.models import AuditEvent

from .conftest import LEICESTER

pytestmark = pytest.mark.django_db


def _results(client, engagement):
    return client.get(f"/api/understand/engagements/{engagement.pk}/results/")


def test_partner_gets_suppressed_results_from_the_api(client, responses, personas):
    client.force_login(personas.partner)
    data = _results(client, personas.engagement).json()
    fft = next(q for q in data["surveys"][0]["questions"] if q["code"] == "fft")
    assert data["unsuppressed"] is False
    assert {o["value"]: o["count"] for o in fft["options"]}["Very poor"] == "*"


def test_analyst_gets_raw_results_from_the_api_and_the_viewing_is_audited(client, responses, personas):
    client.force_login(personas.analyst)
    data = _results(client, personas.engagement).json()
    fft = next(q for q in data["surveys"][0]["questions"] if q["code"] == "fft")
    assert data["unsuppressed"] is True
    assert {o["value"]: o["count"] for o in fft["options"]}["Very poor"] == 3
    assert AuditEvent.objects.filter(
        actor=personas.analyst, summary="Viewed unsuppressed results summary"
    ).exists()


def test_who_is_missing_api_hides_small_groups_and_refuses_outsiders(client, leicester, responses, personas):
    client.force_login(personas.viewer)
    url = f"/api/understand/engagements/{personas.engagement.pk}/who-is-missing/"
    data = client.get(url).json()
    disability = next(c for c in data["characteristics"] if c["name"] == "disability")
    assert data["area"] == LEICESTER and disability["categories"][0]["respondents"] == "*"
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (401, 403)


def test_the_understand_endpoints_are_in_the_openapi_schema(client, personas):
    client.force_login(personas.viewer)
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/understand/engagements/{engagement_id}/results/" in paths
    assert "/api/understand/engagements/{engagement_id}/who-is-missing/" in paths
