"""The evidence pack for one engagement: every stage's record in one PDF, suppressed figures only.

Each section reads its stage only through that stage's selectors (docs/contracts.md). A section whose source
has nothing to show says so in plain words instead of failing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from folkmoot.core.models import Engagement, User

from .. import selectors as learn_selectors
from .charts import bar_svg

OUTCOME_LABELS = {
    "did": "We did this",
    "partly": "We partly did this",
    "could_not": "We could not do this",
    "deciding": "Still deciding",
    None: "No decision yet",
}


def _plan_section(engagement: Engagement) -> dict:
    from folkmoot.plan import schema
    from folkmoot.plan.selectors import plan_for
    from folkmoot.plan.services import plan_check_result

    plan = plan_for(engagement=engagement)
    if plan is None:
        return {"plan": None}
    check = plan_check_result(plan.data)
    duties = [
        {
            "label": schema.DUTIES.get(key, key),
            "applies": bool(value.get("applies")),
            "why": value.get("why", ""),
        }
        for key, value in plan.duties.items()
        if isinstance(value, dict)
    ]
    return {
        "plan": plan,
        "status": plan.get_status_display(),
        "level": schema.LEVEL_LABELS.get(plan.level, plan.level or "Not set"),
        "aims": plan.data.get("aims", {}),
        "target_groups": plan.target_groups,
        "methods": plan.methods,
        "check": check,
        "duties": duties,
        "feedback_due_on": plan.feedback_due_on,
    }


def _methods_section(engagement: Engagement) -> dict:
    from folkmoot.listen.selectors import channel_counts, events_for_engagement
    from folkmoot.understand.disclosure import protect

    raw = channel_counts(engagement=engagement)
    channels = protect(raw, organisation=engagement.organisation) if raw else {}
    events = list(events_for_engagement(engagement=engagement))
    return {
        "channels": channels,
        "channels_chart": bar_svg(channels, title="Responses by channel"),
        "events": events,
    }


def _missing_section(engagement: Engagement) -> dict:
    from folkmoot.understand.selectors import who_is_missing

    report = who_is_missing(engagement=engagement)
    if report.get("error"):
        return {"error": report["error"], "groups": [], "n": None}
    return {
        "error": "",
        "n": report.get("n"),
        "groups": missing_groups(report),
        "summary": report.get("summary"),
    }


def missing_groups(report: dict) -> list[str]:
    """The groups a who-is-missing report flags as under-represented, as "Characteristic: group" labels."""
    out = []
    for characteristic in report.get("characteristics", []):
        name = characteristic.get("title") or characteristic.get("name", "")
        for category in characteristic.get("categories", []) or []:
            if category.get("flag") == "under":
                out.append(f"{name}: {category.get('category')}")
    return out


def _themes_section(engagement: Engagement, user: User | None) -> dict:
    from folkmoot.understand.themes import selectors as themes

    reader = user or engagement.lead
    # The pack may leave the analyst role, so counts are always the suppressed, publishable ones.
    summarise = getattr(themes, "public_theme_summary", themes.theme_summary)
    try:
        rows = summarise(engagement=engagement, user=reader) if reader is not None else None
    except PermissionDenied:
        rows = None
    if rows is None:
        return {"themes": [], "unavailable": True}
    return {"themes": rows, "unavailable": False}


def _feedback_section(engagement: Engagement) -> dict:
    from folkmoot.feedback import selectors as feedback

    decisions = feedback.decisions_for(engagement=engagement)
    for row in decisions:
        row["outcome_label"] = OUTCOME_LABELS.get(row.get("outcome"), "No decision yet")
    return {
        "decisions": decisions,
        "notifications": feedback.notification_summary(engagement=engagement),
        "due_on": feedback.feedback_due_on(engagement=engagement),
        "on_time": feedback.told_on_time(engagement=engagement),
    }


def _evaluation_section(engagement: Engagement) -> dict:
    summary = learn_selectors.evaluation_summary(engagement=engagement)
    participant = summary["participant"]
    return {
        **summary,
        "has_participants": participant["n"] != 0,
        "easy_chart": bar_svg(participant["easy_to_take_part"], title="Was it easy to take part?"),
        "listened_chart": bar_svg(participant["felt_listened_to"], title="Did you feel listened to?"),
    }


def evidence_context(*, engagement: Engagement, user: User | None = None) -> dict:
    return {
        "engagement": engagement,
        "organisation": engagement.organisation,
        "plan": _plan_section(engagement),
        "methods": _methods_section(engagement),
        "missing": _missing_section(engagement),
        "themes": _themes_section(engagement, user),
        "feedback": _feedback_section(engagement),
        "evaluation": _evaluation_section(engagement),
        "generated": timezone.now(),
    }


def evidence_summary(context: dict) -> dict:
    """The figures a command prints as JSON: what each section found."""
    return {
        "engagement": context["engagement"].slug,
        "has_plan": context["plan"]["plan"] is not None,
        "plan_errors": context["plan"]["check"]["errors"] if context["plan"]["plan"] else None,
        "channels": context["methods"]["channels"],
        "events": len(context["methods"]["events"]),
        "missing_groups": context["missing"]["groups"],
        "themes": len(context["themes"]["themes"]),
        "findings": len(context["feedback"]["decisions"]),
        "told": context["feedback"]["notifications"].get("told"),
        "told_on_time": context["feedback"]["on_time"],
        "evaluations": context["evaluation"]["participant"]["n"],
        "reflections": len(context["evaluation"]["staff"]),
    }


def evidence_pdf(*, engagement: Engagement, user: User | None = None) -> tuple[bytes, dict]:
    from .pdf import html_to_pdf

    context = evidence_context(engagement=engagement, user=user)
    html = render_to_string("learn/pdf/evidence.jinja", context)
    return html_to_pdf(html), evidence_summary(context)
