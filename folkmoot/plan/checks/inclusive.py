"""Inclusive and Partnership (Healthwatch 3-4), NHSE 4, 5, 7 and 8: audiences, methods, partners."""

from __future__ import annotations

from .. import catalogue
from ..schema import get
from . import NHSE, rule


def _plan_methods(plan) -> list[dict]:
    by_id = catalogue.methods_by_id()
    return [by_id[m["method"]] for m in plan.get("methods", []) if m.get("method") in by_id]


@rule("no_methods", "Inclusive", [NHSE[8]])
def no_methods(plan):
    """No methods chosen from the catalogue."""
    if not _plan_methods(plan):
        yield (
            "error",
            "methods",
            "Choose at least two methods from the catalogue, including one that works offline.",
        )


@rule("only_online", "Inclusive", [NHSE[8], NHSE[4]])
def only_online(plan):
    """Only online methods: digitally excluded people cannot take part."""
    methods = [m for m in _plan_methods(plan) if m["kind"] == "method"]
    if methods and all(m["channel"] == "online" for m in methods):
        yield (
            "error",
            "methods",
            "Every method is online. Add an offline way to take part (paper survey, phone, drop-in, outreach via partners).",
        )


@rule("no_target_groups", "Inclusive", [NHSE[4]])
def no_target_groups(plan):
    """No audiences or target groups named."""
    if not plan.get("audiences"):
        yield (
            "error",
            "audiences",
            "Name who you need to hear from, including groups affected by inequalities, carers and staff, and how you will reach each.",
        )


@rule("audience_unreached", "Inclusive", [NHSE[4]])
def audience_unreached(plan):
    """A target group with no planned method that reaches it, or whose methods tend to miss it."""
    chosen = {m["method"] for m in plan.get("methods", [])}
    by_id = catalogue.methods_by_id()
    for i, audience in enumerate(plan.get("audiences", [])):
        name = audience.get("name", f"group {i + 1}")
        methods = [m for m in audience.get("methods", []) if m in chosen and m in by_id]
        if not methods or not audience.get("how_reached"):
            yield (
                "error",
                f"audiences[{i}]",
                f"No planned method reaches '{name}'. Pick a method from the plan for them and say how you will reach them.",
            )
            continue
        tags = set(audience.get("tags", []))
        if tags and all(tags & set(by_id[m]["reaches_badly_tags"]) for m in methods):
            yield (
                "warning",
                f"audiences[{i}].methods",
                f"The methods for '{name}' tend to miss them ({', '.join(sorted(tags))}). Add a method that reaches them well, "
                "for example outreach through a partner they trust.",
            )


@rule("inclusion_plan_missing", "Inclusive", [NHSE[6]])
def inclusion_plan_missing(plan):
    """No inclusion plan: languages, formats, venues and times."""
    inclusion = plan.get("inclusion", {})
    missing = [k for k in ("languages", "formats", "venues", "times") if not inclusion.get(k)]
    if missing:
        yield (
            "warning",
            "inclusion",
            f"Complete the inclusion plan ({', '.join(missing)}): which languages and formats (easy read, large print, BSL), "
            "which accessible venues and what times of day.",
        )


@rule("no_partners", "Partnership", [NHSE[5]])
def no_partners(plan):
    """No partners: Healthwatch and VCSE groups are key partners."""
    if not plan.get("partners"):
        yield (
            "warning",
            "partners",
            "Work with Healthwatch and local voluntary and community groups: list them and their role, or say why not.",
        )


@rule("communications_missing", "Transparent", [NHSE[6]])
def communications_missing(plan):
    """No invitation or communications plan."""
    if not get(plan, "communications.invitation"):
        yield (
            "warning",
            "communications.invitation",
            "Write the invitation people will see: why you are asking, what can change, how to take part, when you will report back.",
        )
