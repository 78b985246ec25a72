"""Who took part and who was missing, as the public page may show it: every number under disclosure control."""

from __future__ import annotations

import importlib

from folkmoot.core.models import Engagement

CHANNEL_LABELS = {
    "online": "Online survey",
    "paper": "Paper survey",
    "phone": "By phone",
    "event": "At an event",
    "import": "Collected by partners and other tools",
}


def _protect(counts: dict[str, int], organisation) -> dict:
    from folkmoot.understand.disclosure import protect

    return protect(counts, organisation=organisation)


def _protect_total(total: int, organisation):
    from folkmoot.understand.disclosure import protect_total

    return protect_total(total, organisation=organisation)


def _footnote(organisation) -> str:
    from folkmoot.understand.disclosure import Rules

    return Rules.for_organisation(organisation).footnote


def missing_sentences(engagement: Engagement) -> list[str]:
    """The plain-English summary of who was missing, when Understand provides it; never its raw figures."""
    try:
        module = importlib.import_module("folkmoot.understand.selectors")
    except ImportError:
        return []
    who_is_missing = getattr(module, "who_is_missing", None)
    if who_is_missing is None:
        return []
    report = who_is_missing(engagement=engagement)
    if report.get("unsuppressed") or report.get("error"):
        return []  # an error is a note for staff (e.g. no baseline), not for the public page
    return [str(s) for s in report.get("summary", []) if str(s).strip()]


def taking_part(engagement: Engagement) -> dict:
    from folkmoot.listen.selectors import channel_counts

    organisation = engagement.organisation
    counts = channel_counts(engagement=engagement)
    protected = _protect(counts, organisation) if counts else {}
    return {
        "total": _protect_total(sum(counts.values()), organisation),
        "channels": [
            {"label": CHANNEL_LABELS.get(key, key.title()), "count": protected[key]}
            for key in sorted(protected, key=lambda k: -counts[k])
        ],
        "missing": missing_sentences(engagement),
        "footnote": _footnote(organisation),
    }
