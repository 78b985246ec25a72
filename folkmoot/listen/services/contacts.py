from __future__ import annotations

import datetime as dt

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from email_validator import EmailNotValidError, validate_email

from folkmoot.core.models import AuditAction, User
from folkmoot.core.services import audit_record

from ..models import Contact, ContactChannel, ContactFormat, FormatRequest, Survey


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError({"phone": "Enter a UK phone number, like 07911 123456"}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({"phone": "Enter a UK phone number, like 07911 123456"})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError(
            {"email": "Enter an email address in the correct format, like name@example.com"}
        ) from None


@transaction.atomic
def contact_add(
    *,
    survey: Survey,
    channel: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    format: str = ContactFormat.STANDARD,
    language: str = "en",
    is_synthetic: bool = False,
) -> Contact | None:
    """Keep someone's details to tell them what happened. Returns None if they chose not to be contacted."""
    if channel == ContactChannel.NONE:
        return None
    if channel == ContactChannel.EMAIL:
        if not email:
            raise ValidationError({"email": "Enter your email address"})
        email = normalise_email(email)
    elif channel == ContactChannel.SMS:
        if not phone:
            raise ValidationError({"phone": "Enter your mobile phone number"})
        phone = normalise_phone(phone)
    elif channel == ContactChannel.LETTER:
        if not address.strip():
            raise ValidationError({"address": "Enter your postal address"})
    else:
        raise ValidationError({"channel": "Choose how you would like to hear from us"})
    contact = Contact(
        survey=survey,
        channel=channel,
        name=name.strip(),
        email=email,
        phone=phone,
        address=address.strip(),
        format=format,
        language=language,
        consented_at=timezone.now(),
        retain_until=timezone.localdate() + dt.timedelta(days=survey.contact_retention_days),
        is_synthetic=is_synthetic,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_forget(*, contact: Contact, actor: User | None, reason: str = "on request") -> Contact:
    """Delete a person's contact details. The row stays, empty, so nobody contacts them again by mistake."""
    contact.name = contact.email = contact.phone = contact.address = ""
    contact.channel = ContactChannel.NONE
    contact.forgotten_at = timezone.now()
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=contact,
        organisation=contact.survey.engagement.organisation,
        summary=f"Deleted contact details ({reason})",
        personal_data=True,
    )
    return contact


def contacts_purge_expired(*, today: dt.date | None = None) -> int:
    """Delete contact details past their survey's retention date; returns how many were deleted."""
    today = today or timezone.localdate()
    expired = Contact.objects.filter(retain_until__lt=today, forgotten_at__isnull=True).select_related(
        "survey__engagement__organisation"
    )
    count = 0
    for contact in expired:
        contact_forget(contact=contact, actor=None, reason="retention date passed")
        count += 1
    return count


@transaction.atomic
def format_request_create(*, survey: Survey, format: str, contact: str, details: str = "") -> FormatRequest:
    if not contact.strip():
        raise ValidationError({"contact": "Tell us how to reach you, so we can send it"})
    request = FormatRequest(survey=survey, format=format, contact=contact.strip(), details=details.strip())
    request.full_clean()
    request.save()
    return request
