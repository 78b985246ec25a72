"""Reads for plans, limited to what the user may see; contract selectors for other stages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from folkmoot.core.models import Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.selectors import engagement_get, engagements_visible_to

from . import catalogue
from .models import ImportedReport, Plan
from .search import Doc, Index


def methods_catalogue() -> list[dict]:
    """The engagement methods catalogue (data/methods.yaml): id, name, channel, levels, kind, cost,
    reaches_well(_tags), reaches_badly(_tags), source. Shared with Reach."""
    return [dict(m) for m in catalogue.methods()]


def plan_for(*, engagement: Engagement) -> Plan | None:
    """The engagement's plan (contract: .feedback_due_on, .level, .target_groups, .methods, .budget_*,
    .duties), or None. Callers have already checked the user may see the engagement."""
    return Plan.objects.filter(engagement=engagement).select_related("engagement__organisation").first()


def plan_get(
    *, user: User, engagement_id, perm: Perm = Perm.VIEW_ENGAGEMENT
) -> tuple[Engagement, Plan | None]:
    engagement = engagement_get(user=user, engagement_id=engagement_id, perm=perm)
    return engagement, plan_for(engagement=engagement)


def plans_visible_to(*, user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(engagement__in=engagements_visible_to(user=user)).select_related(
        "engagement__organisation"
    )


def reports_for(*, user: User, organisation: Organisation) -> QuerySet[ImportedReport]:
    require(user, Perm.VIEW_ORGANISATION, organisation)
    return ImportedReport.objects.filter(organisation=organisation).defer("text")


def report_get(*, user: User, report_id) -> ImportedReport:
    report = ImportedReport.objects.filter(pk=report_id).select_related("organisation").first()
    if report is None:
        raise Http404("No such report")
    try:
        require(user, Perm.VIEW_ORGANISATION, report.organisation)
    except Exception:
        raise Http404("No such report") from None
    return report


def _documents(organisation: Organisation, exclude: Engagement | None) -> list[Doc]:
    docs: list[Doc] = []
    engagements = Engagement.objects.filter(organisation=organisation).select_related("plan")
    if exclude is not None:
        engagements = engagements.exclude(pk=exclude.pk)
    for e in engagements:
        plan = getattr(e, "plan", None)
        extra = ""
        if plan is not None:
            aims = plan.data.get("aims", {})
            audiences = " ".join(a.get("name", "") for a in plan.data.get("audiences", []))
            extra = f" {aims.get('why', '')} {aims.get('what_we_need_to_know', '')} {audiences}"
        docs.append(
            Doc(
                key=f"engagement:{e.pk}",
                kind="engagement",
                title=e.title,
                text=f"{e.summary}{extra}",
                date=(e.starts_on.isoformat() if e.starts_on else ""),
                findings=e.get_status_display(),
                url=reverse("core:engagement-detail", args=[e.pk]),
            )
        )
    for r in ImportedReport.objects.filter(organisation=organisation).prefetch_related("chunks"):
        docs.append(
            Doc(
                key=f"report:{r.pk}",
                kind="report",
                title=r.title,
                text=" ".join(c.text for c in r.chunks.all()) or r.text,
                date=r.published_on.isoformat() if r.published_on else "",
                findings=r.findings,
                url=reverse("plan:report-detail", args=[r.pk]),
            )
        )
    return docs


def asked_before_query(plan_data: dict) -> str:
    aims = plan_data.get("aims", {})
    audiences = " ".join(f"{a.get('name', '')}" for a in plan_data.get("audiences", []))
    return " ".join(
        [aims.get("why", ""), aims.get("what_we_need_to_know", ""), aims.get("decision", ""), audiences]
    )


def asked_before(*, user: User, engagement: Engagement, query: str, limit: int = 5) -> list[dict]:
    """The closest earlier work of the engagement's organisation: engagements, plans and imported reports."""
    require(user, Perm.VIEW_ENGAGEMENT, engagement)
    if not query.strip():
        return []
    return Index(_documents(engagement.organisation, exclude=engagement)).search(query, limit=limit)
