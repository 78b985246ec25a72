"""Plan API under /api/plan/ with the same rules as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from folkmoot.plan.models import Plan

from .plans import strong, weak

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.sqlite
def test_lead_puts_and_gets_a_plan(personas):
    url = f"/api/plan/engagements/{personas.engagement.pk}/"
    response = _client(personas.lead).put(url, {"data": strong()}, format="json")
    assert response.status_code == 200, response.content
    got = _client(personas.viewer).get(url).json()
    assert got["data"]["level"] == "involve" and got["status"] == "draft"


def test_bad_plan_data_gets_field_messages(personas):
    response = _client(personas.lead).put(
        f"/api/plan/engagements/{personas.engagement.pk}/",
        {"data": {"timeline": {"start": "2027-02-01", "end": "2027-01-01"}}},
        format="json",
    )
    assert response.status_code == 400
    assert "before the start date" in response.json()["timeline.end"][0]
    assert not Plan.objects.filter(engagement=personas.engagement).exists()


def test_viewer_cannot_change_and_outsider_cannot_see(personas):
    url = f"/api/plan/engagements/{personas.engagement.pk}/"
    assert _client(personas.viewer).patch(url, {"data": {"delivery": "x"}}, format="json").status_code == 403
    assert _client(personas.outsider).get(url).status_code == 404


def test_check_endpoint_returns_findings_and_summary(personas):
    result = _client(personas.viewer).post("/api/plan/check/", {"data": weak()}, format="json").json()
    assert set(result["findings"][0]) == {"principle", "severity", "field", "message"}
    assert len(result["principles_failing"]) >= 5


def test_sign_off_through_the_api(personas):
    url = f"/api/plan/engagements/{personas.engagement.pk}/"
    _client(personas.lead).put(url, {"data": strong()}, format="json")
    assert (
        _client(personas.lead).post(url + "transition/", {"to": "submitted"}, format="json").status_code
        == 200
    )
    assert (
        _client(personas.lead).post(url + "transition/", {"to": "approved"}, format="json").status_code == 403
    )
    assert (
        _client(personas.admin).post(url + "transition/", {"to": "approved"}, format="json").json()["status"]
        == "approved"
    )


def test_readability_and_methods_endpoints(personas):
    report = (
        _client(personas.viewer)
        .post("/api/plan/readability/", {"text": "Ask the ICB."}, format="json")
        .json()
    )
    assert report["flags"][0]["term"] == "ICB"
    assert len(_client(personas.viewer).get("/api/plan/methods/").json()) == 29


def test_plan_api_is_in_the_openapi_schema(personas):
    schema = _client(personas.viewer).get("/api/openapi.json").json()
    assert "/api/plan/engagements/{engagement_id}/" in schema["paths"]
    assert "/api/plan/check/" in schema["paths"]
