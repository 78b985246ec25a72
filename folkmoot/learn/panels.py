from __future__ import annotations

from django.urls import reverse

from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm

from . import selectors, services


def learn_panel(request, engagement) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_RESULTS, engagement):
        return None
    can_change = has_perm(request.user, Perm.CHANGE_ENGAGEMENT, engagement)
    return Panel(
        title="Evaluation and learning",
        template="learn/panel_engagement.jinja",
        context={
            "engagement": engagement,
            "summary": selectors.evaluation_summary(engagement=engagement),
            # Comments are free text from the public; only people who run the engagement read them.
            "comments": selectors.evaluation_comments(engagement=engagement)[:10] if can_change else [],
            "accepting": services.evaluation_accepting(engagement),
            "public_link": request.build_absolute_uri(reverse("learn:evaluate", args=[engagement.pk])),
            "can_enter": has_perm(request.user, Perm.ENTER_RESPONSES, engagement),
            "can_reflect": can_change,
            "can_pack": has_perm(request.user, Perm.RUN_JOBS, engagement.organisation),
            "latest_pack": selectors.evidence_pack_latest(engagement=engagement, user=request.user),
        },
    )
