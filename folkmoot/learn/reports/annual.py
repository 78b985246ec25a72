"""The annual report: how the year's engagements met the 8 Healthwatch principles, with the evidence."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from folkmoot.core.models import Engagement, EngagementStatus, Organisation

from .charts import bar_svg
from .evidence import missing_groups
from .measures import MEASURES, PRINCIPLES, gather


class NoEngagements(Exception):
    """The organisation has no engagements in the year, so there is nothing to report."""


def engagements_in_year(*, organisation: Organisation, year: int) -> QuerySet[Engagement]:
    """Engagements that ended in the year (or, with no end date, started in it); drafts never ran."""
    return (
        Engagement.objects.filter(organisation=organisation)
        .exclude(status=EngagementStatus.DRAFT)
        .filter(Q(ends_on__year=year) | Q(ends_on__isnull=True, starts_on__year=year))
        .order_by("ends_on", "title")
    )


def _percent(met: int, applicable: int) -> int | None:
    return round(100 * met / applicable) if applicable else None


def annual_context(*, organisation: Organisation, year: int) -> dict:
    engagements = list(engagements_in_year(organisation=organisation, year=year))
    if not engagements:
        raise NoEngagements(
            f"{organisation.name} has no engagements that ran in {year}, so there is no report."
        )
    facts = [gather(e) for e in engagements]
    measures = []
    for m in MEASURES:
        answers = [(f.engagement, m.test(f)) for f in facts]
        applicable = [(e, a) for e, a in answers if a is not None]
        met = sum(1 for _, a in applicable if a)
        measures.append(
            {
                "code": m.code,
                "principle": m.principle,
                "name": m.name,
                "definition": m.definition,
                "met": met,
                "applicable": len(applicable),
                "percent": _percent(met, len(applicable)),
                "met_by": [e.title for e, a in applicable if a],
                "not_met_by": [e.title for e, a in applicable if not a],
            }
        )
    principles = []
    for number, title in PRINCIPLES.items():
        rows = [m for m in measures if m["principle"] == number]
        met = sum(m["met"] for m in rows)
        applicable = sum(m["applicable"] for m in rows)
        principles.append(
            {"number": number, "title": title, "measures": rows, "percent": _percent(met, applicable)}
        )
    missing = Counter(g for f in facts for g in missing_groups(f.missing) if not f.missing.get("error"))
    top_missing = missing.most_common(10)
    return {
        "organisation": organisation,
        "year": year,
        "engagements": engagements,
        "principles": principles,
        "measures": measures,
        "missing": top_missing,
        "missing_chart": bar_svg(
            dict(top_missing), title="Engagements where each group was under-represented"
        ),
        "no_equality_analysis": sum(
            1 for f in facts if f.missing.get("error") or not f.missing.get("characteristics")
        ),
        "generated": timezone.now(),
    }


def annual_summary(context: dict) -> dict:
    return {
        "organisation": context["organisation"].slug,
        "year": context["year"],
        "engagements": len(context["engagements"]),
        "principles": {str(p["number"]): p["percent"] for p in context["principles"]},
        "measures": {
            m["code"]: {"met": m["met"], "applicable": m["applicable"]} for m in context["measures"]
        },
        "most_missing": [{"group": g, "engagements": n} for g, n in context["missing"]],
    }


def annual_pdf(*, organisation: Organisation, year: int) -> tuple[bytes, dict]:
    from .pdf import html_to_pdf

    context = annual_context(organisation=organisation, year=year)
    html = render_to_string("learn/pdf/annual.jinja", context)
    return html_to_pdf(html), annual_summary(context)
