"""The selectors Learn reads (docs/contracts.md): shapes and values come from the database."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from folkmoot.core.services import engagement_transition, engagement_update
from folkmoot.feedback import selectors, services
from folkmoot.feedback.models import Audience, DeliveryStatus, Notification
from folkmoot.listen.selectors import contacts_for_feedback

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_findings_and_decisions_come_back_in_order_with_their_decision(personas, closed):
    first = services.finding_create(
        actor=personas.lead,
        engagement=closed,
        said="Phone queues at 8am are too long",
        count=40,
        quotes=["I rang 30 times"],
    )
    second = services.finding_create(actor=personas.lead, engagement=closed, said="Parking is hard")
    services.decision_record(
        actor=personas.lead,
        finding=first,
        outcome="could_not",
        we_did="We looked at more phone lines",
        reason="The contract runs until 2027",
        owner="Head of Primary Care",
        decided_on=dt.date(2026, 4, 1),
    )
    findings = list(selectors.findings_for(engagement=closed))
    assert [f.id for f in findings] == [first.id, second.id]
    assert isinstance(findings[0].id, uuid.UUID)
    assert findings[0].decision.outcome == "could_not"
    assert not hasattr(findings[1], "decision")
    rows = selectors.decisions_for(engagement=closed)
    assert rows[0] == {
        "finding_id": str(first.id),
        "said": "Phone queues at 8am are too long",
        "source": "free_text",
        "count": 40,
        "quotes": ["I rang 30 times"],
        "outcome": "could_not",
        "we_did": "We looked at more phone lines",
        "reason": "The contract runs until 2027",
        "decide_by": None,
        "owner": "Head of Primary Care",
        "decided_on": dt.date(2026, 4, 1),
    }
    assert rows[1]["outcome"] is None and rows[1]["owner"] == "" and rows[1]["decided_on"] is None


def test_could_not_needs_a_reason_and_still_deciding_needs_a_date(personas, closed):
    finding = services.finding_create(actor=personas.lead, engagement=closed, said="More evening clinics")
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            actor=personas.lead, finding=finding, outcome="could_not", we_did="No", owner="X"
        )
    assert "reason" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            actor=personas.lead, finding=finding, outcome="deciding", we_did="Soon", owner="X"
        )
    assert "decide_by" in excinfo.value.message_dict
    decision = services.decision_record(
        actor=personas.lead,
        finding=finding,
        outcome="deciding",
        we_did="The board decides in May",
        owner="Board",
        decide_by=timezone.localdate() + dt.timedelta(days=30),
    )
    assert decision.decide_by is not None
    assert selectors.decisions_for(engagement=closed)[0]["outcome"] == "deciding"


def test_only_people_who_may_record_decisions_can_add_findings(personas, closed):
    for user in (personas.viewer, personas.partner, personas.outsider, personas.analyst):
        with pytest.raises(PermissionDenied):
            services.finding_create(actor=user, engagement=closed, said="Something")
    assert not selectors.findings_for(engagement=closed).exists()


@pytest.mark.sqlite
def test_engagement_cannot_be_reported_without_findings_or_with_an_undecided_one(personas, closed):
    with pytest.raises(ValidationError, match="no findings yet"):
        engagement_transition(actor=personas.lead, engagement=closed, to="reported")
    finding = services.finding_create(actor=personas.lead, engagement=closed, said="Letters are confusing")
    with pytest.raises(ValidationError, match="1 finding has no decision"):
        engagement_transition(actor=personas.lead, engagement=closed, to="reported")
    services.decision_record(
        actor=personas.lead,
        finding=finding,
        outcome="did",
        we_did="We rewrote the letters",
        owner="Comms lead",
    )
    assert engagement_transition(actor=personas.lead, engagement=closed, to="reported").status == "reported"


def test_feedback_due_date_comes_from_the_lead_when_there_is_no_plan(personas, closed):
    assert selectors.feedback_due_on(engagement=closed) is None
    engagement_update(actor=personas.lead, engagement=closed, feedback_due_on=dt.date(2026, 5, 1))
    closed.refresh_from_db()
    assert selectors.feedback_due_on(engagement=closed) == dt.date(2026, 5, 1)
    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=dt.date(2026, 4, 20))
    assert selectors.feedback_due_on(engagement=closed) == dt.date(2026, 4, 20)


def test_feedback_due_date_follows_the_plan_when_it_sets_one(personas, closed):
    from folkmoot.plan.services import plan_save

    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=dt.date(2026, 4, 20))
    plan_save(
        engagement=closed, actor=personas.lead, data={"feedback": {"date": "2026-06-01"}}, replace=False
    )
    assert selectors.feedback_due_on(engagement=closed) == dt.date(2026, 6, 1)


@pytest.mark.sqlite
def test_notification_summary_counts_rows_per_channel_and_partners(personas, closed):
    contacts = list(contacts_for_feedback(engagement=closed))
    sent_at = timezone.make_aware(dt.datetime(2026, 4, 2, 10, 0))
    Notification.objects.create(
        engagement=closed,
        contact_id=contacts[0].pk,
        channel="email",
        status=DeliveryStatus.SENT,
        sent_at=sent_at,
    )
    Notification.objects.create(
        engagement=closed,
        contact_id=contacts[1].pk,
        channel="sms",
        status=DeliveryStatus.FAILED,
        last_error="bad number",
    )
    Notification.objects.create(
        engagement=closed,
        audience=Audience.PARTNER,
        partner=personas.vcse,
        channel="email",
        status=DeliveryStatus.SENT,
        sent_at=sent_at,
    )
    summary = selectors.notification_summary(engagement=closed)
    assert summary["consented"] == 3
    assert (summary["told"], summary["failed"], summary["pending"]) == (1, 1, 1)
    assert summary["by_channel"]["email"] == {"sent": 1, "failed": 0, "pending": 0}
    assert summary["by_channel"]["sms"] == {"sent": 0, "failed": 1, "pending": 0}
    assert summary["partners_told"] == 1
    assert summary["first_told_on"] == dt.date(2026, 4, 2)


def test_told_on_time_and_overdue_engagements(personas, closed):
    today = timezone.localdate()
    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=today + dt.timedelta(days=5))
    assert selectors.told_on_time(engagement=closed) is None
    assert closed not in selectors.overdue_engagements(organisation=personas.organisation)
    assert list(
        selectors.overdue_engagements(organisation=personas.organisation, today=today + dt.timedelta(days=6))
    ) == [closed]
    contact = contacts_for_feedback(engagement=closed).first()
    Notification.objects.create(
        engagement=closed,
        contact_id=contact.pk,
        channel="email",
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
    )
    assert selectors.told_on_time(engagement=closed) is True
    assert not selectors.overdue_engagements(
        organisation=personas.organisation, today=today + dt.timedelta(days=6)
    ).exists()


def test_told_late_is_false(personas, closed):
    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=dt.date(2026, 3, 10))
    assert selectors.told_on_time(engagement=closed) is False  # due date passed and nobody told


def test_public_url_names_the_organisation_and_engagement(closed):
    assert selectors.public_url(engagement=closed) == f"/o/test-shire-icb/you-said-we-did/{closed.slug}/"
