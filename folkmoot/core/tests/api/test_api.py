import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from folkmoot.core.models import Engagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_openapi_schema_is_served_and_describes_engagements(api):
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/engagements/" in schema["paths"]
    assert "/api/organisations/" in schema["paths"]


def test_docs_are_served_from_local_files(client):
    body = client.get("/api/docs").content.decode()
    assert "swagger-ui" in body
    assert "cdn." not in body and "unpkg" not in body


def test_token_authentication_with_the_same_permissions(api, personas):
    token = Token.objects.create(user=personas.partner)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    titles = [e["title"] for e in api.get("/api/engagements/").json()["results"]]
    assert titles == ["Urgent care survey"]
    assert api.get(f"/api/engagements/{personas.private_engagement.pk}/").status_code == 404


def test_anonymous_requests_are_refused(api):
    assert api.get("/api/engagements/").status_code in (401, 403)


def test_token_endpoint_issues_a_token(api, personas):
    response = api.post("/api/token/", {"username": "lead", "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert Token.objects.get(user=personas.lead).key == response.json()["token"]


def test_lead_creates_and_opens_an_engagement(api, personas):
    api.force_authenticate(personas.lead)
    response = api.post(
        "/api/engagements/",
        {"organisation": "test-shire-icb", "title": "API made", "summary": "s"},
        format="json",
    )
    assert response.status_code == 201, response.content
    engagement_id = response.json()["id"]
    response = api.patch(f"/api/engagements/{engagement_id}/", {"status": "open"}, format="json")
    assert response.status_code == 200
    assert Engagement.objects.get(pk=engagement_id).status == "open"


def test_illegal_status_change_is_a_400_with_a_reason(api, personas):
    api.force_authenticate(personas.lead)
    response = api.patch(f"/api/engagements/{personas.engagement.pk}/", {"status": "draft"}, format="json")
    assert response.status_code == 400
    assert "cannot become draft" in str(response.json())


def test_viewer_cannot_create_through_the_api(api, personas):
    api.force_authenticate(personas.viewer)
    response = api.post("/api/engagements/", {"organisation": "test-shire-icb", "title": "No"}, format="json")
    assert response.status_code == 403


def test_partner_cannot_create_for_an_organisation_they_do_not_belong_to(api, personas):
    api.force_authenticate(personas.outsider)
    response = api.post("/api/engagements/", {"organisation": "test-shire-icb", "title": "No"}, format="json")
    assert response.status_code == 403


def test_job_progress_is_readable_by_whoever_started_it(api, personas):
    from folkmoot.core.services import job_start
    from folkmoot.core.tasks import rebuild_statistics

    job = job_start(
        job_task=rebuild_statistics,
        label="Stats",
        user=personas.lead,
        organisation=personas.organisation,
        organisation_id=str(personas.organisation.pk),
    )
    api.force_authenticate(personas.lead)
    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert body["status"] == "succeeded" and body["is_finished"] is True and body["percent"] == 100
    api.force_authenticate(personas.outsider)
    assert api.get(f"/api/jobs/{job.pk}/").status_code == 404
