"""How a message leaves: GOV.UK Notify (email and text), or Django's email backend (SMTP) as the fallback.

Each send either returns a provider id, or raises TemporaryFailure (worth trying again: the service is down
or answered 5xx) or PermanentFailure (it will never work as it stands: a bad address, a refused key).
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


class NotAvailable(Exception):
    """This channel is not set up here; the message stays waiting rather than failing."""


def notify_enabled() -> bool:
    return bool(settings.USE_NOTIFY and settings.NOTIFY_API_KEY)


def _notify_client():
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=10)


def _notify_message(exc) -> str:
    message = exc.message
    if isinstance(message, list):
        message = "; ".join(
            f"{e.get('error', '')}: {e.get('message', '')}" for e in message if isinstance(e, dict)
        )
    return f"GOV.UK Notify answered {exc.status_code}: {message}"[:500]


def _notify_call(method: str, **kwargs) -> str:
    from notifications_python_client.errors import APIError, TokenError

    try:
        response = getattr(_notify_client(), method)(**kwargs)
    except APIError as exc:
        if exc.status_code >= 500 or exc.status_code == 429:
            raise TemporaryFailure(_notify_message(exc)) from exc
        raise PermanentFailure(_notify_message(exc)) from exc
    except TokenError as exc:
        raise PermanentFailure(f"GOV.UK Notify key problem: {exc.message}"[:500]) from exc
    return str(response.get("id", ""))


class Mailer:
    """Sends one email or text. `email_connection` overrides Django's backend (the demo writes files)."""

    def __init__(self, email_connection=None) -> None:
        self.email_connection = email_connection

    @property
    def email_via(self) -> str:
        if notify_enabled():
            return "notify"
        backend = getattr(self.email_connection, "__module__", "") or settings.EMAIL_BACKEND
        return "file" if "filebased" in backend else "smtp"

    def send_email(self, *, to: str, subject: str, body: str, reference: str) -> str:
        if notify_enabled():
            if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
                raise PermanentFailure("No GOV.UK Notify email template is set (NOTIFY_EMAIL_TEMPLATE_ID).")
            return _notify_call(
                "send_email_notification",
                email_address=to,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": subject, "body": body},
                reference=reference,
            )
        connection = self.email_connection or get_connection(fail_silently=False)
        message = EmailMessage(subject=subject, body=body, to=[to], connection=connection)
        try:
            sent = message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"The mail server refused the address: {_smtp_reason(exc)}") from exc
        except smtplib.SMTPResponseException as exc:
            text = f"The mail server answered {exc.smtp_code}: {exc.smtp_error.decode(errors='replace') if isinstance(exc.smtp_error, bytes) else exc.smtp_error}"
            if 400 <= exc.smtp_code < 500:
                raise TemporaryFailure(text[:500]) from exc
            raise PermanentFailure(text[:500]) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(
                f"Could not reach the mail server: {type(exc).__name__}: {exc}"[:500]
            ) from exc
        if not sent:
            raise TemporaryFailure("The mail server did not accept the message.")
        return reference

    def send_sms(self, *, to: str, body: str, reference: str) -> str:
        if not notify_enabled():
            # Left pending, not failed: it goes once Notify is switched on.
            raise NotAvailable("Text messages are sent through GOV.UK Notify, which is not switched on.")
        if not settings.NOTIFY_SMS_TEMPLATE_ID:
            raise PermanentFailure("No GOV.UK Notify text message template is set (NOTIFY_SMS_TEMPLATE_ID).")
        return _notify_call(
            "send_sms_notification",
            phone_number=to,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"body": body},
            reference=reference,
        )


def _smtp_reason(exc: smtplib.SMTPRecipientsRefused) -> str:
    parts = []
    for address, (code, reason) in exc.recipients.items():
        parts.append(
            f"{address} ({code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason})"
        )
    return ", ".join(parts)
