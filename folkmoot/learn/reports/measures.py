"""The annual report's measures: one table, each measure tied to a Healthwatch principle with its definition.

A measure is asked of each engagement's facts and answers True (met), False (not met) or None (does not
apply yet, e.g. feedback not due). A principle's score is the share of applicable answers that are True.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from folkmoot.core.models import Engagement

PRINCIPLES = {
    1: "Why? Clearly identify why there is a need to engage",
    2: "Transparent about what will happen as a result",
    3: "Partnership: work with others, avoid duplication",
    4: "Inclusive: different, accessible ways to take part",
    5: "Timely: enough time, don't rush",
    6: "Resourced: resource and skills for target communities",
    7: "Outcome: close the feedback loop",
    8: "Learning: recognise best practice and evaluate",
}
OFFLINE_CHANNELS = {"paper", "phone", "event"}
MIN_WINDOW_DAYS = 42  # six weeks, the planning check's default minimum (principles.md, principle 5)


@dataclass
class Facts:
    """What each stage records about one engagement, read once through the stages' selectors."""

    engagement: Engagement
    plan_data: dict | None = None
    channels: dict[str, int] = field(default_factory=dict)
    events: int = 0
    partner_events: int = 0
    missing: dict = field(default_factory=dict)
    partners_paid: float | None = None
    findings: int = 0
    undecided: int = 0
    told_on_time: bool | None = None
    evaluations: int = 0
    reflections: int = 0


def gather(engagement: Engagement) -> Facts:
    from folkmoot.feedback import selectors as feedback
    from folkmoot.listen.selectors import channel_counts, events_for_engagement
    from folkmoot.plan.selectors import plan_for
    from folkmoot.understand.selectors import who_is_missing

    from .. import selectors as learn

    plan = plan_for(engagement=engagement)
    events = list(events_for_engagement(engagement=engagement))
    decisions = feedback.decisions_for(engagement=engagement)
    facts = Facts(
        engagement=engagement,
        plan_data=plan.data if plan is not None else None,
        channels=channel_counts(engagement=engagement),
        events=len(events),
        partner_events=sum(1 for e in events if e.partner_id),
        missing=who_is_missing(engagement=engagement),
        findings=len(decisions),
        undecided=sum(1 for d in decisions if d["outcome"] in (None, "deciding")),
        told_on_time=feedback.told_on_time(engagement=engagement),
        evaluations=learn.evaluations_for(engagement=engagement).count(),
        reflections=learn.reflections_for(engagement=engagement).count(),
    )
    try:
        from folkmoot.reach.selectors import partner_payments
    except ImportError:  # Reach is optional: without it the measure does not apply
        partner_payments = None
    if partner_payments is not None:
        facts.partners_paid = float(partner_payments(engagement=engagement)["agreed"])
    return facts


def _plan(f: Facts, *path: str):
    node = f.plan_data
    if node is None:
        return None
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _window_days(f: Facts) -> int | None:
    e = f.engagement
    if e.starts_on and e.ends_on:
        return (e.ends_on - e.starts_on).days
    return None


@dataclass(frozen=True)
class Measure:
    code: str
    principle: int
    name: str
    definition: str
    test: Callable[[Facts], bool | None]


MEASURES: list[Measure] = [
    Measure(
        "goal_recorded",
        1,
        "Goal recorded",
        "Share of engagements with a plan that says why we are engaging.",
        lambda f: bool(_plan(f, "aims", "why")),
    ),
    Measure(
        "influence_stated",
        2,
        "What people can and cannot change",
        "Share of engagements whose plan lists both what people can influence and what is not up for change.",
        lambda f: bool(_plan(f, "scope", "can_change")) and bool(_plan(f, "scope", "cannot_change")),
    ),
    Measure(
        "worked_with_partners",
        3,
        "Worked with partners",
        "Share of engagements whose plan names partner organisations, or with an event run with a partner.",
        lambda f: bool(_plan(f, "partners")) or f.partner_events > 0,
    ),
    Measure(
        "offline_methods",
        4,
        "Offline ways to take part",
        "Share of engagements that heard from people on paper, by phone or at an event.",
        lambda f: f.events > 0 or any(f.channels.get(c) for c in OFFLINE_CHANNELS),
    ),
    Measure(
        "equality_analysis",
        4,
        "Equality analysis",
        "Share of engagements where who took part was compared with the area's population.",
        lambda f: bool(f.missing) and not f.missing.get("error") and bool(f.missing.get("characteristics")),
    ),
    Measure(
        "six_weeks",
        5,
        "At least six weeks",
        f"Share of engagements open for at least {MIN_WINDOW_DAYS} days (engagements without dates do not count).",
        lambda f: None if _window_days(f) is None else _window_days(f) >= MIN_WINDOW_DAYS,
    ),
    Measure(
        "paid_partners",
        6,
        "Partners paid",
        "Share of engagements with money agreed for community partners (needs Reach's partner ledger).",
        lambda f: None if f.partners_paid is None else f.partners_paid > 0,
    ),
    Measure(
        "feedback_on_time",
        7,
        "Feedback on time",
        "Share of engagements whose feedback was due that told people what happened by the promised date.",
        lambda f: f.told_on_time,
    ),
    Measure(
        "findings_decided",
        7,
        "Every finding answered",
        "Share of engagements with findings where every finding has a decision (did, partly or could not).",
        lambda f: None if f.findings == 0 else f.undecided == 0,
    ),
    Measure(
        "evaluated",
        8,
        "Evaluated",
        "Share of engagements with participants' evaluations or a staff reflection.",
        lambda f: f.evaluations > 0 or f.reflections > 0,
    ),
]
