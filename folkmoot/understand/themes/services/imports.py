"""Feedback from outside Folkmoot's surveys (complaints, FFT exports, Healthwatch reports) as comments."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import Comment, Source
from .classify import comment_create

MAX_ROWS = 50_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M")


def _parse_date(raw: str) -> dt.datetime | None:
    raw = raw.strip()
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=timezone.get_current_timezone())
    return None


def _read(file: IO) -> list[dict[str, str]]:
    data = file.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": "Save the file as CSV UTF-8 and try again."}) from exc
    # keep_default_na-style: every cell stays text, so answers such as "None" and "N/A" are kept.
    return list(csv.DictReader(io.StringIO(data)))


@transaction.atomic
def comments_import_csv(
    *,
    organisation: Organisation,
    actor: User,
    file: IO,
    text_column: str,
    date_column: str = "",
    id_column: str = "",
    engagement: Engagement | None = None,
) -> dict:
    """Import every row of a CSV as a comment. All or nothing: any problem raises ValidationError and no
    row is kept. Rows seen before (same id in id_column) are skipped, so a file can be imported again."""
    require(actor, Perm.REVIEW_THEMES, engagement or organisation)
    rows = _read(file)
    columns = set(rows[0]) if rows else set()
    if not rows:
        raise ValidationError({"file": "The file has no rows under its header."})
    for name, field in ((text_column, "text_column"), (date_column, "date_column"), (id_column, "id_column")):
        if name and name not in columns:
            raise ValidationError(
                {
                    field: f"The file has no column called “{name}”. Its columns are: {', '.join(sorted(columns))}."
                }
            )
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"Import at most {MAX_ROWS:,} rows at a time."})
    seen = set()
    if id_column:
        seen = set(
            Comment.objects.filter(organisation=organisation, source=Source.IMPORTED).values_list(
                "source_ref", flat=True
            )
        )
    bad_dates = []
    imported = skipped = 0
    flagged: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        received = timezone.now()
        if date_column:
            received = _parse_date(row.get(date_column) or "")
            if received is None:
                bad_dates.append(number)
                continue
        ref = (row.get(id_column) or "").strip()[:64] if id_column else ""
        if ref and ref in seen:
            skipped += 1
            continue
        seen.add(ref)
        comment = comment_create(
            organisation=organisation,
            engagement=engagement,
            source=Source.IMPORTED,
            source_ref=ref,
            text=row.get(text_column) or "",
            received_at=received,
        )
        imported += 1
        for flag in comment.flags:
            flagged[flag] = flagged.get(flag, 0) + 1
    if bad_dates:
        shown = ", ".join(str(n) for n in bad_dates[:5])
        raise ValidationError(
            {
                "date_column": f"Dates could not be read on rows {shown}"
                f"{' and more' if len(bad_dates) > 5 else ''}. Use dates like 2026-11-23 or 23/11/2026."
            }
        )
    result = {"imported": imported, "skipped": skipped, "flagged": flagged}
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=engagement or organisation,
        organisation=organisation,
        summary=f"Imported {imported} feedback comments from a CSV file",
        personal_data=True,
        data=result,
    )
    return result
