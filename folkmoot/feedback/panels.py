from __future__ import annotations

from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm

from . import selectors


def engagement_panel(request, engagement) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_RESULTS, engagement):
        return None
    page = selectors.feedback_page_for(engagement=engagement)
    return Panel(
        title="You said, we did",
        template="feedback/panel_engagement.jinja",
        context={
            "engagement": engagement,
            "findings": selectors.findings_for(engagement=engagement).count(),
            "undecided": selectors.undecided_count(engagement=engagement),
            "due_on": selectors.feedback_due_on(engagement=engagement),
            "published": bool(page and page.is_published),
            "public_url": selectors.public_url(engagement=engagement),
            "summary": selectors.notification_summary(engagement=engagement),
        },
    )


def overdue_panel(request, organisation) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_ORGANISATION, organisation):
        return None
    overdue = list(selectors.overdue_engagements(organisation=organisation))
    rows = [{"engagement": e, "due_on": selectors.feedback_due_on(engagement=e)} for e in overdue]
    return Panel(
        title="Feedback overdue",
        template="feedback/panel_overdue.jinja",
        context={"rows": rows, "organisation": organisation},
    )
