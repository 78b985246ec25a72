"""`folkmoot bench import` and `folkmoot bench submit` (Listen)."""

from __future__ import annotations

import csv
import random
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
    engagement = survey.engagement
    survey.delete()
    engagement.delete()


def _import(options: dict) -> dict:
    from .imports import responses_import

    rows = options["rows"]
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
    try:
        started = time.perf_counter()
        mapping = __import__("folkmoot.listen.imports", fromlist=["Mapping"]).Mapping(source_id="id")
        result = responses_import(
            survey=survey, path=path, mapping=mapping, errors_path=folder / "import.errors.csv"
        )
        seconds = time.perf_counter() - started
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
        "peak_rss_mb": peak_rss_mb(),
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
    server = loadtest.start_server(
        port=port, database_url=database_url, workers=options["workers"], threads=options["threads"]
    )
    try:
        rng = random.Random(2)
        result = loadtest.submit_many(
            port=port,
            slug=survey.slug,
            total=options["total"],
            clients=options["clients"],
            payload=lambda i: {
                "answers": {
                    "fft": FFT[i % 5],
                    "rating": i % 11,
                    "comment": "ok" if rng.random() < 0.3 else "",
                }
            },
        )
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
        "database": connection.vendor,
        "submits_per_s": round(rate, 1),
        "p95_ms": round(p95, 1),
        "p50_ms": round(loadtest.percentile(result.latencies_ms, 50), 1),
        "errors": result.errors,
        "lost": len(lost),
        "acknowledged": len(result.acknowledged),
        "seconds": round(result.seconds, 2),
        "target": ">= 500 submits/s, p95 < 150 ms, lost 0",
        "met": bool(rate >= 500 and p95 < 150 and not lost),
    }


def _import_args(parser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000)


def _submit_args(parser) -> None:
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--total", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)


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
