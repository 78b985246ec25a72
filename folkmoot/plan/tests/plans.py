"""Plan documents for tests: a strong plan that passes every rule, and ways to break each rule."""

from __future__ import annotations

import copy
import datetime as dt

from folkmoot.plan.demo import strong_plan_data, weak_plan_data

START = dt.date(2027, 1, 11)


def strong() -> dict:
    return copy.deepcopy(strong_plan_data(START))


def weak() -> dict:
    return copy.deepcopy(weak_plan_data(START))


def _set(path: str, value):
    def apply(plan: dict) -> dict:
        node = plan
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if value is _DELETE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
        return plan

    return apply


_DELETE = object()


def _d(days: int) -> str:
    return (START + dt.timedelta(days=days)).isoformat()


def _chain(*fns):
    def apply(plan):
        for fn in fns:
            plan = fn(plan)
        return plan

    return apply


# rule id -> a change to the strong plan that breaks exactly that rule (perhaps others too).
BREAKS = {
    "aim_missing": _set("aims.why", "Get views."),
    "decision_missing": _set("aims.decision", _DELETE),
    "decision_date_missing": _set("aims.decision_date", _DELETE),
    "not_formative": _set("aims.decision_date", _d(-1)),
    "no_influence": _set("scope.can_change", []),
    "cannot_change_missing": _set("scope.cannot_change", []),
    "level_missing": _set("level", _DELETE),
    "public_summary_unclear": _set(
        "aims.public_summary", "The ICB will deliver a transformation of the CAMHS pathway."
    ),
    "substantial_without_scrutiny": _set("scrutiny", {}),
    "duties_unscreened": _set("duties", {}),
    "no_existing_evidence": _set("evidence", []),
    "no_methods": _set("methods", []),
    "only_online": _set("methods", [{"method": "online_survey"}, {"method": "social_media"}]),
    "no_target_groups": _set("audiences", []),
    "audience_unreached": lambda p: (p["audiences"][1].update(methods=[]), p)[1],
    "inclusion_plan_missing": _set("inclusion", {}),
    "no_partners": _set("partners", []),
    "communications_missing": _set("communications", {}),
    "dates_missing": _set("timeline.start", _DELETE),
    "window_too_short": _chain(_set("timeline.end", _d(20)), _set("timeline.extension_days", 0)),
    "holiday_clash": _set("timeline.extension_days", 0),
    "key_dates_missing": _set("timeline.key_dates", []),
    "no_budget": _set("budget.total", 0),
    "no_accessibility_budget": _set("budget.accessibility", _DELETE),
    "no_partner_budget": _set("budget.partner_payments", 0),
    "partners_unpaid": lambda p: (p["partners"][0].update(paid=False), p)[1],
    "translation_unbudgeted": _set("budget.translation", 0),
    "no_feedback_date": _set("feedback.date", _DELETE),
    "feedback_too_late": _set("feedback.date", _d(90 + 85)),
    "feedback_how_missing": _set("feedback.how", _DELETE),
    "no_evaluation": _set("evaluation", {}),
    "influence_route_missing": _set("influence", {}),
}
