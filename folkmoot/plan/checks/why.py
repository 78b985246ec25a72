"""Why and Transparent (Healthwatch 1-2), NHSE 1, 6 and 9, Gunning 1, 2 and 4: aims, decision, scope."""

from __future__ import annotations

from ..readability import readability_report
from ..schema import DUTIES, date_at, get
from . import GUNNING, NHSE, rule

MIN_AIM_WORDS = 6


@rule("aim_missing", "Why", [NHSE[1]])
def aim_missing(plan):
    """No clear aim: why the engagement is needed, in at least a sentence."""
    why = get(plan, "aims.why", "")
    if len(why.split()) < MIN_AIM_WORDS:
        yield (
            "error",
            "aims.why",
            "Say clearly why you need to engage: what you want to find out and what it will change "
            f"(at least {MIN_AIM_WORDS} words).",
        )


@rule("decision_missing", "Why", [NHSE[1], GUNNING[4]])
def decision_missing(plan):
    """No decision named that the engagement informs."""
    if not get(plan, "aims.decision"):
        yield (
            "error",
            "aims.decision",
            "Name the decision this engagement will inform and who makes it, so people know what their views can change.",
        )


@rule("decision_date_missing", GUNNING[1], ["Timely", NHSE[2]])
def decision_date_missing(plan):
    """No decision date, so nobody can tell whether the engagement comes early enough."""
    if not get(plan, "aims.decision_date"):
        yield (
            "error",
            "aims.decision_date",
            "Add the date the decision will be made, so you can show people are asked while options are still open.",
        )


@rule("not_formative", GUNNING[1], ["Timely", NHSE[2]])
def not_formative(plan):
    """The engagement starts on or after the decision date, or ends too late to be considered."""
    decision, start, end = (
        date_at(plan, "aims.decision_date"),
        date_at(plan, "timeline.start"),
        date_at(plan, "timeline.end"),
    )
    if not decision:
        return
    if start and start >= decision:
        yield (
            "error",
            "timeline.start",
            f"The engagement starts on {start}, after the decision date ({decision}). Start earlier, "
            "or move the decision, so views are asked for while the proposal is still at a formative stage.",
        )
    elif end and end > decision:
        yield (
            "error",
            "timeline.end",
            f"The engagement ends on {end}, after the decision date ({decision}). End it at least two weeks "
            "before the decision so the findings can be considered.",
        )
    elif end and (decision - end).days < 14:
        yield (
            "warning",
            "aims.decision_date",
            f"Only {(decision - end).days} days between the end and the decision. Allow at least two weeks "
            "to analyse and report the findings to the decision-makers.",
        )


@rule("no_influence", "Why", [NHSE[1]])
def no_influence(plan):
    """Nothing listed that people can change."""
    if not get(plan, "scope.can_change"):
        yield (
            "error",
            "scope.can_change",
            "List what people can influence. If nothing can change, this is information, not engagement: say so.",
        )


@rule("cannot_change_missing", "Transparent", [GUNNING[2]])
def cannot_change_missing(plan):
    """Nothing listed as 'cannot influence', or listed without a reason."""
    items = get(plan, "scope.cannot_change", [])
    if not items:
        yield (
            "error",
            "scope.cannot_change",
            "List what is not up for change (budget, legal or clinical limits) and why, so people do not expect what you cannot give.",
        )
    for i, item in enumerate(items):
        if not item.get("why"):
            yield (
                "warning",
                f"scope.cannot_change[{i}].why",
                f"Explain why '{item.get('item', '')}' cannot change.",
            )


@rule("level_missing", "Transparent", [NHSE[7]])
def level_missing(plan):
    """No level of involvement chosen."""
    if not get(plan, "level"):
        yield (
            "warning",
            "level",
            "Choose the level (inform, consult, involve, collaborate, co-produce) so people know how much power they have.",
        )


@rule("public_summary_unclear", "Transparent", [NHSE[6], GUNNING[2]])
def public_summary_unclear(plan):
    """The public summary is missing, too hard to read or full of NHS jargon."""
    text = get(plan, "aims.public_summary", "")
    if not text:
        yield (
            "warning",
            "aims.public_summary",
            "Write a short public summary in plain English: why you are asking, what can change, when you will report back.",
        )
        return
    report = readability_report(text)
    if report.reading_age and report.reading_age > 14:
        yield (
            "warning",
            "aims.public_summary",
            f"The public summary has a reading age of about {report.reading_age:g}. Aim for 9 to 11: shorter sentences, everyday words.",
        )
    if report.flags:
        words = ", ".join(f"{f.found} ({f.say_instead})" for f in report.flags[:5])
        yield ("warning", "aims.public_summary", f"Replace or explain jargon in the public summary: {words}.")


@rule("substantial_without_scrutiny", NHSE[9], ["Transparent"])
def substantial_without_scrutiny(plan):
    """A substantial development or variation without consulting the overview and scrutiny committee."""
    if plan.get("substantial_change") and not get(plan, "scrutiny.consulted"):
        yield (
            "error",
            "scrutiny.consulted",
            "This is a substantial change: consult the council's health overview and scrutiny committee "
            "(SI 2013/218 reg 23), giving them dates for comments and the decision, and record when.",
        )
    if plan.get("substantial_change") is None:
        yield (
            "warning",
            "substantial_change",
            "Say whether this is a substantial development or variation of services (agree it with the scrutiny committee).",
        )


@rule("duties_unscreened", NHSE[9], ["Transparent"])
def duties_unscreened(plan):
    """Legal duties not screened: each must be marked applies yes or no, with a reason."""
    duties = plan.get("duties", {})
    missing = [key for key in DUTIES if duties.get(key, {}).get("applies") is None]
    if missing:
        yield (
            "warning",
            "duties",
            f"Answer the legal-duty screening for {len(missing)} duty(ies) ({', '.join(missing)}): say whether it applies and why.",
        )
    for key, answer in duties.items():
        if answer.get("applies") is not None and not answer.get("why"):
            yield ("warning", f"duties.{key}.why", f"Record why {DUTIES[key]} does or does not apply.")


@rule("no_existing_evidence", "Partnership", [NHSE[3], NHSE[10]])
def no_existing_evidence(plan):
    """No existing evidence listed: has this been asked before?"""
    if not plan.get("evidence"):
        yield (
            "warning",
            "evidence",
            "List what people have already told you (past engagement, Healthwatch reports). Use 'Asked before?' to find it.",
        )
