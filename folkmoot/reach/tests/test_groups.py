import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from folkmoot.core.models import AuditEvent, Organisation, Role
from folkmoot.core.tests.factories import membership
from folkmoot.reach import groups_read, services


@pytest.fixture
def practice(personas):
    return Organisation.objects.create(
        name="Synthetic Test Surgery",
        slug="synthetic-test-surgery",
        type="gp_practice",
        parent=personas.organisation,
        area_codes=["E06000016"],
    )


@pytest.fixture
def ppg(personas, practice):
    return services.ppg_create(
        practice=practice,
        name="Synthetic Test Surgery PPG",
        actor=None,
        check=False,
        how_patients_told="Newsletter and the waiting room screen",
    )


def test_ppg_must_belong_to_a_gp_practice(personas):
    with pytest.raises(ValidationError, match="GP practice"):
        services.ppg_create(practice=personas.organisation, name="Wrong", actor=personas.lead)


def test_ppg_with_no_members_gets_a_clear_message_not_a_profile(ppg):
    profile = groups_read.ppg_profile(group=ppg)
    assert profile["characteristics"] == [] and "no members yet" in profile["error"]


def test_ppg_profile_uses_the_who_is_missing_measure_against_the_practice_area(ppg):
    for i in range(30):
        services.ppg_member_add(
            group=ppg,
            name=f"Synthetic member {i}",
            actor=None,
            check=False,
            sex="Female" if i % 5 else "Male",
            age=65 + i % 15,
        )
    services.ppg_member_add(group=ppg, name="Synthetic member without answers", actor=None, check=False)
    raw = groups_read.ppg_profile(group=ppg, published=False)
    assert raw["error"] == "" and raw["n"] == 31
    by_name = {c["name"]: c for c in raw["characteristics"]}
    assert "sex" in by_name and "age_band" in by_name
    assert "local authority" in raw["baseline"]
    published = groups_read.ppg_profile(group=ppg)
    assert published["n"] != 0 and published["characteristics"]


def test_annual_evidence_counts_meetings_actions_and_how_patients_were_told(ppg):
    m1 = services.ppg_meeting_record(
        group=ppg,
        held_on=dt.date(2026, 3, 4),
        actor=None,
        attendees=8,
        minutes="Synthetic minutes",
        check=False,
    )
    services.ppg_meeting_record(group=ppg, held_on=dt.date(2025, 11, 4), actor=None, check=False)
    services.ppg_action_record(
        meeting=m1,
        text="Add a phone booking line",
        actor=None,
        check=False,
        done_on=dt.date(2026, 4, 1),
        patients_told="Newsletter, April",
    )
    services.ppg_action_record(meeting=m1, text="Review the waiting room", actor=None, check=False)
    evidence = groups_read.ppg_evidence(group=ppg, year=2026)
    assert evidence["meetings_held"] == 1 and evidence["actions"] == 2 and evidence["actions_done"] == 1
    assert evidence["how_patients_told"].startswith("Newsletter")
    with pytest.raises(ValidationError):
        services.ppg_action_record(meeting=m1, text="  ", actor=None, check=False)


def test_ppg_members_need_manage_partners_and_viewing_them_is_audited(personas, ppg):
    services.ppg_member_add(group=ppg, name="Synthetic member", actor=None, check=False, age=40)
    membership(personas.lead, ppg.practice, Role.LEAD)
    assert len(groups_read.ppg_members(user=personas.lead, group=ppg)) == 1
    assert AuditEvent.objects.filter(personal_data=True, summary__startswith="Viewed the members").exists()
    with pytest.raises(PermissionDenied):
        groups_read.ppg_members(user=personas.viewer, group=ppg)


def test_panel_issue_is_logged_with_communities_and_themes_then_followed_up_and_reported(personas, register):
    panel = services.panel_create(
        organisation=personas.organisation,
        name="Synthetic early-warning panel",
        actor=personas.lead,
        members=[register["group"]],
    )
    meeting = services.panel_meeting_record(panel=panel, held_on=dt.date(2026, 1, 20), actor=personas.lead)
    issue = services.panel_issue_record(
        meeting=meeting,
        title="Interpreters not booked",
        actor=personas.lead,
        communities=["Bangladeshi women"],
        theme_codes=["access.language"],
        raised_by=register["group"],
    )
    assert groups_read.panel_issues(panel=panel)[0]["status"] == "Open"
    services.panel_issue_update(issue=issue, actor=personas.lead, follow_up="Raised with the trust")
    services.panel_issue_update(issue=issue, actor=personas.lead, reported_back="Booking now automatic")
    row = groups_read.panel_issues(panel=panel)[0]
    assert row["status"] == "Reported back" and row["communities"] == ["Bangladeshi women"]
    with pytest.raises(ValidationError, match="quarterly"):
        services.panel_meeting_record(
            panel=panel, held_on=dt.date(2026, 2, 1), actor=personas.lead, kind="regular"
        )
