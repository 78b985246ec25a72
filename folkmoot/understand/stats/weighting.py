"""Raking a table of respondents to a table of margins (`folkmoot rake`): reading, checking, matching labels.

Margins are rows of (variable, category, share). Every problem is collected and reported together with row
numbers, so a person can fix the file in one go; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import labels as L
from .raking import RakeResult, RakingError, rake

SUM_TOLERANCE = 0.001  # shares that add up to 1 within this are rescaled to exactly 1 (rounded inputs)


@dataclass
class Margins:
    shares: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)


def _rows(numbers, limit: int = 8) -> str:
    numbers = list(numbers)
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def read_margins(frame: pd.DataFrame) -> Margins:
    """Check a margins table (columns variable, category, share) and return shares per variable."""
    columns = {c.strip().lower(): c for c in frame.columns}
    missing = [c for c in ("variable", "category", "share") if c not in columns]
    if missing:
        raise RakingError(
            f"The margins file needs the columns variable, category and share; it has no {', '.join(missing)} "
            f"(it has: {', '.join(map(str, frame.columns))})."
        )
    frame = frame.rename(columns={v: k for k, v in columns.items()})
    problems: list[str] = []
    shares: dict[str, dict[str, float]] = {}
    notes: list[str] = []
    for position, row in enumerate(frame.itertuples(index=False), start=2):
        variable = "" if pd.isna(row.variable) else str(row.variable).strip()
        category = "" if pd.isna(row.category) else str(row.category).strip()
        raw_share = row.share
        if not variable or not category or pd.isna(raw_share) or str(raw_share).strip() == "":
            empty = [n for n, v in (("variable", variable), ("category", category)) if not v]
            if pd.isna(raw_share) or str(raw_share).strip() == "":
                empty.append("share")
            problems.append(f"Row {position}: empty {', '.join(empty)}.")
            continue
        try:
            share = float(raw_share)
        except (TypeError, ValueError):
            problems.append(f"Row {position}: share {raw_share!r} is not a number.")
            continue
        if not np.isfinite(share) or share < 0 or share > 1:
            problems.append(f"Row {position}: share {share} must be between 0 and 1.")
            continue
        by_variable = shares.setdefault(variable, {})
        if category in by_variable:
            problems.append(f"Row {position}: {variable} = {category} appears twice.")
            continue
        by_variable[category] = share
    for variable, categories in shares.items():
        total = sum(categories.values())
        if abs(total - 1) > SUM_TOLERANCE:
            problems.append(
                f"The shares for {variable} add up to {total:.4f}, not 1. Each variable's shares must add up to 1 "
                "(use proportions such as 0.25, not percentages)."
            )
        elif total != 1:
            notes.append(
                f"The shares for {variable} added up to {total:.6f}; they were rescaled to add up to 1."
            )
    if not shares and not problems:
        problems.append("The margins file has no rows.")
    if problems:
        raise RakingError(" ".join(problems))
    return Margins(shares=shares, notes=notes)


def _match(variable: str, values: pd.Series, categories: list[str]) -> tuple[np.ndarray, list[str]]:
    """Category index per respondent (-1 = no match) for one variable, and problems found."""
    characteristic = L.CHARACTERISTICS.get(variable)
    if characteristic is not None:
        canon = {c: m.category or c for c, m in L.match_labels(characteristic, categories).items()}
    else:
        canon = {c: c for c in categories}
    index = {L.key(canonical): i for i, canonical in enumerate(canon[c] for c in categories)}
    inverse, uniques = pd.factorize(values, use_na_sentinel=True)
    matches = L.match_labels(characteristic, uniques) if characteristic is not None else {}
    lookup = np.full(len(uniques), -1, dtype=np.intp)
    for i, raw in enumerate(uniques):
        text = str(raw).strip()
        if characteristic is not None and matches[raw].category:
            text = matches[raw].category
        lookup[i] = index.get(L.key(text), -1)
        if lookup[i] == -1 and L.key(text) == "":
            lookup[i] = -2
    codes = np.where(inverse >= 0, lookup[np.maximum(inverse, 0)], -2)
    problems = []
    empty_rows = np.flatnonzero(codes == -2) + 2
    if empty_rows.size:
        empty_index = index.get(L.key(L.NOT_ANSWERED))
        if empty_index is not None:
            codes = np.where(codes == -2, empty_index, codes)
        else:
            problems.append(
                f"{variable} is empty in {empty_rows.size} row(s) (rows {_rows(empty_rows)}). Raking needs a "
                f"category for every respondent: fill them in, add a '{L.NOT_ANSWERED}' category to the "
                "margins for them, or leave those respondents out."
            )
    unmatched = codes == -1
    if unmatched.any():
        counts = pd.Series(values[unmatched].astype(str)).value_counts()
        listed = "; ".join(
            f"'{label}' ({n} row{'s' if n != 1 else ''})" for label, n in counts.head(10).items()
        )
        problems.append(
            f"{variable}: {listed} not among the margin categories ({', '.join(categories)}). Add them to the "
            "margins, or recode them (see docs/labels.md for the labels we map)."
        )
    return codes, problems


def rake_frame(
    responses: pd.DataFrame,
    margins: Margins,
    *,
    base_weight_column: str | None = None,
    trim_mean_ratio: float | None = None,
    total: float | None = None,
    **settings,
) -> tuple[RakeResult, list[str]]:
    """Rake the rows of `responses` to `margins`. Variables are fitted in alphabetical order (as balance does)."""
    problems: list[str] = []
    absent = [v for v in margins.shares if v not in responses.columns]
    if absent:
        raise RakingError(
            f"The responses have no column {', '.join(absent)} (they have: {', '.join(map(str, responses.columns))})."
        )
    if len(responses) == 0:
        raise RakingError("The responses file has no rows.")
    names = sorted(margins.shares)
    codes, categories, targets = [], [], []
    for name in names:
        cats = list(margins.shares[name])
        code, found = _match(name, responses[name], cats)
        problems.extend(found)
        codes.append(code)
        categories.append(cats)
        targets.append(np.array([margins.shares[name][c] for c in cats]))
    base = None
    if base_weight_column:
        if base_weight_column not in responses.columns:
            problems.append(f"The responses have no base weight column {base_weight_column}.")
        else:
            base = pd.to_numeric(responses[base_weight_column], errors="coerce").to_numpy(dtype=float)
            bad = np.flatnonzero(~np.isfinite(base) | (base < 0)) + 2
            if bad.size:
                problems.append(f"{base_weight_column} is not a weight of 0 or more in rows {_rows(bad)}.")
    if problems:
        raise RakingError(" ".join(problems))
    result = rake(
        codes,
        targets,
        names=names,
        categories=categories,
        base_weights=base,
        trim_mean_ratio=trim_mean_ratio,
        total=total,
        **settings,
    )
    return result, list(margins.notes)
