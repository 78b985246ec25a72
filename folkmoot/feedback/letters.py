"""Letters for the post: a print-ready PDF mail-merge (WeasyPrint), one page per person, address block placed
for a window envelope, in each person's language and format (standard, easy read, large print)."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from . import content
from .models import DeliveryStatus, Notification


def _letters(engagement: Engagement, contact_ids: set | None) -> list[dict]:
    from django.conf import settings

    from folkmoot.listen.selectors import contacts_for_feedback

    from .selectors import public_url

    url = settings.FOLKMOOT_SITE_URL.rstrip("/") + public_url(engagement=engagement)
    letters = []
    for contact in contacts_for_feedback(engagement=engagement).filter(channel="letter"):
        if contact_ids is not None and contact.pk not in contact_ids:
            continue
        language = contact.language or "en"
        easy = contact.format == "easy_read"
        rows = content.items(engagement, language=language, easy_read=easy)
        letters.append(
            {
                "contact_id": contact.pk,
                "name": contact.name,
                "address": [line.strip() for line in contact.address.splitlines() if line.strip()],
                "format": contact.format,
                "language": language,
                "dir": content.direction(language),
                "rows": rows,
                "needs_translation": language != "en" and not all(r.translated for r in rows),
                "url": url,
            }
        )
    return letters


def letters_pdf_bytes(
    *, engagement: Engagement, actor: User | None, pending_only: bool = False, check_permission: bool = True
) -> tuple[bytes, list]:
    """The PDF and the contact ids of the letters in it. Reading addresses is audited."""
    from weasyprint import HTML

    if check_permission:
        require(actor, Perm.VIEW_CONTACT_DETAILS, engagement)
    contact_ids = None
    if pending_only:
        contact_ids = set(
            Notification.objects.filter(
                engagement=engagement, channel="letter", status=DeliveryStatus.PENDING
            ).values_list("contact_id", flat=True)
        )
    letters = _letters(engagement, contact_ids)
    html = render_to_string(
        "feedback/letters.jinja",
        {
            "engagement": engagement,
            "letters": letters,
            "today": timezone.localdate(),
            "organisation": engagement.organisation,
        },
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=engagement,
            personal_data=True,
            summary=f"Made {len(letters)} feedback letters for the post (names and addresses)",
        )
    return HTML(string=html).write_pdf(), [letter["contact_id"] for letter in letters]


def letters_mark_made(*, engagement: Engagement, contact_ids: list) -> int:
    """Letters in a generated mail-merge count as sent (to the post room); they are not made again."""
    return Notification.objects.filter(
        engagement=engagement, channel="letter", status=DeliveryStatus.PENDING, contact_id__in=contact_ids
    ).update(
        status=DeliveryStatus.SENT,
        via="letter_pdf",
        last_error="",
        sent_at=timezone.now(),
        updated_at=timezone.now(),
    )
