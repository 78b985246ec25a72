"""Age bands: reading a survey's labels as year ranges, and population counts for any band from 5-year bands.

Census 2021 gives counts in 5-year bands (0-4 ... 85-89, 90+). A survey band that does not start and end on a
5-year boundary (16-24 is the common one) takes the share of a partly covered band in proportion to the years
covered, assuming ages are spread evenly within it; that is stated wherever it happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

OPEN_TOP = 120  # upper age for "90+" and other open bands
POPULATION_BANDS = [(lo, lo + 4) for lo in range(0, 90, 5)] + [(90, OPEN_TOP)]
POPULATION_LABELS = [f"{lo}-{hi}" for lo, hi in POPULATION_BANDS[:-1]] + ["90+"]
# Bands for ages given in years: the common survey bands (equality-monitoring.md).
STANDARD_EDGES = [0, 16, 25, 35, 45, 55, 65, 75, 85]

_RANGE = re.compile(r"^(?:aged\s+)?(\d{1,3})\s*(?:-|to|–)\s*(\d{1,3})(?:\s*(?:years?|yrs?))?(?:\s*old)?$")
_OPEN = re.compile(r"^(?:aged\s+)?(\d{1,3})\s*(?:\+|and over|or over|and above|or older|plus)(?:\s*years?)?$")
_UNDER = re.compile(r"^(?:under|younger than|less than|below)\s*(\d{1,3})(?:\s*years?)?$")


@dataclass(frozen=True, order=True)
class Band:
    lo: int
    hi: int  # inclusive; OPEN_TOP means open-ended

    @property
    def label(self) -> str:
        if self.hi >= OPEN_TOP:
            return f"{self.lo}+"
        if self.lo == 0:
            return f"Under {self.hi + 1}"
        return f"{self.lo}-{self.hi}"

    @property
    def words(self) -> str:
        if self.hi >= OPEN_TOP:
            return f"aged {self.lo} and over"
        if self.lo == 0:
            return f"aged under {self.hi + 1}"
        return f"aged {self.lo}-{self.hi}"


def parse_band(text: str) -> Band | None:
    """A survey's age label as a year range, or None if it is not one."""
    t = str(text).strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    if m := _RANGE.match(t):
        lo, hi = int(m.group(1)), int(m.group(2))
        return Band(lo, hi) if lo <= hi else None
    if m := _OPEN.match(t):
        return Band(int(m.group(1)), OPEN_TOP)
    if m := _UNDER.match(t):
        return Band(0, int(m.group(1)) - 1) if int(m.group(1)) > 0 else None
    return None


def band_for_years(ages: np.ndarray, edges: list[int] = STANDARD_EDGES) -> tuple[np.ndarray, list[Band]]:
    """Put ages in years into the standard bands: (index per row, -1 when not a valid age; the bands)."""
    bands = [Band(lo, (edges[i + 1] - 1) if i + 1 < len(edges) else OPEN_TOP) for i, lo in enumerate(edges)]
    values = np.asarray(ages, dtype=float)
    valid = np.isfinite(values) & (values >= 0) & (values < OPEN_TOP)
    index = np.searchsorted(np.asarray(edges), np.where(valid, values, 0), side="right") - 1
    return np.where(valid, index, -1), bands


def merge_overlapping(bands: list[Band]) -> tuple[list[Band], dict[Band, Band]]:
    """Merge bands that overlap (answers from two banding schemes) so every person falls in one band."""
    merged: list[Band] = []
    for band in sorted(set(bands)):
        if merged and band.lo <= merged[-1].hi:
            last = merged.pop()
            merged.append(Band(last.lo, max(last.hi, band.hi)))
        else:
            merged.append(band)
    into = {}
    for band in bands:
        into[band] = next(m for m in merged if m.lo <= band.lo and band.hi <= m.hi)
    return merged, into


def population_in(band: Band, counts_5yr: np.ndarray) -> tuple[float, bool]:
    """People in band from 5-year counts (POPULATION_BANDS order); True when a band was only partly covered."""
    total = 0.0
    apportioned = False
    for (lo, hi), count in zip(POPULATION_BANDS, counts_5yr, strict=True):
        width = (min(hi, 99) if hi >= OPEN_TOP else hi) - lo + 1
        overlap_lo, overlap_hi = max(lo, band.lo), min(hi, band.hi)
        if overlap_hi < overlap_lo:
            continue
        if overlap_lo == lo and overlap_hi == hi:
            total += float(count)
            continue
        covered = min(overlap_hi, 99) - overlap_lo + 1 if hi >= OPEN_TOP else overlap_hi - overlap_lo + 1
        total += float(count) * max(covered, 0) / width
        apportioned = True
    return total, apportioned
