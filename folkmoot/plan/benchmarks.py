"""`folkmoot bench search --docs 100000`: p95 latency of 'Asked before?' over a synthetic corpus.

The corpus is generated (synthetic engagement summaries and report chunks from a health-topic
vocabulary), indexed once, then queried; latency is per query, index build reported separately.
"""

from __future__ import annotations

import random
import time

import numpy as np

from folkmoot.core.bench import Benchmark, Stopwatch, peak_rss_mb

from .search import Doc, Index

TARGET_P95_MS = 50
TOPICS = [
    "urgent care",
    "mental health",
    "maternity",
    "diabetes clinic",
    "GP access",
    "dementia",
    "cancer screening",
    "vaccination",
    "pharmacy",
    "hospital discharge",
    "children's services",
    "learning disability",
    "carers",
    "dental care",
    "end of life care",
    "wheelchair services",
    "physiotherapy",
    "eye care",
    "sexual health",
    "stroke",
]
GROUPS = [
    "young people",
    "older people",
    "carers",
    "people experiencing homelessness",
    "Gypsy and Traveller communities",
    "disabled people",
    "Deaf BSL users",
    "refugees and asylum seekers",
    "parents",
    "shift workers",
    "students",
    "people with a learning disability",
    "South Asian communities",
    "Polish-speaking residents",
    "veterans",
]
FINDINGS = [
    "waiting times were too long",
    "people could not get through on the phone",
    "transport was a barrier",
    "information was hard to understand",
    "staff were kind",
    "appointments clashed with work",
    "interpreters were not booked",
    "online booking excluded people",
    "the building was not accessible",
    "people did not know where to go",
    "follow-up letters were confusing",
    "costs of travel put people off",
]


def _doc(rng: random.Random, i: int) -> Doc:
    topic, group = rng.choice(TOPICS), rng.choice(GROUPS)
    findings = rng.sample(FINDINGS, 3)
    text = (
        f"Synthetic engagement {i} about {topic} with {group}. We asked {group} about {topic}. "
        f"Key findings: {'; '.join(findings)}. Area {rng.randint(1, 40)}, year {rng.randint(2018, 2026)}."
    )
    return Doc(
        key=f"synthetic:{i}",
        kind=rng.choice(["engagement", "report"]),
        title=f"{topic.title()} ({group}) {i}",
        text=text,
        date=f"{rng.randint(2018, 2026)}-0{rng.randint(1, 9)}-01",
        findings=findings[0],
    )


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)


def run(options: dict) -> dict:
    rng = random.Random(options.get("seed", 7))
    n = int(options.get("docs", 100_000))
    docs = [_doc(rng, i) for i in range(n)]
    with Stopwatch() as build:
        index = Index(docs)
    queries = [
        f"What do {rng.choice(GROUPS)} think about {rng.choice(TOPICS)}? {rng.choice(FINDINGS)}"
        for _ in range(int(options.get("queries", 200)))
    ]
    index.search(queries[0])  # warm up
    times = []
    for q in queries:
        start = time.perf_counter()
        index.search(q, limit=5)
        times.append((time.perf_counter() - start) * 1000)
    p95 = float(np.percentile(times, 95))
    return {
        "benchmark": "search",
        "docs": n,
        "chunks": len(index.chunk_doc),
        "queries": len(queries),
        "semantic": index.vectors is not None,
        "index_build_s": round(build.seconds, 2),
        "p50_ms": round(float(np.percentile(times, 50)), 2),
        "p95_ms": round(p95, 2),
        "target_p95_ms": TARGET_P95_MS,
        "met": p95 < TARGET_P95_MS,
        "peak_rss_mb": peak_rss_mb(),
    }


BENCHMARKS = {
    "search": Benchmark(
        help="'Asked before?' search p95 latency over a synthetic corpus.",
        run=run,
        add_arguments=add_arguments,
    )
}
