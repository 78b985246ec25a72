"""Reach API under /api/reach/: the same rules as the pages, one story per endpoint."""

import pytest
from rest_framework.test import APIClient

from folkmoot.core.models import AuditEvent, Organisation, Role
from folkmoot.core.tests.factories import membership
from folkmoot.reach import services
from folkmoot.reach.models import Payment, Stakeholder

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _stakeholders(personas):
    return f"/api/reach/organisations/{personas.organisation.slug}/stakeholders/"


@pytest.mark.sqlite
def test_lead_adds_a_stakeholder_and_a_near_copy_comes_back_flagged(personas, register):
    body = {
        "kind": "organisation",
        "category": "vcse",
        "name": "Synthetic Riverside Carers Group Ltd",
        "communities": ["Carers"],
        "languages": ["en"],
    }
    response = _client(personas.lead).post(_stakeholders(personas), body, format="json")
    assert response.status_code == 201, response.content
    got = response.json()
    assert got["possible_duplicate_of"] == str(register["group"].pk)
    assert "similar" in got["duplicate_reason"].lower()


def test_bad_stakeholder_fields_get_plain_messages_and_nothing_is_saved(personas):
    before = Stakeholder.objects.count()
    response = _client(personas.lead).post(
        _stakeholders(personas),
        {"kind": "organisation", "category": "wizards", "name": "X", "email": "nope"},
        format="json",
    )
    assert response.status_code == 400
    assert "Choose a type" in response.json()["category"][0] and "right format" in response.json()["email"][0]
    assert Stakeholder.objects.count() == before


def test_viewers_see_groups_but_never_named_individuals_and_cannot_add(personas, register):
    names = {s["name"] for s in _client(personas.viewer).get(_stakeholders(personas)).json()}
    assert "Synthetic Riverside Carers Group" in names and "Synthetic Imam Test" not in names
    response = _client(personas.viewer).post(
        _stakeholders(personas), {"kind": "organisation", "category": "vcse", "name": "New"}, format="json"
    )
    assert response.status_code == 403


def test_outsiders_get_nothing_from_the_register(personas, register):
    assert _client(personas.outsider).get(_stakeholders(personas)).status_code == 404
    url = f"/api/reach/stakeholders/{register['peer'].pk}/"
    assert _client(personas.outsider).get(url).status_code == 403


def test_reading_and_changing_a_stakeholder_is_audited(personas, register):
    url = f"/api/reach/stakeholders/{register['peer'].pk}/"
    assert _client(personas.lead).get(url).json()["email"] == "ada@example.org"
    assert AuditEvent.objects.filter(
        action="view", summary__contains="Synthetic Peer Researcher Ada"
    ).exists()
    response = _client(personas.lead).patch(url, {"languages": ["en", "so"]}, format="json")
    assert response.status_code == 200 and response.json()["languages"] == ["en", "so"]
    assert Stakeholder.objects.get(pk=register["peer"].pk).languages == ["en", "so"]


def test_history_and_fatigue_for_a_stakeholder(personas, register, agreement):
    services.contact_record(
        stakeholder=register["group"],
        actor=personas.lead,
        kind="invitation",
        on=agreement.agreed_on,
        engagement=personas.engagement,
        summary="Invited to run two events",
    )
    got = _client(personas.lead).get(f"/api/reach/stakeholders/{register['group'].pk}/history/").json()
    kinds = {h["kind"] for h in got["history"]}
    assert {"invitation", "agreement"} <= kinds
    assert got["fatigue"]["asks_total"] == 1 and "threshold" in got["fatigue"]


def test_lead_agrees_a_fee_records_a_payment_and_marks_it_paid(personas, register, agreement):
    base = f"/api/reach/engagements/{personas.engagement.pk}"
    client = _client(personas.lead)
    payment = client.post(
        f"{base}/payments/",
        {
            "payee": str(register["group"].pk),
            "kind": "expenses",
            "amount": "23.40",
            "description": "Bus fares",
        },
        format="json",
    )
    assert payment.status_code == 201, payment.content
    status = client.post(f"/api/reach/agreements/{agreement.pk}/status/", {"status": "paid"}, format="json")
    assert status.status_code == 200 and status.json()["status"] == "paid"
    ledger = client.get(f"{base}/agreements/").json()
    assert ledger["totals"]["agreed"] == "623.40" and ledger["totals"]["paid"] == "600.00"
    assert ledger["agreements"][0]["payments"][0]["description"] == "Bus fares"


def test_a_payment_without_an_agreement_is_refused_with_a_clear_400(personas, register):
    response = _client(personas.lead).post(
        f"/api/reach/engagements/{personas.engagement.pk}/payments/",
        {"payee": str(register["peer"].pk), "kind": "involvement", "amount": "75"},
        format="json",
    )
    assert response.status_code == 400
    assert "no agreement with Synthetic Peer Researcher Ada" in response.json()["detail"][0]
    assert not Payment.objects.exists()


def test_partners_cannot_see_or_change_the_ledger(personas, agreement):
    client = _client(personas.partner)
    assert client.get(f"/api/reach/engagements/{personas.engagement.pk}/agreements/").status_code == 403
    response = client.post(f"/api/reach/agreements/{agreement.pk}/status/", {"status": "paid"}, format="json")
    assert response.status_code == 403


def test_methods_catalogue_filters_by_channel(personas):
    offline = _client(personas.viewer).get("/api/reach/methods/?channel=offline").json()
    assert offline and all(m["channel"] in ("offline", "both") for m in offline)
    assert len(offline) < len(_client(personas.viewer).get("/api/reach/methods/").json())


def test_ppg_profile_compares_members_with_the_practice_area_and_says_when_empty(personas):
    practice = Organisation.objects.create(
        name="Synthetic Test Surgery",
        slug="synthetic-test-surgery-api",
        type="gp_practice",
        parent=personas.organisation,
        area_codes=["E06000016"],
    )
    membership(personas.viewer, practice, Role.VIEWER)
    group = services.ppg_create(practice=practice, name="Synthetic PPG", actor=None, check=False)
    url = f"/api/reach/ppgs/{group.pk}/profile/"
    empty = _client(personas.viewer).get(url).json()
    assert "no members yet" in empty["error"] and empty["characteristics"] == []
    for i in range(20):
        services.ppg_member_add(
            group=group,
            name=f"Synthetic member {i}",
            actor=None,
            check=False,
            sex="Female" if i % 4 else "Male",
            age=60 + i,
        )
    got = _client(personas.viewer).get(url).json()
    assert got["error"] == "" and got["characteristics"] and "local authority" in got["baseline"]
    assert _client(personas.outsider).get(url).status_code == 403


def test_reach_api_is_in_the_openapi_schema(personas):
    paths = _client(personas.viewer).get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/reach/organisations/{slug}/stakeholders/",
        "/api/reach/stakeholders/{stakeholder_id}/history/",
        "/api/reach/engagements/{engagement_id}/payments/",
        "/api/reach/methods/",
        "/api/reach/ppgs/{group_id}/profile/",
    ):
        assert path in paths


def test_suggestions_for_a_plans_target_group_hide_named_individuals_from_viewers(personas, register):
    from folkmoot.plan import services as plan_services

    plan = plan_services.plan_get_or_create(engagement=personas.engagement, actor=personas.lead)
    plan_services.plan_update(
        plan=plan, actor=personas.lead, changes={"audiences": [{"name": "Unpaid carers", "tags": ["carers"]}]}
    )
    url = f"/api/reach/engagements/{personas.engagement.pk}/suggestions/"
    (lead_row,) = _client(personas.lead).get(url).json()
    assert lead_row["group"] == "Unpaid carers" and lead_row["methods"]
    assert {p["name"] for p in lead_row["partners"]} == {
        "Synthetic Riverside Carers Group",
        "Synthetic Peer Researcher Ada",
    }
    (viewer_row,) = _client(personas.viewer).get(url).json()
    assert {p["name"] for p in viewer_row["partners"]} == {"Synthetic Riverside Carers Group"}
    assert _client(personas.outsider).get(url).status_code == 404


def test_what_reached_whom_is_published_for_members_only(personas):
    url = f"/api/reach/organisations/{personas.organisation.slug}/reached/?characteristic=sex"
    got = _client(personas.viewer).get(url).json()
    assert got["label"] == "Sex" and got["engagements"] == 0 and got["grid"] == {}
    assert _client(personas.outsider).get(url).status_code == 404
