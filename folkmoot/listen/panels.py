from __future__ import annotations

from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm

from . import selectors


def surveys_panel(request, engagement) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_ENGAGEMENT, engagement):
        return None
    return Panel(
        title="Surveys",
        template="listen/panel_engagement.jinja",
        context={
            "engagement": engagement,
            "surveys": selectors.surveys_for_engagement(engagement=engagement),
            "channels": selectors.channel_counts(engagement=engagement),
            "events": selectors.events_for_engagement(engagement=engagement)[:5],
            "can_create": has_perm(request.user, Perm.CHANGE_ENGAGEMENT, engagement),
        },
    )
