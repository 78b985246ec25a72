"""Telling people what happened: one delivery row per person or partner, sent on their own channel.

Rows are created once (unique per engagement and contact, or engagement and partner), so nobody is told twice
even when sending runs again. Each row is claimed with a conditional update before it is sent. Temporary
failures are retried with backoff; what still fails is marked failed with the reason and tried again on the
next run; bad addresses fail at once and are not retried. Nothing is marked sent unless it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from email_validator import EmailNotValidError, validate_email

from folkmoot.core.models import AuditAction, Engagement, Membership, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from .. import content
from ..models import Audience, DeliveryStatus, Notification
from ..selectors import public_url
from ..transports import Mailer, NotAvailable, PermanentFailure, TemporaryFailure
from .pages import publish_problems

RETRY_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


def check_email(address: str) -> str:
    try:
        return validate_email(address or "", check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise PermanentFailure(f"Not a valid email address: {exc}") from exc


def check_mobile(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number or "", "GB")
    except phonenumbers.NumberParseException as exc:
        raise PermanentFailure(f"Not a valid phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise PermanentFailure("Not a valid phone number.")
    kind = phonenumbers.number_type(parsed)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise PermanentFailure("Not a mobile number, so it cannot receive a text message.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def partners_of(engagement: Engagement) -> list[Organisation]:
    """Organisations the engagement is shared with, and partners named on its responses."""
    from folkmoot.listen.selectors import respondent_rows

    named = {row["partner"] for row in respondent_rows(engagement=engagement) if row["partner"]}
    return list(
        Organisation.objects.filter(Q(engagementshare__engagement=engagement) | Q(slug__in=named))
        .exclude(pk=engagement.organisation_id)
        .distinct()
        .order_by("name")
    )


def _create_rows(engagement: Engagement) -> int:
    """Make a delivery row for everyone still to be told; the unique constraints stop duplicates."""
    from folkmoot.listen.selectors import contacts_for_feedback

    existing_contacts = set(
        Notification.objects.filter(engagement=engagement, contact_id__isnull=False).values_list(
            "contact_id", flat=True
        )
    )
    new = [
        Notification(
            engagement=engagement,
            audience=Audience.PARTICIPANT,
            contact_id=contact.pk,
            channel=contact.channel,
            format=contact.format,
            language=contact.language,
        )
        for contact in contacts_for_feedback(engagement=engagement)
        if contact.pk not in existing_contacts
    ]
    existing_partners = set(
        Notification.objects.filter(engagement=engagement, partner__isnull=False).values_list(
            "partner_id", flat=True
        )
    )
    new += [
        Notification(engagement=engagement, audience=Audience.PARTNER, partner=partner, channel="email")
        for partner in partners_of(engagement)
        if partner.pk not in existing_partners
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _claim(row: Notification) -> bool:
    claimed = (
        Notification.objects.filter(pk=row.pk, status__in=RETRY_STATUSES)
        .filter(Q(status=DeliveryStatus.PENDING) | Q(retryable=True))
        .update(status=DeliveryStatus.SENDING, updated_at=timezone.now())
    )
    return bool(claimed)


def _finish(row: Notification, **fields) -> None:
    Notification.objects.filter(pk=row.pk).update(updated_at=timezone.now(), **fields)


def _with_retries(
    send: Callable[[], str], row: Notification, sleep: Callable[[float], None]
) -> tuple[str, int]:
    attempts = max(1, settings.FEEDBACK_SEND_ATTEMPTS)
    for attempt in range(1, attempts + 1):
        try:
            return send(), attempt
        except TemporaryFailure as exc:
            if attempt == attempts:
                exc.attempts = attempt  # type: ignore[attr-defined]
                raise
            sleep(settings.FEEDBACK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _deliver_participant(
    row: Notification, contact, engagement: Engagement, mailer: Mailer, sleep
) -> tuple[str, str, int]:
    subject, body = content.message_text(
        engagement,
        language=contact.language,
        easy_read=contact.format == "easy_read",
        url=settings.FOLKMOOT_SITE_URL.rstrip("/") + public_url(engagement=engagement),
    )
    reference = f"feedback-{row.pk}"
    if contact.channel == "email":
        to = check_email(contact.email)
        provider_id, tries = _with_retries(
            lambda: mailer.send_email(to=to, subject=subject, body=body, reference=reference), row, sleep
        )
        return provider_id, mailer.email_via, tries
    if contact.channel == "sms":
        to = check_mobile(contact.phone)
        short = f"{subject}. Read what you told us and what we did: {settings.FOLKMOOT_SITE_URL.rstrip('/')}{public_url(engagement=engagement)}"
        provider_id, tries = _with_retries(
            lambda: mailer.send_sms(to=to, body=short, reference=reference), row, sleep
        )
        return provider_id, "notify", tries
    raise PermanentFailure(f"Unknown channel {contact.channel!r}.")


def _deliver_partner(
    row: Notification, engagement: Engagement, mailer: Mailer, sleep
) -> tuple[str, str, int]:
    addresses = sorted(
        {
            m.user.email
            for m in Membership.objects.filter(organisation=row.partner).select_related("user")
            if m.user.email
        }
    )
    if not addresses:
        raise NotAvailable("Nobody at this partner has an email address in Folkmoot.")
    subject, body = content.message_text(
        engagement, url=settings.FOLKMOOT_SITE_URL.rstrip("/") + public_url(engagement=engagement)
    )
    body = (
        f"You helped {engagement.organisation.name} hear from people for “{engagement.title}”. "
        "Here is what people said and what was decided, to pass back to your community.\n\n" + body
    )
    ids, tries = [], 0
    for address in addresses:
        to = check_email(address)
        provider_id, attempt = _with_retries(
            lambda to=to: mailer.send_email(
                to=to, subject=subject, body=body, reference=f"feedback-{row.pk}"
            ),
            row,
            sleep,
        )
        ids.append(provider_id)
        tries = max(tries, attempt)
    return ",".join(ids)[:100], mailer.email_via, tries


def feedback_send(
    *,
    actor: User | None,
    engagement: Engagement,
    progress: Callable[..., None] | None = None,
    mailer: Mailer | None = None,
    sleep: Callable[[float], None] = time.sleep,
    check_permission: bool = True,
) -> dict:
    """Tell everyone still to be told. Returns counts for this run and the letters left for the post."""
    if check_permission:
        require(actor, Perm.RECORD_DECISIONS, engagement)
        require(actor, Perm.VIEW_CONTACT_DETAILS, engagement)
    problems = publish_problems(engagement)
    if problems:
        from django.core.exceptions import ValidationError

        raise ValidationError(problems)
    from folkmoot.listen.selectors import contacts_for_feedback

    mailer = mailer or Mailer()
    try:
        _create_rows(engagement)
    except IntegrityError:  # another run made the same rows first; theirs stand
        pass
    rows = list(
        Notification.objects.filter(engagement=engagement)
        .filter(Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.FAILED, retryable=True))
        .select_related("partner")
    )
    contacts = {c.pk: c for c in contacts_for_feedback(engagement=engagement)}
    counts = {"sent": 0, "failed": 0, "skipped": 0, "pending": 0}
    if progress:
        progress(done=0, total=len(rows), message="Telling people what happened")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=engagement,
            personal_data=True,
            summary=f"Read contact details to tell {len(rows)} people and partners what happened",
        )
    for index, row in enumerate(rows, start=1):
        if not _claim(row):
            continue  # another worker has it
        contact = contacts.get(row.contact_id) if row.audience == Audience.PARTICIPANT else None
        if row.audience == Audience.PARTICIPANT and contact is None:
            # Asked to be forgotten (or withdrew consent) after the row was made: never contacted.
            _finish(
                row, status=DeliveryStatus.SKIPPED, retryable=False, last_error="Asked not to be contacted"
            )
            counts["skipped"] += 1
        else:
            try:
                if row.channel == "letter":
                    # Letters go in the mail-merge PDF made after this loop; here we only check the address.
                    if not (contact.address or "").strip():
                        raise PermanentFailure("No postal address.")
                    raise NotAvailable("In the next batch of letters for the post.")
                if row.audience == Audience.PARTICIPANT:
                    provider_id, via, tries = _deliver_participant(row, contact, engagement, mailer, sleep)
                else:
                    provider_id, via, tries = _deliver_partner(row, engagement, mailer, sleep)
            except NotAvailable as exc:
                _finish(row, status=DeliveryStatus.PENDING, last_error=str(exc)[:500])
                if row.channel != "letter":
                    counts["pending"] += 1
            except TemporaryFailure as exc:
                _finish(
                    row,
                    status=DeliveryStatus.FAILED,
                    retryable=True,
                    last_error=str(exc)[:500],
                    attempts=row.attempts + getattr(exc, "attempts", 1),
                )
                counts["failed"] += 1
            except PermanentFailure as exc:
                _finish(
                    row,
                    status=DeliveryStatus.FAILED,
                    retryable=False,
                    last_error=str(exc)[:500],
                    attempts=row.attempts + 1,
                )
                counts["failed"] += 1
            else:
                _finish(
                    row,
                    status=DeliveryStatus.SENT,
                    retryable=False,
                    last_error="",
                    via=via,
                    provider_id=provider_id[:100],
                    sent_at=timezone.now(),
                    attempts=row.attempts + tries,
                )
                counts["sent"] += 1
        if progress:
            progress(done=index)
    letters = Notification.objects.filter(
        engagement=engagement, channel="letter", status=DeliveryStatus.PENDING
    ).count()
    return {**counts, "letters_to_print": letters}
