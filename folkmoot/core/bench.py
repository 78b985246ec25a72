"""Benchmarks: `folkmoot bench NAME`. Each app may have a `benchmarks.py` with

    BENCHMARKS = {"import": Benchmark(help="...", add_arguments=fn(parser), run=fn(options, progress) -> dict)}

The command prints the dict as one JSON object on its last line. Benchmarks print figures; they never
assert on time (targets are reported beside the figures, with "met": true/false).
"""

from __future__ import annotations

import importlib
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps


@dataclass
class Benchmark:
    help: str
    run: Callable[[dict[str, Any]], dict[str, Any]]
    add_arguments: Callable[[Any], None] = lambda parser: None


def discover() -> dict[str, Benchmark]:
    found: dict[str, Benchmark] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("folkmoot."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.benchmarks")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.benchmarks":
                continue
            raise
        for name, benchmark in getattr(module, "BENCHMARKS", {}).items():
            if name in found:
                raise RuntimeError(f"Two apps define the benchmark {name!r}")
            found[name] = benchmark
    return found


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Stopwatch:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
