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


def planning_dashboard_panel(request, organisation) -> Panel | None:
    """Links to planning tools and how many plans wait for sign-off, on the organisation dashboard."""
    if not has_perm(request.user, Perm.VIEW_ORGANISATION, organisation):
        return None
    from .models import PlanStatus
    from .selectors import plans_visible_to

    waiting = plans_visible_to(user=request.user).filter(
        engagement__organisation=organisation, status=PlanStatus.SUBMITTED
    )
    return Panel(
        title="Planning",
        template="plan/dashboard_panel.jinja",
        context={"organisation": organisation, "waiting": list(waiting)},
    )
