"""Plan checks against the Healthwatch 8 principles, NHS England's 10 principles and the 4 Gunning
principles. Each rule is a small function in a module named after the principles it serves; it takes
the plan document and yields Findings whose message says what to do. `run(plan_data)` runs them all.

A finding has exactly `principle`, `severity` (error|warning|info), `field` and `message` in JSON;
`rule` and `also` (the other principles the rule serves) are used for the per-principle summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

HEALTHWATCH = ["Why", "Transparent", "Partnership", "Inclusive", "Timely", "Resourced", "Outcome", "Learning"]
NHSE = {
    1: "NHSE 1: Voices at the centre of decisions",
    2: "NHSE 2: Start early and feed back",
    3: "NHSE 3: Understand community needs",
    4: "NHSE 4: Relationships with excluded groups",
    5: "NHSE 5: Healthwatch and VCSE as partners",
    6: "NHSE 6: Clear, accessible information",
    7: "NHSE 7: Community-centred approaches",
    8: "NHSE 8: A range of ways to take part",
    9: "NHSE 9: Service change in partnership",
    10: "NHSE 10: Learn from what works",
}
GUNNING = {
    1: "Gunning 1: Formative stage",
    2: "Gunning 2: Sufficient information",
    3: "Gunning 3: Adequate time",
    4: "Gunning 4: Conscientious consideration",
}
FRAMEWORKS = {
    "Healthwatch 8 principles": HEALTHWATCH,
    "NHS England 10 principles": list(NHSE.values()),
    "Gunning principles": list(GUNNING.values()),
}
SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    principle: str
    severity: str
    field: str
    message: str
    rule: str = ""
    also: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "principle": self.principle,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class Rule:
    id: str
    principle: str
    also: list[str]
    fn: Callable[[dict], Iterable[tuple[str, str, str]]]
    doc: str


RULES: dict[str, Rule] = {}


def rule(id: str, principle: str, also: list[str] | None = None):
    """Register a rule: fn(plan) yields (severity, field, message)."""

    def register(fn):
        RULES[id] = Rule(id, principle, also or [], fn, (fn.__doc__ or "").strip())
        return fn

    return register


def run(plan_data: dict) -> list[Finding]:
    findings = []
    for r in RULES.values():
        for severity, field_name, message in r.fn(plan_data or {}):
            findings.append(Finding(r.principle, severity, field_name, message, rule=r.id, also=r.also))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order[f.severity])


def summary(findings: list[Finding]) -> dict[str, dict]:
    """Per principle of every framework: counts and a status (fail if any error, warn, or pass)."""
    out: dict[str, dict] = {}
    for framework, principles in FRAMEWORKS.items():
        for principle in principles:
            hits = [f for f in findings if f.principle == principle or principle in f.also]
            counts = {s: sum(1 for f in hits if f.severity == s) for s in SEVERITIES}
            status = "fail" if counts["error"] else "warn" if counts["warning"] else "pass"
            out[principle] = {
                "framework": framework,
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
                "status": status,
            }
    return out


def principles_failing(findings: list[Finding]) -> list[str]:
    return sorted({f.principle for f in findings if f.severity == "error"})


# Register the rules.
from . import inclusive, outcome, resourced, timely, why  # noqa: E402,F401
