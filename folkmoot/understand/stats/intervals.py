"""Confidence intervals for shares and representation ratios."""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054  # two-sided 95%: scipy.stats.norm.ppf(0.975)


def z_for(confidence: float) -> float:
    if abs(confidence - 0.95) < 1e-12:
        return Z95
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def wilson(successes, n, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (vectorised). n = 0 gives (0, 1)."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = z_for(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, x / n, 0.0)
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), 0.0)
    high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), 1.0)
    # At the edges the formula is exact in theory but rounding can leave -1e-17 or 1 + 1e-16.
    low = np.where(x <= 0, 0.0, low)
    high = np.where((n > 0) & (x >= n), 1.0, high)
    return low, high


def ratio_interval(successes, n, population_share, confidence: float = 0.95):
    """Representation ratio (sample share / population share) and its interval.

    The population share comes from a census of millions of people, so it is treated as known: the interval is
    the Wilson interval of the sample share divided by the population share.
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    share = np.asarray(population_share, dtype=float)
    low, high = wilson(x, n, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((share > 0) & (n > 0), (x / n) / share, np.nan)
        ratio_low = np.where(share > 0, low / share, np.nan)
        ratio_high = np.where(share > 0, high / share, np.nan)
    return ratio, ratio_low, ratio_high


def flag(ratio_low: float, ratio_high: float, tolerance: float) -> str:
    """under / over when the whole interval lies outside parity give or take the tolerance; else ok."""
    if math.isnan(ratio_low) or math.isnan(ratio_high):
        return "ok"
    if ratio_high < 1 - tolerance:
        return "under"
    if ratio_low > 1 + tolerance:
        return "over"
    return "ok"
