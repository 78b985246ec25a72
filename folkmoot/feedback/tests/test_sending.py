"""Telling people: Notify (a local server that answers as the Notify API does), SMTP (a real local server),
letters as a PDF; retries, failures shown with their reason, nobody told twice, forgotten people never told."""

import io
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from conftest import last_json_line
from folkmoot.core.models import AuditEvent, Job
from folkmoot.core.services import job_start
from folkmoot.feedback import selectors
from folkmoot.feedback.models import Notification
from folkmoot.feedback.tasks import run_send, send_feedback_job
from folkmoot.listen.models import Contact
from folkmoot.listen.selectors import contacts_for_feedback
from folkmoot.listen.services import contact_forget

pytestmark = pytest.mark.django_db


def send(personas, engagement):
    return run_send(engagement=engagement, actor=personas.lead)


def rows(engagement, **filters):
    return Notification.objects.filter(engagement=engagement, **filters)


def test_everyone_is_told_on_their_own_channel_through_notify_and_nobody_twice(personas, decided, notify):
    result = send(personas, decided)
    assert (result["sent"], result["failed"], result["skipped"]) == (4, 0, 0)  # email, sms, letter, partner
    kinds = sorted(r["kind"] for r in notify.received)
    assert kinds == ["email", "email", "sms"]
    to_ann = next(r for r in notify.received if r.get("email_address") == "ann@example.org")
    assert "You said: Phone queues at 8am are too long" in to_ann["personalisation"]["body"]
    assert "Why: The car park belongs to the council." in to_ann["personalisation"]["body"]
    sms = next(r for r in notify.received if r["kind"] == "sms")
    assert sms["phone_number"] == "+447911123456"
    assert "/o/test-shire-icb/you-said-we-did/" in sms["personalisation"]["body"]
    partner_mail = next(r for r in notify.received if r.get("email_address") == "partner@example.org")
    assert "pass back to your community" in partner_mail["personalisation"]["body"]
    assert set(rows(decided).values_list("status", flat=True)) == {"sent"}
    assert rows(decided, channel="email", audience="participant").get().provider_id  # Notify's id kept
    assert rows(decided, channel="letter").get().via == "letter_pdf"
    summary = selectors.notification_summary(engagement=decided)
    assert (summary["told"], summary["failed"], summary["pending"], summary["partners_told"]) == (3, 0, 0, 1)
    again = send(personas, decided)
    assert (again["sent"], again["failed"], again["skipped"]) == (0, 0, 0)
    assert len(notify.received) == 3
    assert AuditEvent.objects.filter(personal_data=True, summary__startswith="Read contact details").exists()


def test_nobody_can_have_two_delivery_rows_for_one_engagement(decided):
    contact = contacts_for_feedback(engagement=decided).first()
    Notification.objects.create(engagement=decided, contact_id=contact.pk, channel="email")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(engagement=decided, contact_id=contact.pk, channel="email")


def test_notify_5xx_is_retried_with_backoff_until_it_works(personas, decided, notify):
    notify.script = [500, 503]
    result = send(personas, decided)
    assert result["failed"] == 0
    email = rows(decided, channel="email", audience="participant").get()
    assert email.status == "sent" and email.attempts == 3


def test_notify_down_marks_failed_with_the_reason_and_the_next_run_sends(personas, decided, notify, client):
    notify.script = [500] * 30
    result = send(personas, decided)
    assert result["failed"] == 3 and result["sent"] == 1  # only the letter went (to the post)
    email = rows(decided, channel="email", audience="participant").get()
    assert email.status == "failed" and email.retryable
    assert "GOV.UK Notify answered 500: Exception: Internal server error" in email.last_error
    assert selectors.notification_summary(engagement=decided)["told"] == 1
    client.force_login(personas.lead)
    page = client.get(f"/feedback/engagements/{decided.pk}/").content.decode()
    assert (
        "1 told, 2 failed" in page and "GOV.UK Notify answered 500" in page
    )  # people; the partner is listed too
    notify.script = []
    result = send(personas, decided)
    assert result["sent"] == 3
    assert selectors.notification_summary(engagement=decided)["told"] == 3


def test_unreachable_notify_sends_nothing_and_says_why(personas, decided, notify, settings):
    from .servers import free_port

    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{free_port()}"
    result = send(personas, decided)
    assert result["failed"] == 3
    failed = rows(decided, status="failed")
    assert failed.count() == 3 and not failed.filter(sent_at__isnull=False).exists()
    assert all("503" in r.last_error for r in failed)


def test_notify_400_is_a_permanent_failure_and_is_not_retried(personas, decided, notify):
    notify.script = [400]
    send(personas, decided)
    failed = rows(decided, status="failed").get()
    assert not failed.retryable
    assert "400" in failed.last_error and "team-only API key" in failed.last_error
    before = len(notify.received)
    send(personas, decided)
    assert len(notify.received) == before


def test_invalid_email_and_phone_fail_with_the_reason_and_are_never_sent(personas, decided, notify):
    survey = contacts_for_feedback(engagement=decided).first().survey
    # Older imports can hold details Listen would refuse today.
    Contact.objects.create(
        survey=survey,
        channel="email",
        email="not-an-email@",
        consented_at="2026-01-01T00:00Z",
        retain_until="2027-01-01",
    )
    Contact.objects.create(
        survey=survey,
        channel="sms",
        phone="0113 496 0000",
        consented_at="2026-01-01T00:00Z",
        retain_until="2027-01-01",
    )
    send(personas, decided)
    bad_email = rows(decided, channel="email", status="failed").get()
    assert bad_email.last_error.startswith("Not a valid email address")
    bad_phone = rows(decided, channel="sms", status="failed").get()
    assert "Not a mobile number" in bad_phone.last_error
    assert not any(r.get("email_address") == "not-an-email@" for r in notify.received)
    assert len([r for r in notify.received if r["kind"] == "sms"]) == 1


def test_forgotten_people_are_never_contacted(personas, decided, notify):
    contacts = list(contacts_for_feedback(engagement=decided))
    contact_forget(contact=contacts[0], actor=personas.lead)  # Ann, email, before anything was sent
    notify.script = [500] * 30
    send(personas, decided)  # Bo's text fails for now, so his row stays to be retried
    contact_forget(contact=contacts[1], actor=personas.lead)
    notify.script = []
    result = send(personas, decided)
    assert result["skipped"] == 1
    assert rows(decided, contact_id=contacts[1].pk).get().status == "skipped"
    assert not rows(decided, contact_id=contacts[0].pk).exists()
    assert not any(r.get("email_address") == "ann@example.org" for r in notify.received)
    assert (
        len([r for r in notify.received if r["kind"] == "sms" and r["phone_number"] == "+447911123456"]) == 3
    )  # the failed tries only


def test_email_falls_back_to_a_real_smtp_server_and_texts_wait_for_notify(personas, decided, smtp):
    result = send(personas, decided)
    assert result["sent"] == 3 and result["pending"] == 1  # email, partner, letter; the text waits
    assert sorted(m["to"][0] for m in smtp.messages) == ["ann@example.org", "partner@example.org"]
    assert "You said: Parking is hard" in next(
        m["data"] for m in smtp.messages if m["to"] == ["ann@example.org"]
    )
    text = rows(decided, channel="sms").get()
    assert text.status == "pending" and "not switched on" in text.last_error
    assert rows(decided, channel="email", audience="participant").get().via == "smtp"


def test_smtp_down_or_refusing_marks_failed_not_sent(personas, decided, smtp, settings):
    smtp.refuse = "451 Try again later"
    send(personas, decided)
    email = rows(decided, channel="email", audience="participant").get()
    assert email.status == "failed" and email.retryable and "451" in email.last_error
    smtp.refuse = "550 No such user here"
    Notification.objects.filter(pk=email.pk).update(status="pending")
    send(personas, decided)
    email.refresh_from_db()
    assert email.status == "failed" and not email.retryable and "550" in email.last_error
    from .servers import free_port

    settings.EMAIL_PORT = free_port()
    Notification.objects.filter(pk=email.pk).update(retryable=True)
    send(personas, decided)
    email.refresh_from_db()
    assert email.status == "failed" and "Could not reach the mail server" in email.last_error
    assert email.sent_at is None


def test_letters_are_a_pdf_with_one_page_per_person_and_an_easy_read_version(personas, decided, client):
    survey = contacts_for_feedback(engagement=decided).first().survey
    from folkmoot.listen.services import contact_add

    contact_add(
        survey=survey,
        channel="letter",
        name="Di Example",
        address="2 Test Road\nTestville",
        format="large_print",
    )
    client.force_login(personas.lead)
    response = client.get(f"/feedback/engagements/{decided.pk}/letters.pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    # Each person's letter starts on a new page with the address in the envelope window.
    starts = [i for i, text in enumerate(pages) if "What happened after you had your say" in text]
    assert len(starts) == 2
    easy = "\n".join(pages[starts[0] : starts[1]])
    assert "Cy Example" in easy and "1 Test Street" in easy and "You told us:" in easy
    assert "We could not do this." in easy and "This is why:" in easy
    large = "\n".join(pages[starts[1] :])
    assert "Di Example" in large and "You said" in large and "Parking is hard" in large
    client.force_login(personas.viewer)
    assert client.get(f"/feedback/engagements/{decided.pk}/letters.pdf").status_code == 403


def test_sending_is_refused_while_a_finding_has_no_decision_or_there_are_none(personas, closed, notify):
    with pytest.raises(ValidationError, match="at least one finding"):
        send(personas, closed)
    out = StringIO()
    with pytest.raises(CommandError, match="at least one finding"):
        call_command(
            "feedback", "send", "--engagement", closed.slug, "--format", "json", stdout=out, stderr=StringIO()
        )
    assert not Notification.objects.exists() and not notify.received


def test_send_command_prints_sent_failed_skipped_as_json(personas, decided, notify):
    out = StringIO()
    call_command(
        "feedback", "send", "--engagement", decided.slug, "--format", "json", stdout=out, stderr=StringIO()
    )
    result = last_json_line(out.getvalue())
    assert (result["sent"], result["failed"], result["skipped"]) == (4, 0, 0)
    assert result["letters_pdf"].endswith(".pdf")
    assert "Cy Example" in PdfReader(result["letters_pdf"]).pages[0].extract_text()


def test_send_page_starts_a_job_that_reports_progress(personas, decided, notify, client):
    client.force_login(personas.lead)
    response = client.post(f"/feedback/engagements/{decided.pk}/send/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "succeeded" and job.result["sent"] == 4
    assert job.progress_total == 4 and job.progress_done == 4
    client.force_login(personas.viewer)
    assert client.post(f"/feedback/engagements/{decided.pk}/send/").status_code == 403


def test_the_job_can_be_queued_and_is_the_same_function(personas, decided, notify):
    job = job_start(
        job_task=send_feedback_job,
        label="t",
        user=personas.lead,
        organisation=decided.organisation,
        engagement_id=str(decided.pk),
        actor_id=personas.lead.pk,
    )
    job.refresh_from_db()
    assert json.dumps(job.result) and job.result["failed"] == 0
    assert selectors.notification_summary(engagement=decided)["told"] == 3


def test_send_benchmark_reports_figures_and_leaves_nothing_behind(db):
    out = StringIO()
    call_command("bench", "feedback-send", "--people", "5", stdout=out, stderr=StringIO())
    result = last_json_line(out.getvalue())
    assert (result["people"], result["sent"], result["failed"]) == (5, 5, 0)
    assert "met" in result and result["people_per_s"] > 0
    assert not Notification.objects.exists() and not Contact.objects.exists()
