"""Reads for Reach, limited to what the user may see, and the contract selectors other stages use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, has_perm, require
from folkmoot.core.services import audit_record

from .models import (
    ContactRecord,
    GridPosition,
    LedgerStatus,
    PartnerAgreement,
    Payment,
    ReachSettings,
    Stakeholder,
    StakeholderKind,
)

ZERO = Decimal("0.00")
STAGE_KIND_LABELS = {
    "event": "Ran an event or focus group",
    "response": "Collected survey responses",
    "message": "Told what happened",
}


def partner_payments(*, engagement: Engagement) -> dict:
    """Contract: the ledger for an engagement against the plan's partner budget.

    `agreed` is everything committed (whatever its status), `invoiced` what has been invoiced or paid, `paid`
    what has been paid; partner agreements' fees and individual payments both count. `budget` is the plan's
    partner payments budget (None without a plan or budget); `over_budget` is agreed > budget.
    """
    from folkmoot.plan.selectors import plan_for

    items: list[tuple[Decimal, str]] = [
        (a.fee, a.status) for a in PartnerAgreement.objects.filter(engagement=engagement)
    ] + [(p.amount, p.status) for p in Payment.objects.filter(agreement__engagement=engagement)]
    agreed = sum((amount for amount, _ in items), ZERO)
    invoiced = sum((a for a, s in items if s in (LedgerStatus.INVOICED, LedgerStatus.PAID)), ZERO)
    paid = sum((a for a, s in items if s == LedgerStatus.PAID), ZERO)
    plan = plan_for(engagement=engagement)
    budget = plan.budget_partner_payments if plan is not None else None
    budget = budget or None
    return {
        "agreed": agreed,
        "invoiced": invoiced,
        "paid": paid,
        "partners": PartnerAgreement.objects.filter(engagement=engagement)
        .values("partner")
        .distinct()
        .count(),
        "budget": float(budget) if budget is not None else None,
        "over_budget": bool(budget is not None and agreed > Decimal(str(budget))),
    }


def ledger_for(*, user: User, engagement: Engagement) -> dict:
    require(user, Perm.VIEW_ENGAGEMENT, engagement)
    agreements = (
        PartnerAgreement.objects.filter(engagement=engagement)
        .select_related("partner")
        .prefetch_related("payments__payee")
    )
    return {"agreements": list(agreements), "totals": partner_payments(engagement=engagement)}


def reach_settings(organisation: Organisation) -> ReachSettings:
    return ReachSettings.objects.filter(organisation=organisation).first() or ReachSettings(
        organisation=organisation
    )


def _partner_ids(organisation: Organisation) -> list:
    """The organisation, the organisations it has shared engagements with, and its parent and members."""
    ids = {organisation.pk}
    ids |= set(
        Engagement.objects.filter(organisation=organisation, shares__organisation__isnull=False).values_list(
            "shares__organisation_id", flat=True
        )
    )
    ids |= set(
        Organisation.objects.filter(Q(parent=organisation) | Q(members=organisation)).values_list(
            "pk", flat=True
        )
    )
    return list(ids)


def stage_records(stakeholder: Stakeholder) -> list[SimpleNamespace]:
    """What Listen and Feed back recorded about the organisation this stakeholder stands for: events it ran,
    responses it collected (counts) and the outcome messages it was sent. Shaped like ContactRecord (`on`,
    `kind`, `engagement`, `asked_by`, `summary`, `told_back`, `told_back_on`) so history and fatigue treat
    them alike. A stakeholder with no linked organisation has none."""
    partner = stakeholder.linked_organisation
    if partner is None:
        return []
    from folkmoot.feedback.selectors import partner_messages
    from folkmoot.listen.selectors import partner_activity

    told: dict = {}
    out = []
    for n in partner_messages(organisation=partner):
        sent = n.status == "sent" and n.sent_at is not None
        on = timezone.localtime(n.sent_at).date() if sent else timezone.localtime(n.created_at).date()
        if sent:
            told.setdefault(n.engagement_id, (f"Told what happened by {n.channel}", on))
        out.append(
            SimpleNamespace(
                on=on,
                kind="message",
                engagement=n.engagement,
                asked_by=n.engagement.organisation,
                summary=f"What happened after the engagement ({n.get_status_display().lower()})",
                told_back="",
                told_back_on=None,
            )
        )
    for a in partner_activity(organisation=partner):
        said, said_on = told.get(a["engagement"].pk, ("", None))
        out.append(
            SimpleNamespace(
                on=a["on"],
                kind=a["kind"],
                engagement=a["engagement"],
                asked_by=a["engagement"].organisation,
                summary=a["summary"],
                told_back=said,
                told_back_on=said_on,
            )
        )
    return out


def fatigue(
    *,
    organisation: Organisation,
    community: str | None = None,
    stakeholder: Stakeholder | None = None,
    today: dt.date | None = None,
) -> dict:
    """Contract: how often and how recently a person, or the people and groups of a community, were asked by
    the organisation or its partners, what they were told back, and whether that passes the threshold."""
    today = today or timezone.localdate()
    rules = reach_settings(organisation)
    since = today - dt.timedelta(days=rules.fatigue_window_days)
    records = ContactRecord.objects.filter(asked_by_id__in=_partner_ids(organisation)).select_related(
        "stakeholder", "engagement", "asked_by"
    )
    if stakeholder is not None:
        records = records.filter(stakeholder=stakeholder)
    if community:
        wanted = community.strip().lower()
        ids = [
            s.pk
            for s in Stakeholder.objects.filter(organisation_id__in=_partner_ids(organisation))
            if wanted in {c.lower() for c in s.communities}
        ]
        records = records.filter(stakeholder_id__in=ids)
    records = list(records)
    partners = set(_partner_ids(organisation))
    if stakeholder is not None:
        people = [stakeholder]
    elif community:
        people = Stakeholder.objects.filter(pk__in=ids, linked_organisation__isnull=False)
    else:
        people = []
    # Events run, responses collected and messages sent in Listen and Feed back count as times asked too.
    records += [r for s in people for r in stage_records(s) if r.asked_by.pk in partners]
    recent = [r for r in records if r.on >= since]
    last = max((r.on for r in records), default=None)
    days_since = (today - last).days if last else None
    told_back = [r for r in records if r.told_back]
    reasons = []
    if len(recent) >= rules.fatigue_max_asks:
        reasons.append(
            f"Asked {len(recent)} times in the last {rules.fatigue_window_days} days "
            f"(the limit is {rules.fatigue_max_asks})."
        )
    if days_since is not None and days_since < rules.fatigue_min_gap_days:
        reasons.append(f"Last asked {days_since} days ago (leave at least {rules.fatigue_min_gap_days}).")
    not_told = [r for r in records if r.kind != "message" and not r.told_back]
    if not_told:
        reasons.append(f"Not yet told what happened after {len(not_told)} of the times they were asked.")
    return {
        "community": community or None,
        "stakeholder": str(stakeholder.pk) if stakeholder else None,
        "asks_total": len(records),
        "asks_in_window": len(recent),
        "window_days": rules.fatigue_window_days,
        "threshold": rules.fatigue_max_asks,
        "last_asked_on": last.isoformat() if last else None,
        "days_since_last": days_since,
        "told_back": len(told_back),
        "not_told_back": len(not_told),
        "fatigued": len(recent) >= rules.fatigue_max_asks
        or (days_since is not None and days_since < rules.fatigue_min_gap_days),
        "reasons": reasons,
        "history": [
            {
                "on": r.on.isoformat(),
                "kind": r.kind,
                "asked_by": r.asked_by.name,
                "engagement": r.engagement.title if r.engagement else "",
                "summary": r.summary,
                "told_back": r.told_back,
                "told_back_on": r.told_back_on.isoformat() if r.told_back_on else None,
            }
            for r in sorted(records, key=lambda r: r.on, reverse=True)[:20]
        ],
    }


def contact_history(*, stakeholder: Stakeholder) -> list[dict]:
    """Contract: every engagement, event and message the stakeholder took part in, newest first."""
    out = []
    for r in stakeholder.contacts.select_related("engagement", "asked_by").order_by("-on", "-id"):
        out.append(
            {
                "on": r.on,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "engagement": r.engagement,
                "asked_by": r.asked_by.name,
                "summary": r.summary,
                "told_back": r.told_back,
                "told_back_on": r.told_back_on,
            }
        )
    for r in stage_records(stakeholder):
        out.append(
            {
                "on": r.on,
                "kind": r.kind,
                "kind_label": STAGE_KIND_LABELS[r.kind],
                "engagement": r.engagement,
                "asked_by": r.asked_by.name,
                "summary": r.summary,
                "told_back": r.told_back,
                "told_back_on": r.told_back_on,
            }
        )
    for a in stakeholder.agreements.select_related("engagement"):
        out.append(
            {
                "on": a.agreed_on,
                "kind": "agreement",
                "kind_label": "Paid partnership",
                "engagement": a.engagement,
                "asked_by": a.engagement.organisation.name,
                "summary": a.deliverables[:300],
                "told_back": "",
                "told_back_on": None,
            }
        )
    out.sort(key=lambda item: item["on"], reverse=True)
    return out


def stakeholders_for(
    *,
    user: User,
    organisation: Organisation,
    q: str = "",
    category: str = "",
    community: str = "",
    language: str = "",
    area: str = "",
    duplicates_only: bool = False,
) -> QuerySet[Stakeholder]:
    require(user, Perm.VIEW_ORGANISATION, organisation)
    qs = Stakeholder.objects.filter(organisation=organisation).select_related("possible_duplicate_of")
    if not has_perm(user, Perm.MANAGE_PARTNERS, organisation):
        # Least privilege: people who cannot manage partners see groups, never named individuals.
        qs = qs.filter(kind=StakeholderKind.ORGANISATION)
    if q:
        qs = qs.filter(name__icontains=q)
    if category:
        qs = qs.filter(category=category)
    if duplicates_only:
        qs = qs.filter(possible_duplicate_of__isnull=False)
    rows = list(qs)
    # JSON list filters in Python so they behave the same on SQLite and PostgreSQL.
    for key, value in (("communities", community), ("languages", language), ("areas", area)):
        if value:
            rows = [s for s in rows if value.lower() in {v.lower() for v in getattr(s, key)}]
    return rows


def stakeholder_get(*, user: User, stakeholder_id, audit: bool = True) -> Stakeholder:
    """One stakeholder; showing their details is audited as a view of personal data."""
    stakeholder = Stakeholder.objects.filter(pk=stakeholder_id).select_related("organisation").first()
    if stakeholder is None:
        raise Http404("No such stakeholder")
    require(user, Perm.MANAGE_PARTNERS, stakeholder.organisation)
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=stakeholder,
            personal_data=True,
            summary=f"Viewed {stakeholder.name} in the stakeholder register",
        )
    return stakeholder


QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed and involved",
    (False, False): "Monitor",
}


def grid_for(*, user: User, engagement: Engagement) -> list[dict]:
    """The power (influence) / interest grid for an engagement, one row per stakeholder placed on it."""
    require(user, Perm.VIEW_ENGAGEMENT, engagement)
    positions = GridPosition.objects.filter(engagement=engagement).select_related("stakeholder")
    if not has_perm(user, Perm.MANAGE_PARTNERS, engagement):
        positions = positions.filter(stakeholder__kind=StakeholderKind.ORGANISATION)
    rows = []
    for p in positions.order_by("-influence", "-interest", "stakeholder__name"):
        rows.append(
            {
                "name": p.stakeholder.name,
                "category": p.stakeholder.get_category_display(),
                "influence": p.influence,
                "interest": p.interest,
                "quadrant": QUADRANTS[(p.influence >= 3, p.interest >= 3)],
                # SVG coordinates on a 500 by 500 grid (interest across, influence up).
                "x": 50 + (p.interest - 1) * 100,
                "y": 450 - (p.influence - 1) * 100,
            }
        )
    return rows
