"""Core benchmarks."""

from __future__ import annotations

from django.test import Client

from .bench import Benchmark, Stopwatch, peak_rss_mb


def _healthz(options: dict) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    n = options["requests"]
    with Stopwatch() as watch:
        for _ in range(n):
            response = client.get("/healthz")
            assert response.status_code == 200
    return {
        "requests": n,
        "seconds": round(watch.seconds, 3),
        "requests_per_s": round(n / watch.seconds, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


BENCHMARKS = {
    "healthz": Benchmark(
        help="Requests per second to /healthz through the full middleware stack, in process.",
        run=_healthz,
        add_arguments=lambda p: p.add_argument("--requests", type=int, default=2000),
    )
}
