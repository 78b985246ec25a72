"""Server-rendered pages through the full middleware stack (the browser tests cover how they look and feel)."""

import pytest
from django.test import Client
from django.urls import reverse

from folkmoot.core.models import Engagement

pytestmark = pytest.mark.django_db


def test_home_lists_organisations_without_signing_in(client, personas):
    response = client.get("/")
    assert response.status_code == 200
    assert "Test Shire ICB" in response.content.decode()


def test_public_landing_lists_only_open_engagements(client, personas):
    Engagement.objects.filter(pk=personas.private_engagement.pk).update(status="draft")
    body = client.get(reverse("core:organisation-public", args=["test-shire-icb"])).content.decode()
    assert "Urgent care survey" in body
    assert "Board paper" not in body


@pytest.mark.sqlite
def test_staff_pages_need_sign_in(client, personas):
    for name, args in [("core:dashboard", []), ("core:engagement-list", []), ("core:job-list", [])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign-in"))


def test_partner_gets_404_for_an_engagement_not_shared_with_them(client, personas):
    client.force_login(personas.partner)
    assert (
        client.get(reverse("core:engagement-detail", args=[personas.private_engagement.pk])).status_code
        == 404
    )
    assert client.get(reverse("core:engagement-detail", args=[personas.engagement.pk])).status_code == 200


def test_viewer_cannot_open_the_edit_page(client, personas):
    client.force_login(personas.viewer)
    response = client.get(reverse("core:engagement-edit", args=[personas.engagement.pk]))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


@pytest.mark.sqlite
def test_invalid_form_shows_error_summary_and_keeps_what_was_typed(client, personas):
    client.force_login(personas.lead)
    url = reverse("core:engagement-create", args=["test-shire-icb"])
    response = client.post(
        url,
        {"title": "", "summary": "Keep this <b>text</b>", "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_title"' in body and "Enter a title" in body
    assert "The end date must be the same as or after the start date" in body
    assert "Keep this &lt;b&gt;text&lt;/b&gt;" in body  # kept, and escaped
    assert "<title>Error:" in body
    assert Engagement.objects.filter(summary__startswith="Keep this").count() == 0


def test_lead_creates_and_changes_status_through_pages(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        reverse("core:engagement-create", args=["test-shire-icb"]),
        {"title": "Dental access", "summary": "Why", "area_codes": "e06000016, E07000130"},
    )
    engagement = Engagement.objects.get(title="Dental access")
    assert response["Location"] == reverse("core:engagement-detail", args=[engagement.pk])
    assert engagement.area_codes == ["E06000016", "E07000130"]
    client.post(reverse("core:engagement-status", args=[engagement.pk]), {"status": "open"})
    engagement.refresh_from_db()
    assert engagement.status == "open"
    response = client.post(
        reverse("core:engagement-status", args=[engagement.pk]), {"status": "reported"}, follow=True
    )
    assert "cannot become reported" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == "open"


def test_bad_area_codes_are_explained(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        reverse("core:engagement-create", args=["test-shire-icb"]), {"title": "X", "area_codes": "Leicester"}
    )
    assert "these are not valid: LEICESTER" in response.content.decode()


@pytest.mark.sqlite
def test_unknown_urls_get_the_nhs_style_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "nhsuk-header" in body


def test_csrf_is_enforced_on_forms(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.lead)
    response = client.post(reverse("core:engagement-create", args=["test-shire-icb"]), {"title": "No token"})
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()


def test_security_headers_are_sent(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'nonce-" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_inline_script_carries_the_csp_nonce(client):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_sign_in_is_throttled_after_repeated_failures(client, personas):
    url = reverse("core:sign-in")
    for _ in range(3):
        client.post(url, {"username": "lead", "password": "wrong-password"})
    response = client.post(url, {"username": "lead", "password": "correct-horse-battery"})
    assert response.status_code in (403, 429)
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_with_the_right_password(client, personas):
    response = client.post(reverse("core:sign-in"), {"username": "lead", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.lead.pk)


def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "jobs": 0}


def test_dashboard_statistics_button_runs_the_job(client, personas):
    client.force_login(personas.lead)
    response = client.post(reverse("core:statistics-rebuild", args=["test-shire-icb"]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page
    dashboard = client.get(reverse("core:organisation-dashboard", args=["test-shire-icb"])).content.decode()
    assert "Engagements by organisation, counted" in dashboard


def test_viewer_cannot_start_jobs(client, personas):
    client.force_login(personas.viewer)
    assert client.post(reverse("core:statistics-rebuild", args=["test-shire-icb"])).status_code == 403


def test_engagement_list_query_count_does_not_grow_with_rows(client, personas, django_assert_max_num_queries):
    from folkmoot.core.tests.factories import EngagementFactory

    for i in range(20):
        EngagementFactory(organisation=personas.organisation, title=f"Bulk {i}", status="open")
    client.force_login(personas.lead)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("core:engagement-list"))
    assert response.content.decode().count("Bulk ") == 20


def test_admin_reads_the_audit_log_and_others_cannot(client, personas):
    from folkmoot.core.services import membership_set

    membership_set(
        user=personas.viewer, organisation=personas.organisation, role="analyst", actor=personas.admin
    )
    url = reverse("core:audit-log", args=["test-shire-icb"])
    client.force_login(personas.admin)
    body = client.get(url + "?personal=1").content.decode()
    assert "Test admin" in body and "is Analyst of Test Shire ICB" in body
    client.force_login(personas.lead)
    assert client.get(url).status_code == 403


def test_server_error_page_is_in_the_nhs_style(rf):
    from folkmoot.core.views.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body and "nhsuk-footer" in body
