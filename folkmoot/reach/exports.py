"""The finance export: every agreement and payment for an engagement, as CSV or XLSX, safe against
spreadsheet formula injection (Listen's safe_cell), and audited because it names people who are paid."""

from __future__ import annotations

import csv
import io

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record
from folkmoot.listen.exports import safe_cell

from .models import PartnerAgreement, Payment

HEADER = [
    "engagement",
    "type",
    "payee",
    "payee_kind",
    "description",
    "quantity",
    "rate",
    "amount",
    "declined",
    "status",
    "agreed_on",
    "invoiced_on",
    "paid_on",
    "reference",
]


def finance_rows(engagement: Engagement) -> list[list]:
    rows = []
    for a in PartnerAgreement.objects.filter(engagement=engagement).select_related("partner"):
        rows.append(
            [
                engagement.title,
                "Partner agreement",
                a.partner.name,
                a.partner.get_kind_display(),
                a.deliverables,
                "",
                "",
                a.fee,
                "no",
                a.status,
                a.agreed_on,
                a.invoiced_on or "",
                a.paid_on or "",
                str(a.pk),
            ]
        )
    for p in Payment.objects.filter(agreement__engagement=engagement).select_related("payee", "rate"):
        rows.append(
            [
                engagement.title,
                p.get_kind_display(),
                p.payee.name,
                p.payee.get_kind_display(),
                p.description,
                p.quantity,
                p.rate.label if p.rate else "",
                p.amount,
                "yes" if p.declined else "no",
                p.status,
                p.agreed_on,
                p.invoiced_on or "",
                p.paid_on or "",
                str(p.pk),
            ]
        )
    return [[safe_cell(v if isinstance(v, str) else str(v)) for v in row] for row in rows]


def finance_export(*, engagement: Engagement, user: User | None, fmt: str = "csv") -> tuple[bytes, str]:
    """Returns (content, content type). Needs Perm.MANAGE_PARTNERS."""
    require(user, Perm.MANAGE_PARTNERS, engagement)
    rows = finance_rows(engagement)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=engagement,
        personal_data=True,
        summary=f"Exported the partner payments ledger ({len(rows)} rows) as {fmt.upper()}",
    )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Partner payments"
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
