"""Planner pages through the Django test client: permissions, saving a step, errors keep what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from folkmoot.plan import steps
from folkmoot.plan.models import Plan

pytestmark = pytest.mark.django_db


def _step_url(engagement, slug):
    return reverse("plan:step", args=[engagement.pk, slug])


@pytest.mark.sqlite
def test_lead_saves_step_one_and_moves_to_step_two(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        _step_url(personas.engagement, "aims"),
        {
            "aims-why": "People wait too long for help on the same day and we need to know why.",
            "aims-decision": "Which urgent care option the board chooses",
            "aims-decision_date": "2027-06-30",
            "scope-can_change": "Opening hours\nWhere services are",
            "scope-cannot_change-0-item": "The budget",
            "scope-cannot_change-0-why": "Set nationally",
            "scope-cannot_change-1-item": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _step_url(personas.engagement, "who")
    plan = Plan.objects.get(engagement=personas.engagement)
    assert plan.decision_date.isoformat() == "2027-06-30"
    assert plan.data["scope"]["can_change"] == ["Opening hours", "Where services are"]
    assert plan.data["scope"]["cannot_change"] == [{"item": "The budget", "why": "Set nationally"}]


def test_a_wrong_date_is_reported_and_the_rest_is_kept(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        _step_url(personas.engagement, "timeline"),
        {
            "timeline-start": "2027-03-01",
            "timeline-end": "2027-02-01",
            "timeline-extension_days": "",
            "timeline-extension_reason": "Because",
            "timeline-key_dates-0-date": "",
            "timeline-key_dates-0-label": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "before the start date" in html and 'value="2027-02-01"' in html
    plan = Plan.objects.get(engagement=personas.engagement)
    assert plan.starts_on.isoformat() == "2027-03-01" and plan.ends_on is None
    assert plan.data["timeline"]["extension_reason"] == "Because"


def test_every_step_page_renders_for_a_full_plan(client, personas, plan):
    client.force_login(personas.lead)
    for step in steps.STEPS:
        response = client.get(_step_url(personas.engagement, step.slug))
        assert response.status_code == 200, step.slug
    body = client.get(_step_url(personas.engagement, "communications")).content.decode()
    assert "Plain English" in body and "reading age" in body


def test_viewer_can_read_but_not_save(client, personas, plan):
    client.force_login(personas.viewer)
    assert client.get(_step_url(personas.engagement, "aims")).status_code == 200
    assert client.post(_step_url(personas.engagement, "aims"), {"aims-why": "x"}).status_code == 403


def test_outsider_cannot_see_the_plan(client, personas, plan):
    client.force_login(personas.outsider)
    assert client.get(reverse("plan:overview", args=[personas.engagement.pk])).status_code == 404


def test_overview_shows_the_check_panel(client, personas):
    client.force_login(personas.lead)
    response = client.get(reverse("plan:overview", args=[personas.engagement.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Checks against the principles" in html and "Say clearly why you need to engage" in html


def test_engagement_page_has_the_plan_panel(client, personas, plan):
    client.force_login(personas.lead)
    html = client.get(reverse("core:engagement-detail", args=[personas.engagement.pk])).content.decode()
    assert "Engagement plan" in html and reverse("plan:overview", args=[personas.engagement.pk]) in html


def test_overview_query_count_is_pinned(client, personas, plan, django_assert_num_queries):
    from folkmoot.plan import services

    services.plan_transition(plan=plan, actor=personas.lead, to="submitted")
    client.force_login(personas.admin)
    url = reverse("plan:overview", args=[personas.engagement.pk])
    client.get(url)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_yaml_import_page_reports_unknown_fields(client, personas, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.lead)
    url = reverse("plan:import-yaml", args=[personas.engagement.pk])
    response = client.post(url, {"file": SimpleUploadedFile("p.yaml", b"aims:\n  colour: red\n")})
    assert response.status_code == 400 and "Unknown field" in response.content.decode()
    ok = client.post(url, {"file": SimpleUploadedFile("p.yaml", b"level: consult\n")})
    assert ok.status_code == 302
    assert client.get(reverse("plan:export-yaml", args=[personas.engagement.pk])).content.decode() == (
        "schema_version: 1\nlevel: consult\n"
    )


def test_duty_screening_and_reach_are_saved_from_their_steps(client, personas, plan):
    client.force_login(personas.lead)
    response = client.post(
        _step_url(personas.engagement, "influence"),
        {
            "influence-route": "Board paper",
            "scrutiny-consulted": "yes",
            "scrutiny-consulted_on": "2026-12-01",
            "duties-gp_ppg-applies": "yes",
            "duties-gp_ppg-why": "A practice merger.",
            "duties-s13q-applies": "no",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.duties == {
        "gp_ppg": {"applies": True, "why": "A practice merger."},
        "s13q": {"applies": False},
    }
    client.post(
        _step_url(personas.engagement, "gaps"), {"gaps": "Young men", "reach-0": ["drop_in", "paper_survey"]}
    )
    plan.refresh_from_db()
    assert plan.target_groups[0]["methods"] == ["drop_in", "paper_survey"]
    assert plan.target_groups[0]["tags"] == ["working_age"]  # fields the page does not show are kept


def test_dashboard_lists_plans_waiting_for_sign_off(client, personas, plan):
    from folkmoot.plan import services

    services.plan_transition(plan=plan, actor=personas.lead, to="submitted")
    client.force_login(personas.admin)
    html = client.get(
        reverse("core:organisation-dashboard", args=[personas.organisation.slug])
    ).content.decode()
    assert "Plans waiting for sign-off" in html and "Urgent care survey" in html
    assert reverse("plan:reports", args=[personas.organisation.slug]) in html
