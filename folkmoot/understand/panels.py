from __future__ import annotations

from django.urls import reverse

from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm


def results_panel(request, engagement) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_RESULTS, engagement):
        return None
    return Panel(
        title="Results and who is missing",
        template="understand/panel_engagement.jinja",
        context={
            "results_url": reverse("understand:results", args=[engagement.pk]),
            "missing_url": reverse("understand:who-is-missing", args=[engagement.pk]),
            "has_area": bool(engagement.effective_area_codes),
            "disclosure_url": reverse("understand:disclosure-settings", args=[engagement.pk])
            if has_perm(request.user, Perm.CONFIGURE, engagement.organisation)
            else "",
        },
    )
