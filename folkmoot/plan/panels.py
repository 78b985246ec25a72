"""The plan panel on the core engagement page."""

from __future__ import annotations

from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm

from . import services
from .selectors import plan_for


def plan_panel(request, engagement) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_ENGAGEMENT, engagement):
        return None
    plan = plan_for(engagement=engagement)
    result = services.plan_check_result(plan.data if plan else {})
    return Panel(
        title="Engagement plan",
        template="plan/panel.jinja",
        context={
            "engagement": engagement,
            "has_plan": plan is not None,
            "status": plan.get_status_display() if plan else "not started",
            "errors": result["errors"],
            "warnings": result["warnings"],
        },
    )
