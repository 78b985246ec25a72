"""`folkmoot bench import` and `folkmoot bench submit` (Listen)."""

from __future__ import annotations

import csv
import os
import random
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from folkmoot.core.bench import Benchmark, peak_rss_mb

FFT = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor"]


def _bench_survey(tag: str):
    from folkmoot.core.models import Engagement, Organisation

    from . import services

    organisation, _ = Organisation.objects.get_or_create(
        slug="benchmark-org",
        defaults={"name": "Benchmark organisation (synthetic)", "type": "icb", "is_synthetic": True},
    )
    engagement = Engagement.objects.create(
        organisation=organisation,
        title=f"Benchmark {tag}",
        slug=f"bench-{tag}",
        status="open",
        is_synthetic=True,
    )
    survey = services.survey_create(
        actor=None,
        engagement=engagement,
        title=f"Benchmark {tag}",
        slug=f"bench-{tag}",
        check_permission=False,
        is_synthetic=True,
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    services.question_add(survey=survey, type="rating", code="rating", text="Rate us")
    services.question_add(survey=survey, type="text", code="comment", text="Tell us more")
    services.question_add(survey=survey, type="postcode", code="postcode", text="Postcode")
    services.survey_set_status(actor=None, survey=survey, status="open", check_permission=False)
    return survey


def _cleanup(survey) -> None:
    """Delete in SQL first: the ORM's cascade would load a million responses into memory to delete them."""
    from .models import Answer, Response

    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Answer._meta.db_table} WHERE response_id IN "
            f"(SELECT id FROM {Response._meta.db_table} WHERE survey_id = %s)",
            [survey.pk if connection.vendor == "postgresql" else survey.pk.hex],
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Without this, deleting each response checks the answers index and finds its dead entries:
            # minutes for a million responses instead of seconds.
            cursor.execute(f"VACUUM {Answer._meta.db_table}")
    Response.objects.filter(survey=survey)._raw_delete(connection.alias)
    engagement = survey.engagement
    survey.delete()
    engagement.delete()


def _database_backends_cpu_s() -> float | None:
    """CPU seconds of the other PostgreSQL server processes on this database (the web server's connections)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class _BackendSampler:
    """CPU seconds of every PostgreSQL server process on this database during a block, read twice a second:
    the import's writer connections close when it ends, so they are read while they run (the last half
    second of each may be missed)."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def _sample(self, cursor) -> None:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        for (pid,) in cursor.fetchall():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            self.first.setdefault(pid, cpu)
            self.last[pid] = cpu

    def _run(self) -> None:
        from django.db import connections

        try:
            with connections["default"].cursor() as cursor:
                self._sample(cursor)
                while not self.stop.wait(0.5):
                    self._sample(cursor)
        finally:
            connections["default"].close()

    def __enter__(self) -> _BackendSampler:
        if connection.vendor == "postgresql":
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()
            time.sleep(0.2)  # the first reading comes before the work starts
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()

    @property
    def cpu_s(self) -> float | None:
        if self.thread is None:
            return None
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def _import(options: dict) -> dict:
    from . import import_writer
    from .imports import Mapping, responses_import

    rows = options["rows"]
    if options.get("writers"):
        import_writer.WRITERS = options["writers"]
    folder = Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"import-{rows}.csv"
    if not path.exists():
        rng = random.Random(1)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "fft", "rating", "comment", "postcode"])
            for i in range(rows):
                writer.writerow(
                    [
                        f"r{i}",
                        rng.choice(FFT),
                        rng.randint(0, 10),
                        "Waited a long time but the nurse was kind" if i % 3 else "",
                        "LE1 5WW",
                    ]
                )
    survey = _bench_survey(uuid.uuid4().hex[:8])
    rss_before = peak_rss_mb()
    try:
        with _BackendSampler() as sampler:
            cpu = time.process_time()
            started = time.perf_counter()
            result = responses_import(
                survey=survey,
                path=path,
                mapping=Mapping(source_id="id"),
                errors_path=folder / "import.errors.csv",
            )
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
        db_cpu = sampler.cpu_s
        peak = peak_rss_mb()
    finally:
        _cleanup(survey)
    rate = rows / seconds
    return {
        "rows": rows,
        "database": connection.vendor,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rate),
        "imported": result["imported"],
        "rejected": result["rejected"],
        # CPU per row depends less on what else the machine is doing than seconds do.
        "python_cpu_us_per_row": round(cpu / rows * 1e6, 1),
        "database_cpu_us_per_row": None if db_cpu is None else round(db_cpu / rows * 1e6, 1),
        "rss_before_import_mb": rss_before,
        "peak_rss_mb": peak,
        "writers": import_writer.WRITERS if import_writer.parallel_writers_possible() else 1,
        "target": "1,000,000 rows in <= 60 s on PostgreSQL, flat memory",
        "met": bool(connection.vendor == "postgresql" and rate * 60 >= 1_000_000),
    }


def _submit(options: dict) -> dict:
    from . import loadtest
    from .models import Response

    survey = _bench_survey(uuid.uuid4().hex[:8])
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        database_url = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
    else:
        database_url = f"sqlite:///{settings_dict['NAME']}"
    port = loadtest.free_port()
    # Each worker takes at most an equal share of the clients' keep-alive connections, as a load balancer in
    # front would spread them. Left alone, the first burst of connections can land unevenly on the workers, and
    # the clients of the busiest worker wait longer for the whole run (on 2026-12-03, 3 workers: p95 148-153 ms
    # unbalanced, 119-124 ms balanced, at the same rate).
    worker_connections = options["worker_connections"] or -(-options["clients"] // options["workers"]) + 1
    server = loadtest.start_server(
        port=port,
        database_url=database_url,
        workers=options["workers"],
        threads=options["threads"],
        worker_class=options["worker_class"],
        worker_connections=worker_connections,
    )
    try:
        rng = random.Random(2)
        server_cpu = loadtest.process_group_cpu_s(server.pid)
        client_cpu = time.process_time()
        result = loadtest.submit_many(
            port=port,
            slug=survey.slug,
            total=options["total"],
            clients=options["clients"],
            rate=options["rate"],
            payload=lambda i: {
                "answers": {
                    "fft": FFT[i % 5],
                    "rating": i % 11,
                    "comment": "ok" if rng.random() < 0.3 else "",
                }
            },
        )
        client_cpu = time.process_time() - client_cpu
        server_cpu = loadtest.process_group_cpu_s(server.pid) - server_cpu
        database_cpu = _database_backends_cpu_s()
    finally:
        loadtest.kill_server(server)
    stored = set(Response.objects.filter(survey=survey).values_list("reference", flat=True))
    lost = [ref for ref in result.acknowledged if ref not in stored]
    _cleanup(survey)
    rate = len(result.acknowledged) / result.seconds if result.seconds else 0
    p95 = loadtest.percentile(result.latencies_ms, 95)
    return {
        "clients": options["clients"],
        "total": options["total"],
        "mode": "open" if options["rate"] else "closed",
        "offered_per_s": options["rate"],
        "database": connection.vendor,
        "submits_per_s": round(rate, 1),
        "p95_ms": round(p95, 1),
        "p50_ms": round(loadtest.percentile(result.latencies_ms, 50), 1),
        "errors": result.errors,
        "lost": len(lost),
        "acknowledged": len(result.acknowledged),
        "seconds": round(result.seconds, 2),
        # CPU per request (ms) depends less on what else the machine is doing than rates do.
        "server_cpu_ms_per_submit": round(server_cpu / max(result.total_sent, 1) * 1000, 2),
        "client_cpu_ms_per_submit": round(client_cpu / max(result.total_sent, 1) * 1000, 2),
        "database_cpu_ms_per_submit": None
        if database_cpu is None
        else round(database_cpu / max(result.total_sent, 1) * 1000, 2),
        "workers": options["workers"],
        "threads": options["threads"],
        "worker_class": options["worker_class"],
        "worker_connections": worker_connections,
        "target": ">= 500 submits/s, p95 < 150 ms, lost 0",
        "met": bool(rate >= 500 and p95 < 150 and not lost),
    }


def _import_args(parser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--writers", type=int, default=None, help="database connections writing (default 2)")


def _submit_args(parser) -> None:
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--total", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="open loop: offer this many submissions per second and time each from when it was due "
        "(default: closed loop, each client sends again as soon as it is answered)",
    )
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class (gthread or sync)")
    parser.add_argument(
        "--worker-connections",
        type=int,
        default=None,
        help="most keep-alive connections one worker holds (default: an equal share of the clients, plus one)",
    )


BENCHMARKS = {
    "import": Benchmark(
        help="Stream a generated CSV of responses into a survey: rows per second, peak memory.",
        run=_import,
        add_arguments=_import_args,
    ),
    "submit": Benchmark(
        help="Concurrent submissions to gunicorn on loopback: rate, p95, errors, lost.",
        run=_submit,
        add_arguments=_submit_args,
    ),
}
