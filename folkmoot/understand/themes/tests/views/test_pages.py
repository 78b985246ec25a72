import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.core.models import AuditEvent, Job
from folkmoot.understand.themes.models import Alert, Comment, ReviewAssignment
from folkmoot.understand.themes.services import comment_create

from ..factories import ModelLabelledCommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(personas, classifier):
    return [
        ModelLabelledCommentFactory(
            organisation=personas.organisation, engagement=personas.engagement, labels=["staff_manner"]
        )
        for _ in range(3)
    ]


@pytest.mark.sqlite
def test_engagement_panel_button_starts_the_classify_job(client, personas, classifier):
    comment_create(
        organisation=personas.organisation, engagement=personas.engagement, text="Long wait for a GP"
    )
    client.force_login(personas.analyst)
    page = client.get(reverse("core:engagement-detail", args=[personas.engagement.pk]))
    assert "Classify free text" in page.content.decode()
    response = client.post(reverse("themes:classify", args=[personas.engagement.pk]))
    job = Job.objects.get()
    assert response.url == reverse("core:job-detail", args=[job.pk])
    assert job.status == "succeeded" and job.result["classified"] == 1
    assert Comment.objects.get().latest_model is not None


def test_viewer_sees_the_panel_without_the_button_and_cannot_open_review_pages(client, personas, labelled):
    client.force_login(personas.viewer)
    page = client.get(reverse("core:engagement-detail", args=[personas.engagement.pk])).content.decode()
    assert "Themes and sentiment in free text" in page and "Classify free text" not in page
    assert client.get(reverse("themes:theme-list", args=[personas.engagement.pk])).status_code == 403
    assert client.post(reverse("themes:classify", args=[personas.engagement.pk])).status_code == 403
    assert client.get(reverse("themes:comment-review", args=[labelled[0].pk])).status_code == 404


def test_outsider_gets_not_found(client, personas, labelled):
    client.force_login(personas.outsider)
    assert client.get(reverse("themes:theme-list", args=[personas.engagement.pk])).status_code == 404


def test_theme_list_query_count_does_not_grow_with_comments(
    client, personas, labelled, django_assert_num_queries
):
    client.force_login(personas.analyst)
    url = reverse("themes:theme-list", args=[personas.engagement.pk])
    client.get(url)
    with django_assert_num_queries(7) as first:
        client.get(url)
    for _ in range(20):
        ModelLabelledCommentFactory(organisation=personas.organisation, engagement=personas.engagement)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_review_form_with_no_action_keeps_input_and_shows_an_error(client, personas, labelled):
    client.force_login(personas.analyst)
    url = reverse("themes:comment-review", args=[labelled[0].pk])
    response = client.post(url, {"codes": ["timeliness"], "note": "checked"})
    html = response.content.decode()
    assert "There is a problem" in html and "Choose whether to accept" in html and 'value="checked"' in html
    assert not ReviewAssignment.objects.exists()
    response = client.post(url, {"action": "relabel", "codes": ["timeliness"]})
    assert response.status_code == 302
    assert Comment.objects.get(pk=labelled[0].pk).labels == ["timeliness"]


def test_dashboard_panel_lists_open_alerts_and_analyst_acknowledges(client, personas):
    alert = Alert.objects.create(
        organisation=personas.organisation,
        code="timeliness",
        label="Timeliness",
        period_start="2026-11-14",
        period_end="2026-11-21",
        observed=12,
        period_total=18,
        baseline_count=24,
        baseline_total=96,
        expected=4.5,
        p_value=0.001,
        q_value=0.002,
        method="test",
    )
    client.force_login(personas.viewer)
    page = client.get(reverse("core:organisation-dashboard", args=["test-shire-icb"])).content.decode()
    assert "Early warning: rising themes" in page and "Timeliness" in page and "Acknowledge" not in page
    client.force_login(personas.analyst)
    client.post(reverse("themes:alert-acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.acknowledged_by == personas.analyst


def test_api_summary_is_suppressed_for_a_partner(client, personas, labelled):
    client.force_login(personas.partner)
    data = client.get(f"/api/themes/engagements/{personas.engagement.pk}/summary/").json()
    assert data["themes"][0]["code"] == "staff_manner" and data["themes"][0]["count"] == "*"
    client.force_login(personas.outsider)
    assert client.get(f"/api/themes/engagements/{personas.engagement.pk}/summary/").status_code == 404


def test_comment_review_page_has_a_pinned_query_count(client, personas, labelled, django_assert_num_queries):
    client.force_login(personas.analyst)
    url = reverse("themes:comment-review", args=[labelled[0].pk])
    with django_assert_num_queries(7):
        response = client.get(url)
    assert "Model said" in response.content.decode()


def test_analyst_checks_for_rising_themes_from_the_dashboard(client, personas):
    for week in range(13):
        for i in range(4 if week else 14):
            ModelLabelledCommentFactory(
                organisation=personas.organisation,
                received_at=timezone.now() - dt.timedelta(days=week * 7 + 1 + i % 6),
                labels=["timeliness" if week == 0 or i == 0 else "staff_manner"],
            )
    client.force_login(personas.viewer)
    url = reverse("themes:alerts-check", args=["test-shire-icb"])
    assert client.post(url).status_code == 403
    client.force_login(personas.analyst)
    client.post(url)
    page = client.get(reverse("core:organisation-dashboard", args=["test-shire-icb"])).content.decode()
    assert "1 new rising themes found" in page and Alert.objects.get().code == "timeliness"


def test_export_for_publishing_is_suppressed_and_redacted_even_for_an_analyst(client, personas, classifier):
    for i in range(9):
        ModelLabelledCommentFactory(
            organisation=personas.organisation,
            engagement=personas.engagement,
            text=f"Lovely staff. Ring me on 07700 900{i:03d}",
            labels=["staff_manner"],
        )
    client.force_login(personas.analyst)
    response = client.get(reverse("themes:export", args=[personas.engagement.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "staff_manner,Staff manner" in body and ",10," in body  # 9 rounded to 10
    assert "07700" not in body and "[phone number]" in body
    assert AuditEvent.objects.filter(action="export", object_id=str(personas.engagement.pk)).exists()


def test_engagement_page_shows_the_panel_before_anything_is_classified(client, personas):
    comment_create(organisation=personas.organisation, engagement=personas.engagement, text="")
    client.force_login(personas.lead)
    page = client.get(reverse("core:engagement-detail", args=[personas.engagement.pk])).content.decode()
    assert "1 free-text comments collected, 0 classified by the model" in page
