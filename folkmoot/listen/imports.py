"""Import responses from other tools' CSV or XLSX exports, streamed, with every bad row kept apart.

File-level problems (wrong encoding, binary junk, missing required columns, oversized files) raise
ImportProblem before anything is written. Row-level problems go to an errors CSV with the line number and
reason; good rows are committed batch by batch, so nothing already accepted is lost. Re-importing the same
file imports nothing twice (keyed by a source ID column, or a hash of the answers).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError

from .answers import compile_cleaner, is_visible
from .import_writer import Row, parallel_writers_possible, write_batch, write_in_parallel
from .models import Channel, QuestionType, Survey

# Rows per transaction and COPY: large enough to amortise round trips, small enough that memory stays flat.
BATCH = 10_000
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
                yield number, [_cell_text(c) for c in row]
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


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV export would have: 5 not 5.0, 2026-11-25 not 2026-11-25 00:00:00."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)


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
    """Import a file; returns {"imported", "duplicates", "rejected", "errors", "ignored_columns"}.

    A worker thread reads and checks the next batch while this thread writes the last one to the database,
    so the Python work and the database's work overlap instead of taking turns. Only this thread touches the
    database (and calls `progress`)."""
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
    entered_by = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    if progress:
        progress(done=0, total=total, message=f"Importing {path.name}")
    with errors_path.open("w", newline="", encoding="utf-8") as err_handle:
        errors = csv.writer(err_handle)
        errors.writerow(["line", "reason"])
        checked = _checked_batches(
            rows, _RowChecker(questions, columns, mapping, source_col, channel_col), errors, counts
        )
        if parallel_writers_possible():
            # The database's work is most of an import: two connections share it across cores, while
            # this thread reads and checks the file.
            write_in_parallel(survey, questions, checked, counts, entered_by, progress)
        else:
            for done, batch in _in_background(checked):
                write_batch(survey, questions, batch, counts, entered_by)
                if progress:
                    progress(done=done)
    if progress:
        progress(done=total, message="Import finished")
    return {**counts, "errors": str(errors_path), "ignored_columns": ignored}


class _RowChecker:
    """Validation compiled once per column: each row is then a few dictionary look-ups and conversions."""

    def __init__(self, questions, columns, mapping, source_col, channel_col):
        self.plan = [
            (
                code,
                col,
                compile_cleaner(questions[code]),
                mapping.values.get(code) or {},
                questions[code].type == QuestionType.MULTIPLE,
            )
            for code, col in columns.items()
        ]
        self.conditional = [(code, q) for code, q in questions.items() if (q.show_if or {}).get("question")]
        self.source_col = source_col
        self.channel_col = channel_col
        self.channels = frozenset(Channel.values)

    def __call__(self, row: list[str]) -> tuple[str, str, str, dict[str, Any]]:
        """(source ID, content hash, channel, answers) or ValidationError listing every problem in the row."""
        width = len(row)
        answers: dict[str, Any] = {}
        problems = []
        for code, col, clean, value_map, multiple in self.plan:
            raw: Any = row[col] if col < width else ""
            if multiple and raw:
                raw = [value_map.get(p.strip(), p.strip()) for p in str(raw).replace(";", "|").split("|")]
            elif value_map and raw in value_map:
                raw = value_map[raw]
            try:
                value = clean(raw)
            except ValidationError as exc:
                problems.append(f"{code}: {' '.join(exc.messages)} (got {str(raw)[:40]!r})")
                continue
            if value is not None:
                answers[code] = value
        if problems:
            raise ValidationError(problems)
        hidden = [code for code, q in self.conditional if code in answers and not is_visible(q, answers)]
        for code in hidden:  # skip logic judged on the whole row, as on the public pages
            del answers[code]
        channel_col = self.channel_col
        channel = (
            row[channel_col].strip().lower() if channel_col is not None and channel_col < width else "import"
        )
        if channel not in self.channels:
            raise ValidationError(f"channel {channel!r} is not one of {', '.join(Channel.values)}")
        source_id = (
            row[self.source_col].strip() if self.source_col is not None and self.source_col < width else ""
        )
        digest = (
            ""
            if source_id
            else hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()
        )
        return source_id, digest, channel, answers


def _checked_batches(rows, check: _RowChecker, errors, counts) -> Iterator[tuple[int, list[Row]]]:
    """(rows read so far, batch of good rows); bad rows go to the errors file with their line number."""
    batch: list[Row] = []
    done = 0
    for line, row in rows:
        done += 1
        if not any(cell.strip() for cell in row):
            continue
        try:
            source_id, digest, channel, answers = check(row)
        except ValidationError as exc:
            errors.writerow([line, "; ".join(exc.messages)])
            counts["rejected"] += 1
            continue
        batch.append((line, source_id, digest, channel, answers))
        if len(batch) >= BATCH:
            yield done, batch
            batch = []
    if batch:
        yield done, batch


_END = object()


def _in_background(items: Iterator[Any], depth: int = 2) -> Iterator[Any]:
    """Run a generator in a worker thread, at most `depth` items ahead; its exceptions reach the caller."""
    box: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put((_END, None))
        except BaseException as exc:  # handed to the caller, which raises it
            put((_END, exc))
        finally:
            close = getattr(items, "close", None)
            if close:
                close()

    worker = threading.Thread(target=run, name="import-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = box.get()
            if isinstance(item, tuple) and item and item[0] is _END:
                if item[1] is not None:
                    raise item[1]
                return
            yield item
    finally:
        stop.set()
        worker.join()
