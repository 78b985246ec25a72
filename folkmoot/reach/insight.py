"""Reads that combine other stages' data: the methods catalogue (Plan's, reused), suggestions for a plan's
target groups, what actually reached whom (Listen's response channels and equality data, under disclosure
control). PPG reads are in groups_read.py."""

from __future__ import annotations

from folkmoot.core.models import Engagement, EngagementStatus, Organisation

from .models import Stakeholder

REACH_CHARACTERISTICS = {
    "age_band": "Age",
    "ethnic_group": "Ethnic group",
    "disability": "Disability",
    "sex": "Sex",
    "main_language": "Main language",
}


def methods(*, channel: str = "", level: str = "", group: str = "") -> list[dict]:
    from folkmoot.plan.selectors import methods_catalogue

    rows = methods_catalogue()
    if channel:
        rows = [m for m in rows if m.get("channel") == channel]
    if level:
        rows = [m for m in rows if level in (m.get("levels") or [])]
    if group:
        rows = [m for m in rows if group in (m.get("reaches_well_tags") or [])]
    return rows


def catalogue_facets() -> dict:
    from folkmoot.plan.selectors import methods_catalogue

    rows = methods_catalogue()
    return {
        "channels": sorted({m.get("channel") for m in rows if m.get("channel")}),
        "levels": sorted({lv for m in rows for lv in (m.get("levels") or [])}),
        "groups": sorted({t for m in rows for t in (m.get("reaches_well_tags") or [])}),
    }


def _words(text: str) -> set[str]:
    return {w for w in text.lower().replace("_", " ").split() if len(w) > 3}


def suggestions(*, engagement: Engagement) -> list[dict]:
    """For each target group in the engagement's plan: methods that reach it well (not badly) and register
    partners who serve a community with a matching name or tag."""
    from folkmoot.plan.selectors import methods_catalogue, plan_for

    plan = plan_for(engagement=engagement)
    if plan is None:
        return []
    catalogue = methods_catalogue()
    partners = list(Stakeholder.objects.filter(organisation=engagement.organisation))
    out = []
    for audience in plan.target_groups:
        tags = set(audience.get("tags") or [])
        words = _words(audience.get("name", "")) | {w for t in tags for w in _words(t)}
        good = [
            m
            for m in catalogue
            if tags & set(m.get("reaches_well_tags") or [])
            and not tags & set(m.get("reaches_badly_tags") or [])
        ]
        matched = [s for s in partners if words & {w for c in s.communities for w in _words(c)}]
        out.append(
            {
                "group": audience.get("name", ""),
                "tags": sorted(tags),
                "methods": good[:6],
                "partners": matched[:6],
            }
        )
    return out


def reached(*, organisation: Organisation, characteristic: str = "age_band") -> dict:
    """Closed engagements' responses by channel and one equality characteristic, suppressed for publishing."""
    from folkmoot.listen.selectors import respondent_rows
    from folkmoot.understand.disclosure import protect, protect_grid

    if characteristic not in REACH_CHARACTERISTICS:
        characteristic = "age_band"
    closed = Engagement.objects.filter(
        organisation=organisation, status__in=[EngagementStatus.CLOSED, EngagementStatus.REPORTED]
    )
    grid: dict[str, dict[str, int]] = {}
    by_channel: dict[str, int] = {}
    for engagement in closed:
        for row in respondent_rows(engagement=engagement):
            channel = row.get("channel") or "unknown"
            value = row.get(characteristic) or "Not answered"
            grid.setdefault(channel, {}).setdefault(value, 0)
            grid[channel][value] += 1
            by_channel[channel] = by_channel.get(channel, 0) + 1
    columns = sorted({c for row in grid.values() for c in row})
    for row in grid.values():
        for column in columns:
            row.setdefault(column, 0)
    return {
        "characteristic": characteristic,
        "label": REACH_CHARACTERISTICS[characteristic],
        "engagements": closed.count(),
        "columns": columns,
        "grid": protect_grid(grid, organisation=organisation) if grid else {},
        "by_channel": protect(by_channel, organisation=organisation) if by_channel else {},
    }
