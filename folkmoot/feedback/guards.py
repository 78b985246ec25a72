"""The lifecycle rule Feed back adds: an engagement is "reported" only when every finding has a decision."""

from __future__ import annotations

from .models import Finding


def reported_needs_decisions(engagement, to: str) -> list[str]:
    if to != "reported":
        return []
    findings = Finding.objects.filter(engagement=engagement)
    if not findings.exists():
        return [
            "This engagement has no findings yet. Add what people said (“You said”) and a decision for each "
            "(“We did”) on its feedback page before marking it reported."
        ]
    missing = findings.filter(decision__isnull=True).count()
    if missing:
        noun = "finding has" if missing == 1 else "findings have"
        return [f"{missing} {noun} no decision yet. Record a decision (“We did”) for every finding first."]
    return []
