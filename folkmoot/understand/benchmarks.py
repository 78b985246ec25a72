"""Benchmarks: `folkmoot bench rake --rows 1000000 --vars 6` and `folkmoot bench missing --rows 1000000`.

`rake` runs our NumPy raking and Meta's `balance` (0.23.0, in its own virtual environment under var/, because it
pins numpy<2 on Python 3.11) on the same synthetic input in the same run, with the same convergence settings
and no trimming, and reports both times, the speed-up and the largest relative weight difference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings

from folkmoot.core.bench import Benchmark, Stopwatch, peak_rss_mb

from .stats.raking import DEFAULT_CONVERGENCE_RATE, DEFAULT_MAX_ITERATION, DEFAULT_RATE_TOLERANCE, rake

BALANCE_VERSION = "0.23.0"
REFERENCE = Path(__file__).parent / "reference" / "balance_rake.py"
SPEEDUP_TARGET = 5.0
DIFFERENCE_TARGET = 1e-6
MISSING_TARGET_SECONDS = 5.0


def balance_python() -> Path:
    """var/balance-venv/bin/python, built on first use (pip from the package registry, pinned)."""
    venv = Path(settings.VAR_DIR) / "balance-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"balance=={BALANCE_VERSION}"], check=True)
    return python


def synthetic_sample(
    rows: int, variables: int, seed: int = 2021
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Synthetic respondents skewed away from synthetic targets: variable v has 3 + v % 4 categories and is
    correlated with variable v - 1."""
    rng = np.random.default_rng(seed)
    frame, margins = {}, {}
    for v in range(variables):
        k = 3 + v % 4
        sample_p = rng.dirichlet(np.ones(k) * 2)
        target_p = rng.dirichlet(np.ones(k) * 2)
        name = f"v{v}"
        values = rng.choice(k, size=rows, p=sample_p)
        if v:  # half the rows follow the previous variable, so the margins interact and raking has work to do
            follow = rng.random(rows) < 0.5
            values = np.where(follow, frame[f"v{v - 1}"] % k, values)
        frame[name] = values
        margins[name] = {f"c{i}": float(target_p[i]) for i in range(k)}
    return pd.DataFrame(frame), margins


def _ours(frame: pd.DataFrame, margins: dict[str, dict[str, float]]):
    names = sorted(margins)  # balance rakes variables in alphabetical order
    codes = [frame[n].to_numpy(dtype=np.int64) for n in names]
    targets = [np.array(list(margins[n].values())) for n in names]
    return rake(codes, targets, names=names, categories=[list(margins[n]) for n in names])


def run_balance(
    python: Path, frame: pd.DataFrame, margins: dict[str, dict[str, float]], folder: Path
) -> tuple[np.ndarray, dict]:
    sample = folder / "sample.csv"
    frame.apply(lambda col: "c" + col.astype(str)).to_csv(sample, index=False)
    margin_file = folder / "margins.csv"
    pd.DataFrame(
        [{"variable": v, "category": c, "share": s} for v, cats in margins.items() for c, s in cats.items()]
    ).to_csv(margin_file, index=False, float_format="%.17g")
    out = folder / "weights.npy"
    same = {
        "max_iteration": DEFAULT_MAX_ITERATION,
        "convergence_rate": DEFAULT_CONVERGENCE_RATE,
        "rate_tolerance": DEFAULT_RATE_TOLERANCE,
        "trim_mean_ratio": None,
    }
    done = subprocess.run(
        [
            str(python),
            str(REFERENCE),
            str(sample),
            str(margin_file),
            str(out),
            "--settings",
            json.dumps(same),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return np.load(out), json.loads(done.stdout.strip().splitlines()[-1])


def bench_rake(options: dict) -> dict:
    rows, variables = options["rows"], options["vars"]
    frame, margins = synthetic_sample(rows, variables)
    with Stopwatch() as ours_clock:
        ours = _ours(frame, margins)
    python = balance_python()
    with tempfile.TemporaryDirectory() as tmp:
        theirs, info = run_balance(python, frame, margins, Path(tmp))
    difference = float(np.max(np.abs(ours.weights - theirs) / np.abs(theirs)))
    speedup = info["seconds"] / ours_clock.seconds if ours_clock.seconds else float("inf")
    return {
        "rows": rows,
        "vars": variables,
        "ours_seconds": round(ours_clock.seconds, 4),
        "balance_seconds": round(info["seconds"], 4),
        "speedup": round(speedup, 2),
        "max_relative_difference": difference,
        "ours_iterations": ours.iterations,
        "ours_converged": ours.converged,
        "balance": {
            k: info.get(k) for k in ("balance_version", "numpy_version", "python", "converged", "iterations")
        },
        "peak_rss_mb": peak_rss_mb(),
        "target": {"speedup_at_least": SPEEDUP_TARGET, "difference_at_most": DIFFERENCE_TARGET},
        "target_met": bool(speedup >= SPEEDUP_TARGET and difference <= DIFFERENCE_TARGET),
    }


def _rake_arguments(parser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--vars", type=int, default=6)


def synthetic_respondents(rows: int, seed: int = 5) -> pd.DataFrame:
    from .stats import labels as L

    rng = np.random.default_rng(seed)
    out = {"channel": rng.choice(["online", "paper", "phone", "event"], size=rows)}
    for name in ["sex", "ethnic_group", "religion", "disability"]:
        categories = list(L.CHARACTERISTICS[name].categories) + ["Prefer not to say"]
        out[name] = rng.choice(categories, size=rows)
    out["age"] = rng.integers(16, 95, size=rows)
    return pd.DataFrame(out)


def bench_missing(options: dict) -> dict:
    from .population.baselines import FileBaselines
    from .services import default_population_dir
    from .stats.missing import Settings, analyse

    frame = synthetic_respondents(options["rows"])
    baselines = FileBaselines(Path(options.get("population") or default_population_dir()))
    # Read and cache the files first (in the product they are in the database): the figure is the analysis.
    baselines.counts(["age_sex"], baselines.area(options["area"]))
    with Stopwatch() as clock:
        report = analyse(frame, baselines, options["area"], Settings())
    return {
        "rows": options["rows"],
        "area": report["area"],
        "characteristics": len(report["characteristics"]),
        "seconds": round(clock.seconds, 3),
        "baselines": baselines.source,
        "peak_rss_mb": peak_rss_mb(),
        "target": {"seconds_below": MISSING_TARGET_SECONDS},
        "target_met": clock.seconds < MISSING_TARGET_SECONDS,
    }


def _missing_arguments(parser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--area", default="E06000016")
    parser.add_argument("--population", help="Folder of population files (default ../shared/data/population)")


BENCHMARKS = {
    "rake": Benchmark(
        help="Our NumPy raking against balance 0.23.0 on the same synthetic input",
        run=bench_rake,
        add_arguments=_rake_arguments,
    ),
    "missing": Benchmark(
        help="Who is missing on synthetic respondents", run=bench_missing, add_arguments=_missing_arguments
    ),
}
