"""Timely (Healthwatch 5) and Gunning 3: the window is long enough for its level and avoids holidays."""

from __future__ import annotations

from .. import catalogue
from ..schema import date_at, get
from . import GUNNING, NHSE, rule

# Minimum window in days by level. Consultations: 12 weeks is custom, not law (Gunning 3); 6 weeks the floor.
MIN_DAYS = {"inform": 14, "consult": 42, "involve": 42, "collaborate": 56, "co_produce": 84}
USUAL_DAYS = {"consult": 84}
MAX_EXTENSION_NEEDED = 14


@rule("dates_missing", "Timely", [GUNNING[3]])
def dates_missing(plan):
    """No start or end date."""
    for key in ("start", "end"):
        if not get(plan, f"timeline.{key}"):
            yield ("error", f"timeline.{key}", f"Add the {key} date of the engagement.")


@rule("window_too_short", GUNNING[3], ["Timely"])
def window_too_short(plan):
    """The window is too short for the level of involvement."""
    start, end, level = date_at(plan, "timeline.start"), date_at(plan, "timeline.end"), get(plan, "level")
    if not (start and end and level in MIN_DAYS):
        return
    days = (end - start).days + 1 + int(get(plan, "timeline.extension_days", 0) or 0)
    if days < MIN_DAYS[level]:
        yield (
            "error",
            "timeline.end",
            f"{days} days is too short to {level.replace('_', '-')}: allow at least {MIN_DAYS[level] // 7} weeks "
            "so people, and the partners who reach them, have time to take part.",
        )
    elif level in USUAL_DAYS and days < USUAL_DAYS[level]:
        yield (
            "info",
            "timeline.end",
            f"{days} days. Consultations usually run 12 weeks; record why a shorter window is fair.",
        )


@rule("holiday_clash", "Timely", [GUNNING[3], NHSE[4]])
def holiday_clash(plan):
    """The window crosses school holidays, Christmas or a major religious festival without an extension."""
    start, end = date_at(plan, "timeline.start"), date_at(plan, "timeline.end")
    if not (start and end) or end < start:
        return
    clashes = catalogue.periods_overlapping(start, end)
    if not clashes:
        return
    covered = set()
    for period in clashes:
        first, last = max(start, period["start"]), min(end, period["end"])
        covered |= {first.toordinal() + i for i in range((last - first).days + 1)}
    needed = min(len(covered), MAX_EXTENSION_NEEDED)
    extension = int(get(plan, "timeline.extension_days", 0) or 0)
    if extension < needed:
        names = ", ".join(sorted({p["name"] for p in clashes}))
        yield (
            "warning",
            "timeline",
            f"The window crosses {names}. Extend it by at least {needed} days (timeline.extension_days) "
            "or move it, and ask the communities affected which dates suit them.",
        )


@rule("key_dates_missing", "Timely", [NHSE[2]])
def key_dates_missing(plan):
    """No key dates (events, partner deadlines, board meetings)."""
    if not get(plan, "timeline.key_dates"):
        yield (
            "info",
            "timeline.key_dates",
            "Add key dates: events, partner deadlines, the board meeting that decides.",
        )
