"""Outcome and Learning (Healthwatch 7-8), NHSE 2 and 10, Gunning 4: feedback and evaluation."""

from __future__ import annotations

from ..schema import date_at, get
from . import GUNNING, NHSE, rule

MAX_FEEDBACK_DAYS = 84  # 12 weeks after the end


@rule("no_feedback_date", "Outcome", [NHSE[2]])
def no_feedback_date(plan):
    """No date by which people will hear back."""
    if not get(plan, "feedback.date"):
        yield (
            "error",
            "feedback.date",
            "Promise a date by which people will hear what happened, and tell them at the start.",
        )


@rule("feedback_too_late", "Outcome", [NHSE[2]])
def feedback_too_late(plan):
    """Feedback more than 12 weeks after the end."""
    end, feedback = date_at(plan, "timeline.end"), date_at(plan, "feedback.date")
    if end and feedback and (feedback - end).days > MAX_FEEDBACK_DAYS:
        yield (
            "error",
            "feedback.date",
            f"Feedback is due {(feedback - end).days // 7} weeks after the end. Feed back within 12 weeks "
            "(an interim update counts) so people see their views mattered.",
        )


@rule("feedback_how_missing", "Outcome", [GUNNING[4]])
def feedback_how_missing(plan):
    """No description of how people will hear back."""
    if not get(plan, "feedback.how"):
        yield (
            "warning",
            "feedback.how",
            "Say how people will hear back ('you said, we did'), in the channel and format they choose.",
        )


@rule("no_evaluation", "Learning", [NHSE[10]])
def no_evaluation(plan):
    """No evaluation planned."""
    if not get(plan, "evaluation.how"):
        yield (
            "error",
            "evaluation.how",
            "Plan how you will evaluate the engagement, including asking participants what worked, and share what you learn.",
        )


@rule("influence_route_missing", NHSE[1], [GUNNING[4]])
def influence_route_missing(plan):
    """No route for findings to reach the decision-makers."""
    if not get(plan, "influence.route"):
        yield (
            "warning",
            "influence.route",
            "Say how the findings will reach the decision-makers (which board or meeting, which paper) and be weighed.",
        )
