"""Import responses from other tools' CSV or XLSX exports, streamed, with every bad row kept apart.

File-level problems (wrong encoding, binary junk, missing required columns, oversized files) raise
ImportProblem before anything is written. Row-level problems go to an errors CSV with the line number and
reason; good rows are committed batch by batch, so nothing already accepted is lost. Re-importing the same
file imports nothing twice (keyed by a source ID column, or a hash of the answers).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from .answers import clean_answer, is_visible
from .models import Answer, Channel, Question, QuestionType, Response, ResponseStatus, Survey

BATCH = 5000
SNIFF_BYTES = 64 * 1024
MAX_IMPORT_BYTES = getattr(settings, "FOLKMOOT_MAX_IMPORT_BYTES", 200 * 1024 * 1024)


class ImportProblem(Exception):
    """The file cannot be imported at all; nothing was changed."""


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # question code -> column name
    values: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # question code -> {file value: our value}
    source_id: str | None = None
    channel: str | None = None  # a column naming the channel, or None for "import"
    submitted_at: str | None = None

    @classmethod
    def load(cls, path: str | Path | None) -> Mapping:
        if not path:
            return cls()
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ImportProblem(f"The mapping file cannot be read: {exc}") from None
        allowed = {"columns", "values", "source_id", "channel", "submitted_at"}
        if not isinstance(data, dict) or set(data) - allowed:
            raise ImportProblem(f"The mapping file may only have the keys {', '.join(sorted(allowed))}")
        return cls(
            **{
                k: data.get(k) or v
                for k, v in [
                    ("columns", {}),
                    ("values", {}),
                    ("source_id", None),
                    ("channel", None),
                    ("submitted_at", None),
                ]
            }
        )


def _check_file(path: Path) -> str:
    if not path.exists():
        raise ImportProblem(f"No such file: {path}")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ImportProblem(
            f"The file is {size / 1e6:.0f} MB, more than the {MAX_IMPORT_BYTES / 1e6:.0f} MB limit. Split it into smaller files."
        )
    if size == 0:
        raise ImportProblem("The file is empty.")
    suffix = path.suffix.lower()
    head = path.open("rb").read(SNIFF_BYTES)
    if suffix == ".xlsx" or head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        raise ImportProblem(
            "This is not a text file (it contains binary data). Export a CSV or XLSX file and try again."
        )
    # Check the whole file decodes as UTF-8 before writing anything (streamed; memory stays flat).
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as handle:
        line = 1
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise ImportProblem(
                    f"The file is not UTF-8 text (a bad byte near line {line}). Save it as 'CSV UTF-8' and try again."
                ) from None
            line += chunk.count(b"\n")
    return "csv"


def _rows(path: Path, kind: str) -> tuple[list[str], Iterator[tuple[int, list[str]]], int]:
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise ImportProblem(f"The Excel file cannot be read: {exc}") from None
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").strip() for c in next(rows, [])]
        total = max((sheet.max_row or 1) - 1, 0)

        def gen() -> Iterator[tuple[int, list[str]]]:
            for number, row in enumerate(rows, start=2):
                yield number, ["" if c is None else str(c) for c in row]
            book.close()

        return header, gen(), total
    with path.open("rb") as handle:
        total = max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)
    handle = path.open(newline="", encoding="utf-8-sig")
    reader = csv.reader(handle)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        handle.close()
        raise ImportProblem(f"The file has no header row: {exc}") from None

    def gen() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                yield reader.line_num, row
        finally:
            handle.close()

    return header, gen(), total


def _columns(survey: Survey, header: list[str], mapping: Mapping) -> tuple[dict[str, int], list[str]]:
    index = {name.strip().lower(): i for i, name in enumerate(header)}
    found: dict[str, int] = {}
    problems = []
    for q in survey.questions.all():
        wanted = mapping.columns.get(q.code)
        if wanted is not None:
            if wanted.strip().lower() not in index:
                problems.append(f"the mapping names column {wanted!r} for {q.code}, which is not in the file")
                continue
            found[q.code] = index[wanted.strip().lower()]
        elif q.code.lower() in index:
            found[q.code] = index[q.code.lower()]
        elif q.text.strip().lower() in index:
            found[q.code] = index[q.text.strip().lower()]
    missing = [q.code for q in survey.questions.all() if q.required and q.code not in found]
    if missing:
        problems.append(f"missing required columns: {', '.join(missing)}")
    for name in (mapping.source_id, mapping.channel, mapping.submitted_at):
        if name and name.strip().lower() not in index:
            problems.append(f"the mapping names column {name!r}, which is not in the file")
    if problems:
        raise ImportProblem("The file cannot be imported: " + "; ".join(problems) + ". Nothing was imported.")
    used = set(found.values()) | {
        index[n.strip().lower()] for n in (mapping.source_id, mapping.channel, mapping.submitted_at) if n
    }
    ignored = [h for i, h in enumerate(header) if i not in used and h]
    return found, ignored


def responses_import(
    *,
    survey: Survey,
    path: str | Path,
    mapping: Mapping | None = None,
    errors_path: str | Path | None = None,
    progress: Callable[..., None] | None = None,
    actor: Any = None,
) -> dict[str, Any]:
    """Import a file; returns {"imported", "duplicates", "rejected", "errors", "ignored_columns"}."""
    path = Path(path)
    mapping = mapping or Mapping()
    kind = _check_file(path)
    header, rows, total = _rows(path, kind)
    columns, ignored = _columns(survey, header, mapping)
    questions = {q.code: q for q in survey.questions.all()}
    lower = {h.strip().lower(): i for i, h in enumerate(header)}
    source_col = lower.get(mapping.source_id.strip().lower()) if mapping.source_id else lower.get("source_id")
    channel_col = lower.get(mapping.channel.strip().lower()) if mapping.channel else None
    errors_path = Path(errors_path or path.with_suffix(path.suffix + ".errors.csv"))
    counts = {"imported": 0, "duplicates": 0, "rejected": 0}
    if progress:
        progress(done=0, total=total, message=f"Importing {path.name}")
    with errors_path.open("w", newline="", encoding="utf-8") as err_handle:
        errors = csv.writer(err_handle)
        errors.writerow(["line", "reason"])
        batch: list[tuple[int, str, str, str, dict[str, Any]]] = []
        done = 0
        for line, row in rows:
            done += 1
            if not any(cell.strip() for cell in row):
                continue
            try:
                answers = _row_answers(row, columns, questions, mapping)
                channel = (
                    row[channel_col].strip().lower()
                    if channel_col is not None and channel_col < len(row)
                    else Channel.IMPORT
                )
                if channel not in Channel.values:
                    raise ValidationError(f"channel {channel!r} is not one of {', '.join(Channel.values)}")
            except ValidationError as exc:
                errors.writerow([line, "; ".join(exc.messages)])
                counts["rejected"] += 1
                continue
            source_id = row[source_col].strip() if source_col is not None and source_col < len(row) else ""
            digest = (
                ""
                if source_id
                else hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()
            )
            batch.append((line, source_id, digest, channel, answers))
            if len(batch) >= BATCH:
                _flush(survey, questions, batch, counts, actor)
                batch = []
                if progress:
                    progress(done=done)
        if batch:
            _flush(survey, questions, batch, counts, actor)
    if progress:
        progress(done=total, message="Import finished")
    return {**counts, "errors": str(errors_path), "ignored_columns": ignored}


def _row_answers(
    row: list[str], columns: dict[str, int], questions: dict[str, Question], mapping: Mapping
) -> dict:
    answers: dict[str, Any] = {}
    problems = []
    for code, col in columns.items():
        raw: Any = row[col] if col < len(row) else ""
        question = questions[code]
        value_map = mapping.values.get(code) or {}
        if question.type == QuestionType.MULTIPLE and raw:
            raw = [
                value_map.get(part.strip(), part.strip()) for part in str(raw).replace(";", "|").split("|")
            ]
        elif raw in value_map:
            raw = value_map[raw]
        try:
            value = clean_answer(question, raw)
        except ValidationError as exc:
            problems.append(f"{code}: {' '.join(exc.messages)} (got {str(raw)[:40]!r})")
            continue
        if value is not None:
            answers[code] = value
    if problems:
        raise ValidationError(problems)
    return {code: v for code, v in answers.items() if is_visible(questions[code], answers)}


def _flush(survey: Survey, questions: dict[str, Question], batch: list, counts: dict, actor: Any) -> None:
    """Write one batch in its own transaction, skipping rows already imported (in the database or this batch)."""
    with transaction.atomic():
        ids = {b[1] for b in batch if b[1]}
        hashes = {b[2] for b in batch if b[2]}
        existing_ids = (
            set(Response.objects.filter(survey=survey, source_id__in=ids).values_list("source_id", flat=True))
            if ids
            else set()
        )
        existing_hashes = (
            set(
                Response.objects.filter(survey=survey, content_hash__in=hashes).values_list(
                    "content_hash", flat=True
                )
            )
            if hashes
            else set()
        )
        fresh = []
        for _line, source_id, digest, channel, answers in batch:
            key_seen = (source_id and source_id in existing_ids) or (digest and digest in existing_hashes)
            if key_seen:
                counts["duplicates"] += 1
                continue
            (existing_ids if source_id else existing_hashes).add(source_id or digest)
            fresh.append((source_id, digest, channel, answers))
        if not fresh:
            return
        now = timezone.now()
        entered_by = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
        if connection.vendor == "postgresql":
            _copy_postgres(survey, questions, fresh, now, entered_by)
        else:
            _bulk_insert(survey, questions, fresh, now, entered_by)
        counts["imported"] += len(fresh)


def _new_reference() -> str:
    alphabet = "BCDFGHJKLMNPQRSTVWXZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def _bulk_insert(survey, questions, fresh, now, entered_by) -> None:
    responses = [
        Response(
            survey=survey,
            channel=channel,
            status=ResponseStatus.SUBMITTED,
            submitted_at=now,
            source_id=source_id,
            content_hash=digest,
            entered_by_id=entered_by,
            reference=_new_reference(),
        )
        for source_id, digest, channel, _ in fresh
    ]
    Response.objects.bulk_create(responses, batch_size=1000)
    Answer.objects.bulk_create(
        [
            Answer(
                response=r,
                question=questions[code],
                value=value,
                text=value if questions[code].type == QuestionType.TEXT else "",
            )
            for r, (_, _, _, answers) in zip(responses, fresh, strict=True)
            for code, value in answers.items()
        ],
        batch_size=2000,
    )


def _copy_postgres(survey, questions, fresh, now, entered_by) -> None:
    """PostgreSQL COPY: an order of magnitude faster than INSERTs for large imports."""
    response_table = Response._meta.db_table
    answer_table = Answer._meta.db_table
    ids = [uuid.uuid4() for _ in fresh]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY {response_table} (id, survey_id, channel, status, reference, resume_token, language, easy_read, "
            "source_id, content_hash, entered_by_id, started_at, submitted_at, is_synthetic) FROM STDIN"
        ) as copy:
            for rid, (source_id, digest, channel, _) in zip(ids, fresh, strict=True):
                copy.write_row(
                    (
                        rid,
                        survey.pk,
                        channel,
                        ResponseStatus.SUBMITTED,
                        _new_reference(),
                        secrets.token_urlsafe(16),
                        "en",
                        False,
                        source_id,
                        digest,
                        entered_by,
                        now,
                        now,
                        False,
                    )
                )
        with raw.copy(f"COPY {answer_table} (response_id, question_id, value, text) FROM STDIN") as copy:
            for rid, (_, _, _, answers) in zip(ids, fresh, strict=True):
                for code, value in answers.items():
                    question = questions[code]
                    copy.write_row(
                        (
                            rid,
                            question.pk,
                            json.dumps(value),
                            value if question.type == QuestionType.TEXT else "",
                        )
                    )
