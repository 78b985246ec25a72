"""Import stakeholders from CSV or XLSX: good rows are added (possible duplicates flagged), bad rows are
kept on the import record with their line number and reason, so nothing in the file is lost."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from folkmoot.core.models import AuditAction, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import Stakeholder, StakeholderImport
from .register import clean_values, duplicates_for, normalise_name

COLUMNS = [
    "name",
    "kind",
    "category",
    "email",
    "phone",
    "communities",
    "areas",
    "languages",
    "accessibility_needs",
    "contact_preference",
    "consent_to_contact",
]
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class ImportProblem(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


def _read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            _check_header(reader.fieldnames or [])
            for row in reader:
                yield reader.line_num, {(k or "").strip().lower(): (v or "") for k, v in row.items()}
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").strip().lower() for c in next(rows, [])]
        _check_header(header)
        for line, values in enumerate(rows, start=2):
            if all(v in (None, "") for v in values):
                continue
            yield line, {h: "" if v is None else str(v) for h, v in zip(header, values, strict=False)}
    else:
        raise ImportProblem("Upload a CSV (.csv) or Excel (.xlsx) file.")


def _check_header(header: list[str]) -> None:
    header = [h.strip().lower() for h in header if h]
    missing = [c for c in ("name", "kind", "category") if c not in header]
    if missing:
        raise ImportProblem(
            f"The file has no {', '.join(missing)} column. The first row must name the columns: "
            + ", ".join(COLUMNS)
            + "."
        )


def _values(row: dict) -> dict:
    consent = row.get("consent_to_contact", "").strip().lower()
    if consent not in YES | NO:
        raise ValidationError({"consent_to_contact": "Write yes or no for consent to contact."})
    return clean_values(
        {
            **{k: row.get(k, "").strip() for k in COLUMNS if k != "consent_to_contact"},
            "kind": row.get("kind", "").strip().lower(),
            "category": row.get("category", "").strip().lower(),
            "contact_preference": row.get("contact_preference", "").strip().lower(),
            "consent_to_contact": consent in YES,
        }
    )


def _reason(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for messages in exc.message_dict.values() for m in messages)
    return " ".join(exc.messages)


@transaction.atomic
def stakeholders_import(
    *, organisation: Organisation, path: str | Path, actor: User | None, check: bool = True, progress=None
) -> dict:
    """Returns {"import_id", "created", "duplicates": [...], "rejected": [{"line", "reason", "row"}]}."""
    if check:
        require(actor, Perm.MANAGE_PARTNERS, organisation)
    path = Path(path)
    pool = list(Stakeholder.objects.filter(organisation=organisation))
    created = 0
    duplicates: list[dict] = []
    rejected: list[dict] = []
    for line, row in _read_rows(path):
        try:
            data = _values(row)
        except ValidationError as exc:
            rejected.append({"line": line, "reason": _reason(exc), "row": row})
            continue
        dupes = duplicates_for(
            organisation=organisation, name=data["name"], email=data["email"], candidates=pool
        )
        stakeholder = Stakeholder(organisation=organisation, **data)
        if dupes:
            stakeholder.possible_duplicate_of, stakeholder.duplicate_reason = dupes[0]
            duplicates.append({"line": line, "name": data["name"], "reason": dupes[0][1]})
        stakeholder.save()
        pool.append(stakeholder)
        created += 1
        if progress is not None:
            progress(done=created + len(rejected))
    record = StakeholderImport.objects.create(
        organisation=organisation,
        filename=path.name,
        created=created,
        duplicates=duplicates,
        rejected=rejected,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        organisation=organisation,
        personal_data=True,
        summary=f"Imported {created} stakeholders from {path.name} ({len(rejected)} rows kept apart)",
    )
    return {
        "import_id": str(record.pk),
        "created": created,
        "duplicates": duplicates,
        "rejected": rejected,
        "filename": path.name,
    }


__all__ = ["ImportProblem", "normalise_name", "stakeholders_import"]
