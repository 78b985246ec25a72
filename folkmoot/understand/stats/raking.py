"""Raking (iterative proportional fitting) of respondents to population margins, vectorised with NumPy.

The algorithm is the one `balance` (Meta's survey weighting package) uses in `balance.weighting_methods.rake`,
so the two give the same weights (checked against weights balance produced: reference/):

* respondents are grouped into cells (every combination of categories that occurs); margins are fitted on
  cell totals, one variable after another, in the order given (balance sorts variables alphabetically);
* after each full sweep the convergence measure is the largest |achieved / target - 1| over every category
  of every variable; fitting stops when it is at most `convergence_rate`, when it changes by no more than
  `rate_tolerance` between sweeps (stalled), or after `max_iteration` sweeps;
* each respondent's weight is their cell's fitted total shared in proportion to their base weight;
* optional trimming clips weights above `trim_mean_ratio` x the mean weight once, then rescales so the
  weights keep their total (so the final largest weight can be slightly above the cap, as in balance).

Cells are found with one `np.bincount` over a combined integer code, and every margin update is a
`np.bincount` over the cells, so a million respondents and six variables take a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEFAULT_MAX_ITERATION = 1000
DEFAULT_CONVERGENCE_RATE = 1e-6
DEFAULT_RATE_TOLERANCE = 1e-10
# Above this margin error raking has failed, whatever stopped it: the weights would not represent the margins.
FAILED_ABOVE = 1e-3
_DENSE_CELLS = 20_000_000


class RakingError(ValueError):
    """Raking cannot be done with these inputs; the message says why and what to change."""


@dataclass
class MarginCheck:
    variable: str
    category: str
    target_share: float
    unweighted_share: float
    weighted_share: float
    respondents: int


@dataclass
class RakeResult:
    weights: np.ndarray
    converged: bool
    stalled: bool
    iterations: int
    max_margin_error: float  # largest |achieved/target - 1| at the end of fitting (before trimming)
    history: list[float]
    trimmed: int = 0
    trim_cap: float | None = None
    margins: list[MarginCheck] = field(default_factory=list)

    @property
    def n(self) -> int:
        return int(self.weights.size)

    @property
    def design_effect(self) -> float:
        return kish_design_effect(self.weights)

    @property
    def effective_sample_size(self) -> float:
        return effective_sample_size(self.weights)

    def report(self) -> dict:
        w = self.weights
        return {
            "n": self.n,
            "converged": self.converged,
            "stalled": self.stalled,
            "iterations": self.iterations,
            "max_margin_error": self.max_margin_error,
            "design_effect": round(self.design_effect, 6),
            "effective_sample_size": round(self.effective_sample_size, 3),
            "weights": {
                "min": float(w.min()) if w.size else None,
                "max": float(w.max()) if w.size else None,
                "mean": float(w.mean()) if w.size else None,
                "sum": float(w.sum()),
            },
            "trimming": {"cap": self.trim_cap, "trimmed": self.trimmed},
            "margins": [m.__dict__ for m in self.margins],
        }


def kish_design_effect(weights: np.ndarray) -> float:
    """Kish's design effect from unequal weights: n * sum(w^2) / sum(w)^2 (1 = no loss of precision)."""
    w = np.asarray(weights, dtype=float)
    total = w.sum()
    return float(w.size * np.dot(w, w) / (total * total)) if total > 0 else float("nan")


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size: sum(w)^2 / sum(w^2)."""
    w = np.asarray(weights, dtype=float)
    squares = np.dot(w, w)
    return float(w.sum() ** 2 / squares) if squares > 0 else 0.0


def _cells(codes: list[np.ndarray], sizes: list[int], base: np.ndarray):
    """Occupied cells: (cell index per row, codes per cell for each variable, base weight per cell)."""
    combined = np.ravel_multi_index(tuple(codes), tuple(sizes))
    space = int(np.prod(sizes, dtype=np.int64))
    if space <= _DENSE_CELLS:
        counts = np.bincount(combined, minlength=space)
        occupied = np.flatnonzero(counts)
        position = np.empty(space, dtype=np.int64)
        position[occupied] = np.arange(occupied.size)
        inverse = position[combined]
    else:
        occupied, inverse = np.unique(combined, return_inverse=True)
    cell_base = np.bincount(inverse, weights=base, minlength=occupied.size)
    cell_codes = [c.astype(np.intp) for c in np.unravel_index(occupied, tuple(sizes))]
    return inverse, cell_codes, cell_base


def ipf(
    cell_codes: list[np.ndarray],
    sizes: list[int],
    start: np.ndarray,
    targets: list[np.ndarray],
    *,
    max_iteration: int = DEFAULT_MAX_ITERATION,
    convergence_rate: float = DEFAULT_CONVERGENCE_RATE,
    rate_tolerance: float = DEFAULT_RATE_TOLERANCE,
) -> tuple[np.ndarray, int, list[float], bool]:
    """Fit cell totals to margin totals. Returns (fitted totals, sweeps, convergence history, hit the limit)."""
    table = start.astype(float).copy()
    conv, old_conv = np.inf, -np.inf
    history: list[float] = []
    iteration = 0
    while iteration <= max_iteration and conv > convergence_rate and abs(conv - old_conv) > rate_tolerance:
        old_conv = conv
        for codes, size, target in zip(cell_codes, sizes, targets, strict=True):
            current = np.bincount(codes, weights=table, minlength=size)
            factors = np.ones(size)
            np.divide(target, current, out=factors, where=current != 0)
            table *= factors[codes]
        conv = 0.0
        for codes, size, target in zip(cell_codes, sizes, targets, strict=True):
            current = np.bincount(codes, weights=table, minlength=size)
            with np.errstate(divide="ignore", invalid="ignore"):
                diff = np.abs(current / target - 1.0)
            worst = float(np.nanmax(diff)) if diff.size and not np.all(np.isnan(diff)) else 0.0
            conv = max(conv, worst)
        history.append(conv)
        iteration += 1
    return table, iteration, history, iteration > max_iteration


def rake(
    codes: list[np.ndarray],
    target_shares: list[np.ndarray],
    *,
    names: list[str] | None = None,
    categories: list[list[str]] | None = None,
    base_weights: np.ndarray | None = None,
    total: float | None = None,
    trim_mean_ratio: float | None = None,
    max_iteration: int = DEFAULT_MAX_ITERATION,
    convergence_rate: float = DEFAULT_CONVERGENCE_RATE,
    rate_tolerance: float = DEFAULT_RATE_TOLERANCE,
) -> RakeResult:
    """Rake respondents to margins.

    codes[v] holds each respondent's category index (0..k-1) on variable v; target_shares[v] the population
    share of each category (summing to 1). Weights sum to `total` (default: the sum of base weights, so with no
    base weights the mean weight is 1). Raises RakingError when raking cannot represent the margins.
    """
    if not codes:
        raise RakingError("Choose at least one variable to weight by.")
    n = int(np.asarray(codes[0]).size)
    if n == 0:
        raise RakingError("There are no respondents to weight.")
    names = names or [f"variable {i + 1}" for i in range(len(codes))]
    categories = categories or [[str(i) for i in range(len(t))] for t in target_shares]
    base = np.ones(n) if base_weights is None else np.asarray(base_weights, dtype=float)
    codes = [np.asarray(c, dtype=np.intp) for c in codes]
    sizes = [len(t) for t in target_shares]
    _check(codes, target_shares, sizes, names, categories, base)
    base_total = float(base.sum())
    targets = [np.asarray(t, dtype=float) / float(np.sum(t)) * base_total for t in target_shares]

    inverse, cell_codes, cell_base = _cells(codes, sizes, base)
    fitted, iterations, history, hit_limit = ipf(
        cell_codes,
        sizes,
        cell_base,
        targets,
        max_iteration=max_iteration,
        convergence_rate=convergence_rate,
        rate_tolerance=rate_tolerance,
    )
    conv = history[-1] if history else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(cell_base > 0, fitted / cell_base, 0.0)
    weights = ratio[inverse] * base

    trimmed, cap = 0, None
    if trim_mean_ratio is not None:
        if trim_mean_ratio <= 1:
            raise RakingError("The trimming cap must be more than 1 times the mean weight.")
        original_mean = weights.mean()
        cap = float(trim_mean_ratio * original_mean)
        trimmed = int(np.count_nonzero(weights > cap))
        weights = np.minimum(weights, cap)
        weights = weights / weights.mean() * original_mean
    wanted_total = base_total if total is None else float(total)
    weights = weights * (wanted_total / weights.sum())

    converged = conv <= convergence_rate
    result = RakeResult(
        weights=weights,
        converged=converged,
        stalled=not converged and not hit_limit,
        iterations=iterations,
        max_margin_error=float(conv),
        history=history,
        trimmed=trimmed,
        trim_cap=cap,
        margins=_margin_checks(codes, sizes, target_shares, weights, names, categories),
    )
    if conv > FAILED_ABOVE:
        raise NotConverged(result, names, categories, codes, sizes)
    return result


class NotConverged(RakingError):
    """Raking stopped with margins still far from their targets."""

    def __init__(self, result: RakeResult, names, categories, codes, sizes):
        self.result = result
        worst = max(result.margins, key=lambda m: abs(m.weighted_share - m.target_share), default=None)
        why = "it stopped making progress" if result.stalled else f"{result.iterations - 1} sweeps"
        where = (
            f" The largest gap is {worst.variable} = {worst.category}: target {worst.target_share:.1%}, "
            f"reached {worst.weighted_share:.1%}."
            if worst
            else ""
        )
        super().__init__(
            f"Raking could not reach the margins ({why}; largest relative margin error "
            f"{result.max_margin_error:.3g}).{where} This happens when the respondents' categories are tied "
            "together (for example every respondent in one age band has the same sex) so the margins cannot "
            "all be met. Weight by fewer variables, or merge small categories."
        )


def _check(codes, target_shares, sizes, names, categories, base) -> None:
    problems: list[str] = []
    if np.any(base < 0) or not np.all(np.isfinite(base)):
        problems.append("Base weights must be finite and not negative.")
    for c, t, size, name, cats in zip(codes, target_shares, sizes, names, categories, strict=True):
        t = np.asarray(t, dtype=float)
        if c.size != base.size:
            problems.append(f"{name}: has {c.size} values for {base.size} respondents.")
            continue
        if np.any(t < 0) or not np.all(np.isfinite(t)) or t.sum() <= 0:
            problems.append(f"{name}: target shares must be positive numbers.")
            continue
        if c.size and (c.min() < 0 or c.max() >= size):
            problems.append(
                f"{name}: some respondents have no category (empty cells); every respondent needs one."
            )
            continue
        present = np.bincount(c, weights=base, minlength=size)
        for i in np.flatnonzero((present > 0) & (t == 0)):
            problems.append(
                f"{name} = {cats[i]}: has respondents but a target share of 0, so they would get no weight. "
                "Give it a share or merge it with another category."
            )
        for i in np.flatnonzero((present == 0) & (t > 0)):
            problems.append(
                f"{name} = {cats[i]}: target share {t[i] / t.sum():.1%} but no respondents, so no weight can "
                "reach it. Merge it with a neighbouring category or leave it out of the margins."
            )
    if problems:
        raise RakingError(" ".join(problems))


def _margin_checks(codes, sizes, target_shares, weights, names, categories) -> list[MarginCheck]:
    checks = []
    total_w = weights.sum()
    for c, size, t, name, cats in zip(codes, sizes, target_shares, names, categories, strict=True):
        t = np.asarray(t, dtype=float) / float(np.sum(t))
        counts = np.bincount(c, minlength=size)
        weighted = np.bincount(c, weights=weights, minlength=size) / total_w
        for i in range(size):
            checks.append(
                MarginCheck(
                    variable=name,
                    category=str(cats[i]),
                    target_share=float(t[i]),
                    unweighted_share=float(counts[i] / c.size),
                    weighted_share=float(weighted[i]),
                    respondents=int(counts[i]),
                )
            )
    return checks
