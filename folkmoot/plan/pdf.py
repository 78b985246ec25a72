"""The plan as a readable PDF (WeasyPrint), for sign-off papers and partners."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from . import catalogue, schema, services, steps


def plan_html(plan) -> str:
    result = services.plan_check_result(plan.data)
    return render_to_string(
        "plan/pdf.jinja",
        {
            "plan": plan,
            "engagement": plan.engagement,
            "data": plan.data,
            "check": result,
            "methods": catalogue.methods_by_id(),
            "level_labels": schema.LEVEL_LABELS,
            "kind_labels": schema.AUDIENCE_KINDS,
            "duty_labels": schema.DUTIES,
            "steps": steps.STEPS,
            "events": list(plan.events.select_related("actor")),
            "generated": timezone.now(),
        },
    )


def plan_pdf(plan) -> bytes:
    from weasyprint import HTML

    return HTML(string=plan_html(plan)).write_pdf()
