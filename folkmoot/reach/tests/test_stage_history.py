"""Contact history and fatigue include what Listen and Feed back recorded about a partner organisation:
events it ran, responses it collected (counts, never answers) and the outcome messages it was sent."""

import datetime as dt

import pytest
from django.utils import timezone

from folkmoot.feedback.models import Audience, DeliveryStatus, Notification
from folkmoot.listen import services as listen
from folkmoot.reach import selectors

from .conftest import add

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def partner(personas):
    """The register entry for the VCSE group the engagement is shared with."""
    return add(
        personas, "Test Community Group (register)", linked_organisation=personas.vcse, communities=["Carers"]
    )


@pytest.fixture
def activity(personas):
    listen.event_record(
        actor=None,
        engagement=personas.engagement,
        kind="focus_group",
        held_on=dt.date(2026, 2, 20),
        place="Riverside community centre",
        attendance=14,
        partner=personas.vcse,
        check_permission=False,
    )
    survey = listen.survey_create(
        actor=None, engagement=personas.engagement, title="Urgent care", check_permission=False
    )
    listen.question_add(survey=survey, type="text", code="story", text="Tell us what happened")
    listen.survey_set_status(actor=None, survey=survey, status="open", check_permission=False)
    for i in range(3):
        listen.response_record(
            survey=survey,
            answers={"story": f"A private story {i}"},
            channel="paper",
            partner=personas.vcse,
            submitted_at=timezone.make_aware(dt.datetime(2026, 2, 22 + i, 12)),
            check_permission=False,
        )
    listen.response_record(
        survey=survey, answers={"story": "Not collected by them"}, channel="online", check_permission=False
    )
    return survey


def test_history_shows_the_event_the_partner_ran_and_how_many_responses_it_collected(
    personas, partner, activity
):
    history = selectors.contact_history(stakeholder=partner)
    kinds = [(h["kind"], h["on"]) for h in history]
    assert ("response", dt.date(2026, 2, 24)) in kinds and ("event", dt.date(2026, 2, 20)) in kinds
    collected = next(h for h in history if h["kind"] == "response")
    assert collected["summary"] == "Collected 3 responses" and collected["engagement"] == personas.engagement
    assert "private story" not in str(history)
    event = next(h for h in history if h["kind"] == "event")
    assert "Riverside community centre" in event["summary"] and "14 came" in event["summary"]
    assert [h["on"] for h in history] == sorted((h["on"] for h in history), reverse=True)


def test_a_sent_outcome_message_is_in_history_and_marks_the_partners_work_told_back(
    personas, partner, activity
):
    Notification.objects.create(
        engagement=personas.engagement,
        audience=Audience.PARTNER,
        partner=personas.vcse,
        channel="email",
        status=DeliveryStatus.SENT,
        sent_at=timezone.make_aware(dt.datetime(2026, 2, 27, 9)),
    )
    history = selectors.contact_history(stakeholder=partner)
    message = next(h for h in history if h["kind"] == "message")
    assert message["on"] == dt.date(2026, 2, 27) and message["kind_label"] == "Told what happened"
    for h in history:
        if h["kind"] in ("event", "response"):
            assert h["told_back"] == "Told what happened by email" and h["told_back_on"] == dt.date(
                2026, 2, 27
            )


def test_fatigue_counts_what_the_partner_did_in_listen_and_what_it_was_told(personas, partner, activity):
    result = selectors.fatigue(organisation=personas.organisation, stakeholder=partner, today=TODAY)
    # The focus group and the responses collected are two times the group was asked, none told back yet.
    assert result["asks_total"] == 2 and result["asks_in_window"] == 2
    assert result["not_told_back"] == 2 and result["last_asked_on"] == "2026-02-24"
    by_community = selectors.fatigue(organisation=personas.organisation, community="carers", today=TODAY)
    assert by_community["asks_total"] == 2


def test_a_stakeholder_without_a_linked_organisation_has_no_stage_records(personas, register, activity):
    assert selectors.stage_records(register["peer"]) == []
