"""The weekly digest: new early-warning alerts and the week's top themes, by email to the analysts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from folkmoot.core.models import AuditAction, Membership, Organisation, User
from folkmoot.core.permissions import Perm, roles_with
from folkmoot.core.services import audit_record

from .. import early_warning
from ..models import Alert, AlertStatus
from .classify import framework_labels


def _labels(organisation: Organisation) -> dict[str, str]:
    from ..models import Code

    labels = {code: label for code, (label, _) in framework_labels().items()}
    labels.update(dict(Code.objects.filter(organisation=organisation).values_list("code", "label")))
    return labels


@transaction.atomic
def alerts_check(*, organisation: Organisation, actor: User, as_of: dt.date | None = None) -> list[Alert]:
    """Run the early-warning test now (the weekly digest also runs it). Returns the new alerts."""
    from folkmoot.core.permissions import require

    require(actor, Perm.REVIEW_THEMES, organisation)
    created = early_warning.alerts_raise(organisation=organisation, as_of=as_of, labels=_labels(organisation))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=organisation,
        summary=f"Checked for rising themes: {len(created)} new alerts",
    )
    return created


def digest_build(*, organisation: Organisation, as_of: dt.date | None = None) -> dict:
    """Raise this period's alerts, then describe them with the period's top themes (counts only, no text)."""
    as_of = as_of or timezone.localdate()
    labels = _labels(organisation)
    early_warning.alerts_raise(organisation=organisation, as_of=as_of, labels=labels)
    start = as_of - dt.timedelta(days=early_warning.PERIOD_DAYS)
    counts, total = early_warning.theme_counts(organisation=organisation, start=start, end=as_of)
    alerts = Alert.objects.filter(organisation=organisation, status=AlertStatus.OPEN).order_by("q_value")
    return {
        "organisation": organisation.slug,
        "period_start": start.isoformat(),
        "period_end": as_of.isoformat(),
        "comments": total,
        "alerts": [
            {
                "code": a.code,
                "label": a.label,
                "observed": a.observed,
                "expected": round(a.expected, 1),
                "q_value": round(a.q_value, 4),
                "period_start": a.period_start.isoformat(),
                "period_end": a.period_end.isoformat(),
                "method": a.method,
            }
            for a in alerts
        ],
        "top_themes": [
            {"code": code, "label": labels.get(code, code), "count": n} for code, n in counts.most_common(5)
        ],
    }


def _recipients(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, role__in=list(roles_with(Perm.REVIEW_THEMES)), user__is_active=True
        ).select_related("user")
        if m.user.email
    ]


def _body(digest: dict, organisation: Organisation) -> str:
    link = getattr(settings, "FOLKMOOT_BASE_URL", "") + reverse(
        "core:organisation-dashboard", args=[organisation.slug]
    )
    lines = [
        f"Folkmoot weekly themes digest for {organisation.name}",
        f"{digest['period_start']} to {digest['period_end']}: {digest['comments']} comments classified.",
        "",
    ]
    if digest["alerts"]:
        lines.append("Rising themes (early warning):")
        for a in digest["alerts"]:
            lines.append(
                f"- {a['label']}: {a['observed']} comments, about {a['expected']} expected (q={a['q_value']})"
            )
    else:
        lines.append("No theme is rising faster than its baseline.")
    if digest["top_themes"]:
        lines += ["", "Most frequent themes this week:"]
        lines += [f"- {t['label']}: {t['count']}" for t in digest["top_themes"]]
    lines += ["", f"See the dashboard: {link}", "Counts are for analysts; do not forward outside your team."]
    return "\n".join(lines)


@transaction.atomic
def digest_send(
    *, organisation: Organisation, as_of: dt.date | None = None, actor: User | None = None, send: bool = True
) -> dict:
    digest = digest_build(organisation=organisation, as_of=as_of)
    recipients = _recipients(organisation)
    if send and recipients:
        send_mail(
            subject=f"Folkmoot themes digest: {organisation.name}"
            + (f" ({len(digest['alerts'])} rising)" if digest["alerts"] else ""),
            message=_body(digest, organisation),
            from_email=None,
            recipient_list=[u.email for u in recipients],
        )
    digest["sent_to"] = len(recipients) if send else 0
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=organisation,
        summary=f"Themes digest for {digest['period_end']} sent to {digest['sent_to']} people",
        data={"alerts": len(digest["alerts"])},
    )
    return digest
