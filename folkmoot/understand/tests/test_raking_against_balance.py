"""Our NumPy raking gives balance 0.23.0's weights (fixtures made by balance_fixtures/make_fixtures.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from folkmoot.understand.stats.raking import rake

FIXTURES = Path(__file__).parent / "balance_fixtures"


@pytest.mark.sqlite
@pytest.mark.parametrize("case", ["plain", "trimmed"])
def test_weights_match_balance_within_one_in_a_million(case):
    sample = pd.read_csv(FIXTURES / f"{case}_sample.csv", dtype=str, keep_default_na=False)
    margins = pd.read_csv(FIXTURES / f"{case}_margins.csv", dtype={"variable": str, "category": str})
    expected = pd.read_csv(FIXTURES / f"{case}_weights.csv")["weight"].to_numpy()
    settings = json.loads((FIXTURES / f"{case}_info.json").read_text())["settings"]
    names = sorted(margins.variable.unique())
    codes, targets, categories = [], [], []
    for name in names:
        rows = margins[margins.variable == name]
        cats = list(rows.category)
        codes.append(sample[name].map({c: i for i, c in enumerate(cats)}).to_numpy(dtype=np.int64))
        targets.append(rows.share.to_numpy(dtype=float))
        categories.append(cats)
    result = rake(
        codes,
        targets,
        names=names,
        categories=categories,
        trim_mean_ratio=settings["trim_mean_ratio"],
        max_iteration=settings["max_iteration"],
        convergence_rate=settings["convergence_rate"],
        rate_tolerance=settings["rate_tolerance"],
    )
    assert result.weights.shape == expected.shape
    assert np.max(np.abs(result.weights - expected) / expected) <= 1e-6
    if case == "trimmed":
        assert result.trimmed > 0
