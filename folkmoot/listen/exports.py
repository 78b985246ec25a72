"""Export responses as CSV, XLSX or JSON: safe against spreadsheet formula injection, equality data only
for people whose role allows it, and every export audited."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from folkmoot.core.models import AuditAction, User
from folkmoot.core.permissions import Perm, has_perm
from folkmoot.core.services import audit_record

from .models import Answer, QuestionType, Response, ResponseStatus, Survey

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula, by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def _columns(survey: Survey, include_equality: bool) -> list:
    return [q for q in survey.questions.all() if include_equality or q.type != QuestionType.EQUALITY]


def rows(survey: Survey, include_equality: bool) -> tuple[list[str], Iterator[list[Any]]]:
    questions = _columns(survey, include_equality)
    header = ["reference", "channel", "partner", "submitted_at", *[q.code for q in questions]]
    wanted = {q.pk: i for i, q in enumerate(questions)}

    def generate() -> Iterator[list[Any]]:
        responses = (
            Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
            .select_related("partner")
            .order_by("submitted_at", "reference")
        )
        for chunk_start in range(0, responses.count(), 2000):
            chunk = list(responses[chunk_start : chunk_start + 2000])
            answers: dict = {}
            for response_id, question_id, value in Answer.objects.filter(
                response__in=chunk, question_id__in=wanted
            ).values_list("response_id", "question_id", "value"):
                answers.setdefault(response_id, {})[question_id] = value
            for r in chunk:
                cells: list[Any] = [""] * len(questions)
                for question_id, value in answers.get(r.pk, {}).items():
                    cells[wanted[question_id]] = "; ".join(value) if isinstance(value, list) else value
                yield [
                    r.reference,
                    r.channel,
                    r.partner.slug if r.partner else "",
                    r.submitted_at.isoformat(),
                    *cells,
                ]

    return header, generate()


def responses_export(
    *, survey: Survey, out: IO | Path, fmt: str, user: User | None, include_equality: bool | None = None
) -> dict[str, Any]:
    """Write the export; include_equality defaults to what the user's role allows (never more)."""
    allowed = user is None or has_perm(user, Perm.VIEW_EQUALITY_DATA, survey.engagement)
    include = allowed if include_equality is None else (include_equality and allowed)
    header, generator = rows(survey, include)
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(header)
        for row in generator:
            writer.writerow([safe_cell(c) for c in row])
            count += 1
    elif fmt == "json":
        out.write("[")
        for row in generator:
            out.write(
                ("," if count else "")
                + "\n"
                + json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False, default=str)
            )
            count += 1
        out.write("\n]\n")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("responses")
        sheet.append(header)
        for row in generator:
            sheet.append([safe_cell(c) for c in row])
            count += 1
        book.save(out)
    else:
        raise ValueError(f"Unknown format {fmt}")
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=survey,
        organisation=survey.engagement.organisation,
        summary=f"Exported {count} responses as {fmt}{' with equality data' if include else ''}",
        personal_data=include,
    )
    return {"responses": count, "format": fmt, "equality_data": include}
