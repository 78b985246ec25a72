"""Overdue loops: the lead is reminded once per due date, through the same email route as everything else."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import last_json_line
from folkmoot.feedback import services
from folkmoot.feedback.models import Reminder
from folkmoot.feedback.services.reminders import reminders_send

pytestmark = pytest.mark.django_db


def remind():
    out = StringIO()
    call_command("feedback", "remind", "--format", "json", stdout=out, stderr=StringIO())
    return last_json_line(out.getvalue())


@pytest.mark.sqlite
def test_lead_is_reminded_once_per_due_date(personas, closed):
    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=dt.date(2026, 3, 10))
    first = remind()
    assert (first["overdue"], first["reminded"]) == (1, 1)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lead@example.org"]
    assert "was due on 10 March 2026" in mail.outbox[0].body
    second = remind()
    assert (second["reminded"], second["already_reminded"]) == (0, 1)
    assert len(mail.outbox) == 1
    # A new promise date is a new reminder when it passes too.
    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=dt.date(2026, 3, 20))
    assert remind()["reminded"] == 1
    assert Reminder.objects.filter(engagement=closed).count() == 2


def test_a_reminder_that_could_not_be_sent_is_tried_again(personas, closed, smtp):
    from django.conf import settings

    from .servers import free_port

    services.feedback_page_update(actor=personas.lead, engagement=closed, due_on=dt.date(2026, 3, 10))
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    result = reminders_send()
    assert result["failed"] == 1 and "Could not reach the mail server" in result["engagements"][0]["error"]
    assert not Reminder.objects.exists()
    settings.EMAIL_PORT = port
    assert reminders_send()["reminded"] == 1
    assert smtp.messages[0]["to"] == ["lead@example.org"]


def test_engagements_not_yet_due_or_already_told_get_no_reminder(personas, decided):
    from django.utils import timezone

    from folkmoot.feedback.models import Notification
    from folkmoot.listen.selectors import contacts_for_feedback

    services.feedback_page_update(actor=personas.lead, engagement=decided, due_on=dt.date(2099, 1, 1))
    assert remind()["overdue"] == 0
    services.feedback_page_update(actor=personas.lead, engagement=decided, due_on=dt.date(2026, 3, 10))
    contact = contacts_for_feedback(engagement=decided).first()
    Notification.objects.create(
        engagement=decided, contact_id=contact.pk, channel="email", status="sent", sent_at=timezone.now()
    )
    assert remind()["overdue"] == 0
    assert mail.outbox == []
