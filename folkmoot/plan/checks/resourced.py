"""Resourced (Healthwatch 6), NHSE 5: budget for accessibility and for partners' time."""

from __future__ import annotations

from ..schema import get
from . import NHSE, rule


@rule("no_budget", "Resourced", [])
def no_budget(plan):
    """No total budget."""
    if not get(plan, "budget.total"):
        yield (
            "error",
            "budget.total",
            "Set a realistic total budget, including staff time, venues and materials.",
        )


@rule("no_accessibility_budget", "Resourced", ["Inclusive"])
def no_accessibility_budget(plan):
    """Nothing budgeted for accessibility (easy read, BSL, large print, accessible venues, travel)."""
    if not get(plan, "budget.accessibility"):
        yield (
            "error",
            "budget.accessibility",
            "Budget for accessibility: easy read, large print, BSL interpreters, accessible venues, travel and childcare.",
        )


@rule("no_partner_budget", "Resourced", ["Partnership", NHSE[5]])
def no_partner_budget(plan):
    """Partners or VCSE audiences in the plan but nothing budgeted to pay them."""
    has_partners = bool(plan.get("partners")) or any(
        a.get("kind") == "vcse_partner" for a in plan.get("audiences", [])
    )
    if not get(plan, "budget.partner_payments"):
        yield (
            "error" if has_partners else "warning",
            "budget.partner_payments",
            "Budget to pay community and voluntary partners for their time: reaching seldom-heard groups is work.",
        )


@rule("partners_unpaid", "Partnership", ["Resourced", NHSE[5]])
def partners_unpaid(plan):
    """A partner expected to work unpaid."""
    for i, partner in enumerate(plan.get("partners", [])):
        if not partner.get("paid") or not partner.get("payment"):
            yield (
                "error",
                f"partners[{i}]",
                f"'{partner.get('name', 'This partner')}' is expected to work unpaid. Agree a payment for their time and record it.",
            )


@rule("translation_unbudgeted", "Resourced", ["Inclusive"])
def translation_unbudgeted(plan):
    """Languages other than English planned but no translation budget."""
    languages = [
        lang for lang in get(plan, "inclusion.languages", []) if lang.lower() not in ("english", "en")
    ]
    if languages and not get(plan, "budget.translation"):
        yield (
            "warning",
            "budget.translation",
            f"You plan {len(languages)} other language(s) but have no translation budget: add one.",
        )
