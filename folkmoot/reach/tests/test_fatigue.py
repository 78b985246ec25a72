import datetime as dt

import pytest

from folkmoot.reach import selectors, services

TODAY = dt.date(2026, 3, 1)


def _ask(personas, who, days_ago, told_back="", asked_by=None):
    return services.contact_record(
        stakeholder=who,
        actor=personas.lead,
        kind="invitation",
        on=TODAY - dt.timedelta(days=days_ago),
        asked_by=asked_by,
        engagement=personas.engagement,
        summary="Invited to the urgent care survey",
        told_back=told_back,
    )


@pytest.mark.sqlite
def test_fatigue_counts_asks_by_the_organisation_and_its_partners_for_a_community(personas, register):
    _ask(personas, register["group"], 60, told_back="You said, we did: longer opening hours")
    _ask(personas, register["peer"], 30, asked_by=personas.vcse)
    _ask(personas, register["peer"], 5)
    result = selectors.fatigue(organisation=personas.organisation, community="carers", today=TODAY)
    assert result["asks_in_window"] == 3 and result["threshold"] == 3
    assert result["fatigued"] is True
    assert result["told_back"] == 1 and result["not_told_back"] == 2
    assert result["last_asked_on"] == "2026-02-24" and result["days_since_last"] == 5
    assert any("Test Community Group" == h["asked_by"] for h in result["history"])
    assert "Asked 3 times" in result["reasons"][0]


def test_fatigue_threshold_is_set_per_organisation(personas, register):
    _ask(personas, register["faith"], 40)
    _ask(personas, register["faith"], 20)
    assert (
        selectors.fatigue(organisation=personas.organisation, stakeholder=register["faith"], today=TODAY)[
            "fatigued"
        ]
        is False
    )
    services.reach_settings_set(organisation=personas.organisation, actor=personas.admin, fatigue_max_asks=2)
    result = selectors.fatigue(organisation=personas.organisation, stakeholder=register["faith"], today=TODAY)
    assert result["fatigued"] is True and result["threshold"] == 2


def test_asks_outside_the_window_count_in_history_but_not_against_the_threshold(personas, register):
    for days in (200, 210, 220):
        _ask(personas, register["faith"], days)
    result = selectors.fatigue(organisation=personas.organisation, stakeholder=register["faith"], today=TODAY)
    assert result["asks_total"] == 3 and result["asks_in_window"] == 0 and result["fatigued"] is False


def test_contact_history_lists_contacts_and_paid_partnerships_newest_first(personas, register, agreement):
    _ask(personas, register["group"], 10, told_back="Report sent")
    history = selectors.contact_history(stakeholder=register["group"])
    assert [h["kind"] for h in history] == ["invitation", "agreement"]
    assert history[0]["engagement"] == personas.engagement and history[0]["told_back"] == "Report sent"
