"""Reach panels on the core engagement page and the organisation dashboard."""

from __future__ import annotations

from django.urls import reverse

from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm

from .models import Panel as EarlyWarningPanel
from .models import PatientGroup
from .selectors import partner_payments


def engagement_reach_panel(request, engagement) -> Panel | None:
    if not has_perm(request.user, Perm.MANAGE_PARTNERS, engagement):
        return None
    return Panel(
        title="Stakeholders and partners",
        template="reach/panel.jinja",
        context={"engagement": engagement, "totals": partner_payments(engagement=engagement)},
    )


def register_dashboard_panel(request, organisation) -> Panel | None:
    if not has_perm(request.user, Perm.MANAGE_PARTNERS, organisation):
        return None
    links = [{"href": reverse("reach:register", args=[organisation.slug]), "text": "Stakeholder register"}]
    links.append(
        {"href": reverse("reach:fatigue", args=[organisation.slug]), "text": "Check before you invite"}
    )
    links.append(
        {"href": reverse("reach:methods", args=[organisation.slug]), "text": "Methods and who they reach"}
    )
    if has_perm(request.user, Perm.CONFIGURE, organisation):
        links.append(
            {
                "href": reverse("reach:settings", args=[organisation.slug]),
                "text": "Payment rates and fatigue limits",
            }
        )
    for item in EarlyWarningPanel.objects.filter(organisation=organisation):
        links.append({"href": reverse("reach:panel", args=[item.pk]), "text": item.name})
    for group in PatientGroup.objects.filter(practice=organisation):
        links.append({"href": reverse("reach:ppg", args=[group.pk]), "text": group.name})
    return Panel(title="Reach", template="reach/dashboard_panel.jinja", context={"links": links})
