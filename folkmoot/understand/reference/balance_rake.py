"""Rake with Meta's `balance` package. Runs ONLY inside the separate venv (var/balance-venv), never in Folkmoot's.

    var/balance-venv/bin/python balance_rake.py SAMPLE MARGINS.csv OUT_WEIGHTS [--settings JSON]

SAMPLE is a CSV (or .parquet/.pkl) of respondents with one column per variable (and optionally `base_weight`);
MARGINS.csv has variable, category, share. OUT_WEIGHTS gets one weight per row (CSV with a `weight` column, or
.npy). The last line printed is JSON: {"seconds": time of the rake() call only, "converged", "iterations", ...}.

The target is given to balance as a tiny weighted frame whose margins are exactly the shares (a comonotone
coupling: the unit interval cut at every variable's cumulative shares), so no rounding of the targets happens
(balance's own `target_margins=` realises margins as 10,000 rows, which rounds shares to 1e-4). Transformations
are off, because the default lumps categories under 5% together, which would change the problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd


def comonotone_target(shares: dict[str, dict[str, float]], total: float) -> tuple[pd.DataFrame, pd.Series]:
    """A weighted frame whose weighted margins equal `shares` exactly (sum of weights = total)."""
    cuts = {0.0, 1.0}
    cumulative = {}
    for variable, categories in shares.items():
        values = np.array(list(categories.values()), dtype=float)
        edges = np.concatenate([[0.0], np.cumsum(values / values.sum())])
        edges[-1] = 1.0
        cumulative[variable] = (list(categories), edges)
        cuts.update(edges.tolist())
    points = np.array(sorted(cuts))
    lows, highs = points[:-1], points[1:]
    keep = highs - lows > 0
    lows, highs = lows[keep], highs[keep]
    middle = (lows + highs) / 2
    frame = {}
    for variable, (categories, edges) in cumulative.items():
        index = np.searchsorted(edges, middle, side="right") - 1
        frame[variable] = [categories[i] for i in index]
    return pd.DataFrame(frame), pd.Series((highs - lows) * total)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sample")
    parser.add_argument("margins")
    parser.add_argument("out")
    parser.add_argument("--settings", default="{}", help="JSON: max_iteration, convergence_rate, ...")
    args = parser.parse_args(argv)
    settings = json.loads(args.settings)

    from balance.weighting_methods.rake import rake

    margins = pd.read_csv(args.margins, dtype={"variable": str, "category": str})
    shares: dict[str, dict[str, float]] = {}
    for row in margins.itertuples(index=False):
        shares.setdefault(str(row.variable), {})[str(row.category)] = float(row.share)
    variables = list(shares)
    path = Path(args.sample)
    if path.suffix == ".parquet":
        sample = pd.read_parquet(path)
    elif path.suffix == ".pkl":
        sample = pd.read_pickle(path)
    else:
        sample = pd.read_csv(path, dtype={v: str for v in variables}, keep_default_na=False)
    base = (
        sample["base_weight"].astype(float)
        if "base_weight" in sample.columns
        else pd.Series(np.ones(len(sample)))
    )
    sample_df = sample[variables].astype(str).reset_index(drop=True)
    base = base.reset_index(drop=True)
    target_df, target_weights = comonotone_target(shares, total=float(base.sum()))

    started = time.perf_counter()
    result = rake(
        sample_df,
        base,
        target_df,
        target_weights,
        variables=variables,
        transformations=None,
        na_action="drop",
        max_iteration=settings.get("max_iteration", 1000),
        convergence_rate=settings.get("convergence_rate", 0.0005),
        rate_tolerance=settings.get("rate_tolerance", 1e-8),
        weight_trimming_mean_ratio=settings.get("trim_mean_ratio"),
    )
    seconds = time.perf_counter() - started
    weights = result["weight"].sort_index().to_numpy()
    out = Path(args.out)
    if out.suffix == ".npy":
        np.save(out, weights)
    else:
        pd.DataFrame({"weight": weights}).to_csv(out, index=False, float_format="%.17g")
    import balance

    iterations = result["model"].get("iterations")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "converged": int(result["model"].get("converged", 1)),
                "iterations": int(len(iterations)) if iterations is not None else None,
                "rows": int(len(weights)),
                "balance_version": balance.__version__,
                "numpy_version": np.__version__,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
