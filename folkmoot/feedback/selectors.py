"""Reads for Feed back, and the contract Learn relies on (docs/contracts.md)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from folkmoot.core.models import Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.selectors import engagements_visible_to

from .models import Audience, Decision, DeliveryStatus, FeedbackPage, Finding, Notification

CHANNELS = ("email", "sms", "letter")


def findings_for(*, engagement: Engagement) -> QuerySet[Finding]:
    """The engagement's findings in page order, each with `.decision` loaded when it has one."""
    return (
        Finding.objects.filter(engagement=engagement)
        .select_related("decision")
        .order_by("position", "created_at")
    )


def decision_of(finding: Finding) -> Decision | None:
    try:
        return finding.decision
    except Decision.DoesNotExist:
        return None


def decisions_for(*, engagement: Engagement) -> list[dict]:
    """One dict per finding (contract): outcome None when no decision has been recorded yet."""
    rows = []
    for finding in findings_for(engagement=engagement):
        decision = decision_of(finding)
        rows.append(
            {
                "finding_id": str(finding.pk),
                "said": finding.said,
                "source": finding.source,
                "count": finding.count,
                "quotes": list(finding.quotes or []),
                "outcome": decision.outcome if decision else None,
                "we_did": decision.we_did if decision else "",
                "reason": decision.reason if decision else "",
                "decide_by": decision.decide_by if decision else None,
                "owner": decision.owner_name if decision else "",
                "decided_on": decision.decided_on if decision else None,
            }
        )
    return rows


def undecided_count(*, engagement: Engagement) -> int:
    return Finding.objects.filter(engagement=engagement, decision__isnull=True).count()


def feedback_page_for(*, engagement: Engagement) -> FeedbackPage | None:
    return FeedbackPage.objects.filter(engagement=engagement).first()


def feedback_due_on(*, engagement: Engagement) -> dt.date | None:
    """The plan's feedback date when there is a plan that sets one, else the lead's date on the feedback page,
    else the engagement's own feedback date."""
    from folkmoot.plan.selectors import plan_for

    plan = plan_for(engagement=engagement)
    if plan is not None and getattr(plan, "feedback_due_on", None):
        return plan.feedback_due_on
    page = feedback_page_for(engagement=engagement)
    if page is not None and page.due_on:
        return page.due_on
    return engagement.feedback_due_on


def _participant_rows(engagement: Engagement) -> QuerySet[Notification]:
    return Notification.objects.filter(engagement=engagement, audience=Audience.PARTICIPANT)


def notification_summary(*, engagement: Engagement) -> dict:
    """Counts of people told (contract). `consented` is everyone who asked to hear back and was not forgotten."""
    from folkmoot.listen.selectors import contacts_for_feedback

    consented_ids = set(contacts_for_feedback(engagement=engagement).values_list("pk", flat=True))
    consented = len(consented_ids)
    by_channel = {channel: {"sent": 0, "failed": 0, "pending": 0} for channel in CHANNELS}
    totals = {"sent": 0, "failed": 0, "pending": 0}
    # "sending" is a row a worker holds right now: still pending to anyone reading.
    keys = {"sent": "sent", "failed": "failed", "pending": "pending", "sending": "pending"}
    rows = _participant_rows(engagement).values_list("channel", "status").annotate(n=Count("id"))
    for channel, status, n in rows.values_list("channel", "status", "n"):
        key = keys.get(status)
        if key is None:
            continue  # skipped: asked to be forgotten after the row was made
        by_channel.setdefault(channel, {"sent": 0, "failed": 0, "pending": 0})[key] += n
        totals[key] += n
    with_rows = set(_participant_rows(engagement).values_list("contact_id", flat=True))
    not_started = len(consented_ids - with_rows)  # consented, but no send has run since they were added
    first = (
        _participant_rows(engagement)
        .filter(status=DeliveryStatus.SENT)
        .aggregate(first=Min("sent_at"))["first"]
    )
    partners_told = Notification.objects.filter(
        engagement=engagement, audience=Audience.PARTNER, status=DeliveryStatus.SENT
    ).count()
    return {
        "consented": consented,
        "told": totals["sent"],
        "failed": totals["failed"],
        "pending": totals["pending"] + not_started,
        "by_channel": by_channel,
        "partners_told": partners_told,
        "first_told_on": timezone.localdate(first) if first else None,
    }


def told_on_time(*, engagement: Engagement) -> bool | None:
    """True when people were first told on or before the due date; None while nothing is due yet."""
    due = feedback_due_on(engagement=engagement)
    first = notification_summary(engagement=engagement)["first_told_on"]
    today = timezone.localdate()
    if due is None:
        return None
    if first is not None:
        return first <= due
    if today <= due:
        return None
    return False


def _told_q() -> Q:
    told = Notification.objects.filter(engagement=OuterRef("pk"), status=DeliveryStatus.SENT)
    return Q(Exists(told))


def overdue_engagements(*, organisation: Organisation, today: dt.date | None = None) -> QuerySet[Engagement]:
    """Closed or reported engagements past their feedback date where nobody has been told yet."""
    today = today or timezone.localdate()
    candidates = (
        Engagement.objects.filter(organisation=organisation, status__in=["open", "closed", "reported"])
        .exclude(_told_q())
        .select_related("lead", "organisation")
    )
    ids = [e.pk for e in candidates if (due := feedback_due_on(engagement=e)) is not None and due < today]
    return (
        Engagement.objects.filter(pk__in=ids)
        .select_related("lead", "organisation")
        .order_by("feedback_due_on", "title")
    )


def public_url(*, engagement: Engagement) -> str:
    return reverse("feedback:public", args=[engagement.organisation.slug, engagement.slug])


def engagement_for_staff(*, user: User, engagement_id, perm: Perm = Perm.VIEW_RESULTS) -> Engagement:
    engagement = (
        engagements_visible_to(user=user).filter(pk=engagement_id).select_related("organisation").first()
    )
    if engagement is None:
        raise Http404("No such engagement")
    require(user, perm, engagement)
    return engagement


def finding_get(*, user: User, finding_id, perm: Perm = Perm.VIEW_RESULTS) -> Finding:
    finding = Finding.objects.select_related("engagement__organisation").filter(pk=finding_id).first()
    if finding is None or not engagements_visible_to(user=user).filter(pk=finding.engagement_id).exists():
        raise Http404("No such finding")
    require(user, perm, finding.engagement)
    return finding


def published_engagements(*, organisation: Organisation) -> QuerySet[Engagement]:
    return (
        Engagement.objects.filter(organisation=organisation, feedback_page__is_published=True)
        .select_related("feedback_page")
        .order_by("-feedback_page__published_at")
    )


def public_engagement_get(*, organisation_slug: str, engagement_slug: str) -> Engagement:
    engagement = (
        Engagement.objects.select_related("organisation", "feedback_page")
        .filter(organisation__slug=organisation_slug, slug=engagement_slug, feedback_page__is_published=True)
        .first()
    )
    if engagement is None:
        raise Http404("No published feedback for this engagement")
    return engagement


def notifications_for(*, engagement: Engagement) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(engagement=engagement)
        .select_related("partner")
        .order_by("audience", "created_at")
    )


def partner_messages(*, organisation: Organisation) -> QuerySet[Notification]:
    """Contract (Reach's contact history): what each engagement's outcome message to this partner organisation
    became, oldest first, with `.engagement`, `.status`, `.channel`, `.sent_at`, `.created_at`."""
    return (
        Notification.objects.filter(partner=organisation)
        .select_related("engagement__organisation")
        .order_by("created_at")
    )
