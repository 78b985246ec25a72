"""Every rule: the strong plan passes it, and a plan that breaks it gets a finding that says what to do."""

from __future__ import annotations

import datetime as dt

import pytest

from folkmoot.plan import checks
from folkmoot.plan.checks import timely

from .plans import BREAKS, START, strong, weak


def _rules_hit(plan: dict) -> set[str]:
    return {f.rule for f in checks.run(plan)}


def test_every_rule_has_a_breaking_plan():
    assert set(BREAKS) == set(checks.RULES)


def test_strong_plan_passes_every_rule():
    findings = checks.run(strong())
    assert [f.as_dict() for f in findings if f.severity != "info"] == []


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_rule_finds_the_plan_that_breaks_it(rule_id):
    plan = BREAKS[rule_id](strong())
    hits = [f for f in checks.run(plan) if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire"
    for f in hits:
        assert f.severity in checks.SEVERITIES
        assert f.field and f.message.endswith((".", ")"))
        assert f.principle in checks.summary([])


def test_finding_json_has_exactly_the_four_fields():
    finding = checks.run(weak())[0]
    assert set(finding.as_dict()) == {"principle", "severity", "field", "message"}


def test_weak_plan_has_errors_on_at_least_five_principles():
    findings = checks.run(weak())
    assert len(checks.principles_failing(findings)) >= 5
    summary = checks.summary(findings)
    assert summary["Why"]["status"] == "fail"
    assert summary["Outcome"]["status"] == "fail"
    assert summary["Gunning 1: Formative stage"]["status"] == "fail"


def test_summary_covers_all_three_frameworks():
    summary = checks.summary([])
    assert len(summary) == 8 + 10 + 4
    assert {s["status"] for s in summary.values()} == {"pass"}


@pytest.mark.parametrize(
    ("level", "days", "fires"),
    [("consult", 41, True), ("consult", 42, False), ("co_produce", 83, True), ("inform", 14, False)],
)
def test_window_minimum_depends_on_level(level, days, fires):
    plan = {
        "level": level,
        "timeline": {
            "start": "2027-09-06",
            "end": (dt.date(2027, 9, 6) + dt.timedelta(days=days - 1)).isoformat(),
        },
    }
    hits = [f for f in checks.run(plan) if f.rule == "window_too_short" and f.severity == "error"]
    assert bool(hits) is fires


def test_christmas_window_needs_an_extension():
    plan = {"timeline": {"start": "2027-12-01", "end": "2028-01-20"}}
    clash = [f for f in checks.run(plan) if f.rule == "holiday_clash"]
    assert clash and "Christmas" in clash[0].message
    plan["timeline"]["extension_days"] = timely.MAX_EXTENSION_NEEDED
    assert "holiday_clash" not in _rules_hit(plan)


def test_a_window_in_term_time_with_no_festival_needs_no_extension():
    assert "holiday_clash" not in _rules_hit({"timeline": {"start": "2027-09-06", "end": "2027-10-15"}})


def test_feedback_exactly_twelve_weeks_after_the_end_is_in_time():
    plan = strong()
    end = dt.date.fromisoformat(plan["timeline"]["end"])
    plan["feedback"]["date"] = (end + dt.timedelta(days=84)).isoformat()
    assert "feedback_too_late" not in _rules_hit(plan)


def test_engagement_ending_after_decision_is_not_formative():
    plan = strong()
    plan["aims"]["decision_date"] = (START + dt.timedelta(days=60)).isoformat()
    hits = [f for f in checks.run(plan) if f.rule == "not_formative"]
    assert hits[0].field == "timeline.end"


def test_methods_that_miss_a_group_get_a_warning():
    plan = strong()
    plan["audiences"][1]["methods"] = ["online_survey"]  # homeless people, digitally excluded
    hits = [f for f in checks.run(plan) if f.rule == "audience_unreached"]
    assert hits[0].severity == "warning" and "tend to miss" in hits[0].message


def test_vcse_audience_without_partner_budget_is_an_error_even_without_partners():
    plan = strong()
    plan["partners"] = []
    plan["budget"]["partner_payments"] = 0
    plan["audiences"].append(
        {"name": "Local charities", "kind": "vcse_partner", "how_reached": "x", "methods": ["drop_in"]}
    )
    hits = [f for f in checks.run(plan) if f.rule == "no_partner_budget"]
    assert hits[0].severity == "error"
