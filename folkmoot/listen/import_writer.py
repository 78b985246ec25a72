"""Writing imported rows: skip what is already there, then one COPY per table and batch (PostgreSQL) or bulk
INSERTs (SQLite). Kept apart from imports.py, which reads and checks files.

Each batch is one transaction, so a failure part way keeps every earlier batch and loses nothing accepted.
"""

from __future__ import annotations

import json
import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from folkmoot.core.pgcopy import ESCAPE, NULL, copy_in

from .models import Answer, Question, QuestionType, Response, ResponseStatus, Survey

# One imported row, validated: (line number, source ID, content hash, channel, {question code: value}).
Row = tuple[int, str, str, str, dict[str, Any]]

ALPHABET = b"BCDFGHJKLMNPQRSTVWXZ23456789"  # as models._reference: no vowels, no look-alikes
REFERENCE_LENGTH = 12  # longer than typed-in references, so a million imported rows do not collide
_UNBIASED = len(ALPHABET) * (256 // len(ALPHABET))  # bytes at or above this would favour some letters
_DROP = bytes(range(_UNBIASED, 256))
_TO_ALPHABET = bytes(ALPHABET[b % len(ALPHABET)] for b in range(256))


def new_references(count: int) -> list[str]:
    """`count` random references from the secrets module in one call (a call per letter cost seconds per million)."""
    need = count * REFERENCE_LENGTH
    pool = b""
    while len(pool) < need:
        pool += secrets.token_bytes(need - len(pool) + 64).translate(None, _DROP)
    text = pool[:need].translate(_TO_ALPHABET).decode("ascii")
    return [text[i : i + REFERENCE_LENGTH] for i in range(0, need, REFERENCE_LENGTH)]


def new_response_ids(count: int) -> list[str]:
    """UUIDv7 layout (time first, then random): a batch's ids sit together at the end of the primary key and
    answer indexes, so a million-row import appends to them instead of touching pages all over them."""
    stamp = f"{time.time_ns() // 1_000_000:012x}"
    noise = secrets.token_hex(10 * count)
    ids = []
    for i in range(0, 20 * count, 20):
        part = noise[i : i + 20]
        variant = "89ab"[int(part[3], 16) & 3]
        ids.append(f"{stamp[:8]}-{stamp[8:]}-7{part[:3]}-{variant}{part[4:7]}-{part[7:19]}")
    return ids


WRITERS = 2  # database connections writing batches side by side (PostgreSQL, outside a transaction)


def parallel_writers_possible() -> bool:
    """Other connections cannot see rows of a transaction still open here (a caller's, or a test's), and
    SQLite takes one writer at a time: then batches are written one by one on this connection."""
    return WRITERS > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block


def write_in_parallel(
    survey: Survey,
    questions: dict[str, Question],
    batches: Iterator[tuple[int, list[Row]]],
    counts: dict,
    entered_by: Any,
    progress: Callable[..., None] | None,
) -> None:
    """Hand `batches` (read in this thread) to WRITERS threads, each with its own connection and transactions.

    Two batches in flight together may hold the same key (a file repeating a row far apart); the second to
    commit then fails on the unique index, is rolled back and written again, and its new check finds the row."""
    box: queue.Queue = queue.Queue(maxsize=WRITERS)
    lock = threading.Lock()
    stop = threading.Event()
    failures: list[BaseException] = []
    finished = [0]

    def writer() -> None:
        try:
            while (item := box.get()) is not None:
                done, batch = item
                for attempt in range(1, 6):
                    part = {"imported": 0, "duplicates": 0}
                    try:
                        write_batch(survey, questions, batch, part, entered_by)
                        break
                    except IntegrityError:
                        if attempt == 5:
                            raise
                with lock:
                    counts["imported"] += part["imported"]
                    counts["duplicates"] += part["duplicates"]
                    finished[0] = max(finished[0], done)
        except BaseException as exc:  # raised again in the calling thread
            failures.append(exc)
            stop.set()
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=writer, name=f"import-writer-{i}", daemon=True) for i in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    try:
        for item in batches:
            while not stop.is_set():
                try:
                    box.put(item, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if stop.is_set():
                break
            if progress:
                with lock:
                    done = finished[0]
                progress(done=done)
    finally:
        ends = len(threads)  # one "no more batches" per writer still running
        while ends and any(thread.is_alive() for thread in threads):
            try:
                box.put(None, timeout=0.1)
                ends -= 1
            except queue.Full:
                continue
        for thread in threads:
            thread.join()
        close = getattr(batches, "close", None)
        if close:
            close()
    if failures:
        raise failures[0]


def write_batch(
    survey: Survey, questions: dict[str, Question], batch: list[Row], counts: dict, entered_by: Any
) -> None:
    """Write one batch in its own transaction, skipping rows already imported (in the database or this batch)."""
    with transaction.atomic():
        fresh = _not_seen(survey, batch)
        counts["duplicates"] += len(batch) - len(fresh)
        if not fresh:
            return
        now = timezone.now()
        if connection.vendor == "postgresql":
            _copy_postgres(survey, questions, fresh, now, entered_by)
        else:
            _bulk_insert(survey, questions, fresh, now, entered_by)
        counts["imported"] += len(fresh)


def _not_seen(survey: Survey, batch: list[Row]) -> list[Row]:
    ids = list({b[1] for b in batch if b[1]})
    hashes = list({b[2] for b in batch if b[2]})
    table = Response._meta.db_table
    seen: set[str] = set()
    with connection.cursor() as cursor:
        for column, keys in (("source_id", ids), ("content_hash", hashes)):
            if not keys:
                continue
            if connection.vendor == "postgresql":
                # One array parameter instead of thousands of IN (...) parameters: far cheaper to plan.
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE survey_id = %s AND {column} = ANY(%s)",
                    [survey.pk, keys],
                )
                seen.update(key for (key,) in cursor.fetchall())
            else:
                field = {"source_id": "source_id__in", "content_hash": "content_hash__in"}[column]
                for start in range(0, len(keys), 500):
                    found = Response.objects.filter(survey=survey, **{field: keys[start : start + 500]})
                    seen.update(found.values_list(column, flat=True))
    fresh = []
    for row in batch:
        key = row[1] or row[2]
        if key in seen:
            continue
        seen.add(key)
        fresh.append(row)
    return fresh


def _bulk_insert(survey, questions, fresh, now, entered_by) -> None:
    references = new_references(len(fresh))
    responses = [
        Response(
            survey=survey,
            channel=channel,
            status=ResponseStatus.SUBMITTED,
            submitted_at=now,
            source_id=source_id,
            content_hash=digest,
            entered_by_id=entered_by,
            reference=reference,
            resume_token="",  # already sent: no resume link
        )
        for (_, source_id, digest, channel, _), reference in zip(fresh, references, strict=True)
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
            for r, row in zip(responses, fresh, strict=True)
            for code, value in row[4].items()
        ],
        batch_size=2000,
    )


def _copy_postgres(survey, questions, fresh, now, entered_by) -> None:
    """COPY in PostgreSQL's text format, built as one string per table: no per-row driver calls."""
    esc = ESCAPE
    stamp = now.isoformat()
    head = f"\t{survey.pk}\t"
    tail = f"\ten\tf\t%s\t%s\t{entered_by if entered_by is not None else NULL}\t{stamp}\t{stamp}\tf\n"
    submitted = ResponseStatus.SUBMITTED.value
    pks = {code: q.pk for code, q in questions.items()}
    is_text = {code: q.type == QuestionType.TEXT for code, q in questions.items()}
    encoded: dict[tuple[str, Any], str] = {}  # choice answers repeat: encode each value once
    response_lines = []
    answer_lines = []
    for (_, source_id, digest, channel, answers), rid, reference in zip(
        fresh,
        new_response_ids(len(fresh)),
        new_references(len(fresh)),
        strict=True,
    ):
        response_lines.append(
            rid
            + head
            + channel
            + "\t"
            + submitted
            + "\t"
            + reference
            + "\t"  # no resume token: the response is already sent
            + tail % (source_id.translate(esc), digest)
        )
        for code, value in answers.items():
            if is_text[code]:
                text = value.translate(esc)
                answer_lines.append(f"{rid}\t{pks[code]}\t{json.dumps(value).translate(esc)}\t{text}\n")
                continue
            key = (code, value if not isinstance(value, list) else tuple(value))
            cell = encoded.get(key)
            if cell is None:
                cell = encoded[key] = f"\t{pks[code]}\t{json.dumps(value).translate(esc)}\t\n"
            answer_lines.append(rid + cell)
    copy_in(
        Response._meta.db_table,
        "id, survey_id, channel, status, reference, resume_token, language, easy_read, source_id, content_hash, "
        "entered_by_id, started_at, submitted_at, is_synthetic",
        response_lines,
    )
    del response_lines
    copy_in(Answer._meta.db_table, "response_id, question_id, value, text", answer_lines)
