"""Data files kept in plan/data/: the methods catalogue, holidays and festivals, NHS jargon. Loaded once."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


@cache
def methods() -> tuple[dict, ...]:
    return tuple(yaml.safe_load((DATA / "methods.yaml").read_text())["methods"])


@cache
def methods_by_id() -> dict[str, dict]:
    return {m["id"]: m for m in methods()}


@cache
def periods() -> tuple[dict, ...]:
    """Holidays and festivals as {kind, name, start: date, end: date, source}."""
    rows = yaml.safe_load((DATA / "festivals.yaml").read_text())["periods"]
    return tuple(
        {**row, "start": dt.date.fromisoformat(row["start"]), "end": dt.date.fromisoformat(row["end"])}
        for row in rows
    )


def periods_overlapping(start: dt.date, end: dt.date) -> list[dict]:
    """Periods that overlap [start, end], each with `days` of overlap."""
    found = []
    for period in periods():
        first, last = max(start, period["start"]), min(end, period["end"])
        if first <= last:
            found.append({**period, "days": (last - first).days + 1})
    return found


@cache
def jargon() -> tuple[dict, ...]:
    return tuple(yaml.safe_load((DATA / "jargon.yaml").read_text())["terms"])
