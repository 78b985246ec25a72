"""Turning respondents' answers into category codes per characteristic, with every oddity counted.

A code is the category's index (0..k-1), or one of the negative codes below. Nothing is dropped: answers that
are not a category are counted as prefer-not-to-say, not answered, not asked or unmatched (with their labels).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import ages as A
from . import labels as L

PREFER_NOT = -1
NOT_ANSWERED = -2
NOT_ASKED = -3
UNMATCHED = -4
_STATUS_CODE = {
    L.PREFER_NOT_STATUS: PREFER_NOT,
    L.NOT_ANSWERED_STATUS: NOT_ANSWERED,
    L.NOT_ASKED_STATUS: NOT_ASKED,
    L.UNMATCHED: UNMATCHED,
}


@dataclass
class Coded:
    name: str
    title: str
    codes: np.ndarray
    categories: list[str]  # Census labels (or age band labels)
    people: list[str]  # words for a sentence, per category
    level: str = ""
    unmatched: Counter = field(default_factory=Counter)
    mapped: Counter = field(default_factory=Counter)  # (label, category) -> rows
    notes: list[str] = field(default_factory=list)
    bands: list[A.Band] | None = None  # age only

    def tally(self, mask: np.ndarray | None = None) -> dict:
        codes = self.codes if mask is None else self.codes[mask]
        answered = codes[codes >= 0]
        return {
            "counts": np.bincount(answered, minlength=len(self.categories)),
            "prefer_not_to_say": int(np.count_nonzero(codes == PREFER_NOT)),
            "not_answered": int(np.count_nonzero(codes == NOT_ANSWERED)),
            "not_asked": int(np.count_nonzero(codes == NOT_ASKED)),
            "unmatched": int(np.count_nonzero(codes == UNMATCHED)),
        }


def _factorize(values: pd.Series) -> tuple[np.ndarray, list]:
    inverse, uniques = pd.factorize(values, use_na_sentinel=True)
    return inverse, list(uniques)


def code_characteristic(values: pd.Series, characteristic: L.Characteristic) -> list[Coded]:
    """Code one Census characteristic; ethnic group at 19 categories also gives the 5 groups."""
    inverse, uniques = _factorize(values)
    matches = L.match_labels(characteristic, uniques)
    matched = [matches[u] for u in uniques]
    broad_only = set(characteristic.group_labels) - set(characteristic.categories)
    answered_labels = {m.category for m in matched if m.status == L.ANSWERED}
    use_groups = bool(answered_labels & broad_only)
    results = []
    levels = [use_groups]
    if characteristic.name == "ethnic_group" and not use_groups:
        levels.append(True)
    for grouped in levels:
        categories = list(characteristic.group_labels if grouped else characteristic.categories)
        index = {c: i for i, c in enumerate(categories)}
        lookup = np.empty(len(uniques) + 1, dtype=np.int64)
        mapped_by_unique: dict[int, tuple[str, str]] = {}
        for i, m in enumerate(matched):
            if m.status == L.ANSWERED:
                category = characteristic.groups.get(m.category, m.category) if grouped else m.category
                lookup[i] = index[category]
                if m.how == "mapped":
                    mapped_by_unique[i] = (m.label, m.category)
            else:
                lookup[i] = _STATUS_CODE[m.status]
        lookup[len(uniques)] = NOT_ANSWERED
        codes = lookup[np.where(inverse >= 0, inverse, len(uniques))]
        rows_per_unique = np.bincount(inverse[inverse >= 0], minlength=len(uniques))
        unmatched = Counter(
            {
                matched[i].label: int(rows_per_unique[i])
                for i in range(len(uniques))
                if matched[i].status == L.UNMATCHED
            }
        )
        mapped = Counter({pair: int(rows_per_unique[i]) for i, pair in mapped_by_unique.items()})
        name = characteristic.name if grouped == use_groups else f"{characteristic.name}_5"
        title = characteristic.title if grouped == use_groups else f"{characteristic.title} (5 groups)"
        coded = Coded(
            name=name,
            title=title,
            codes=codes,
            categories=categories,
            people=[characteristic.people.get(c, c) for c in categories],
            level=f"{len(categories)} categories",
            unmatched=unmatched,
            mapped=mapped,
        )
        if grouped and use_groups:
            coded.notes.append(
                f"Some answers gave only a broad group ({', '.join(sorted(answered_labels & broad_only))}), so every "
                f"answer is compared at the level of the {len(categories)} broad groups."
            )
        results.append(coded)
    return results


def _special_codes(texts: list[str], unmatched: Counter, counts: np.ndarray) -> np.ndarray:
    """Status code for answers that are not an age: prefer not to say, not answered, not asked or unmatched."""
    out = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        special = L.SPECIAL.get(L.key(text))
        out[i] = _STATUS_CODE[special] if special is not None else UNMATCHED
        if special is None:
            unmatched[text] += int(counts[i])
    return out


def code_age(
    age_band: pd.Series | None,
    age_years: pd.Series | None,
    *,
    offered: list[str] | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
) -> Coded | None:
    """Code age into the survey's bands (or the standard bands for ages in years), covering the survey's range.

    A band answer wins over an age in years. The range is min_age..max_age when given; otherwise from the lowest
    band offered or answered, with no upper limit. Bands nobody chose still appear with 0 respondents: they are
    often the ones missing.
    """
    source = age_band if age_band is not None else age_years
    if source is None or len(source) == 0:
        return None
    n = len(source)
    unmatched: Counter = Counter()
    bands: list[A.Band] = []
    band_index: dict[A.Band, int] = {}
    labels_of: dict[A.Band, str] = {}

    def band_id(band: A.Band) -> int:
        if band not in band_index:
            band_index[band] = len(bands)
            bands.append(band)
        return band_index[band]

    row = np.full(n, -1, dtype=np.int64)  # band id
    status = np.full(n, NOT_ANSWERED, dtype=np.int64)
    if age_band is not None:
        inverse, uniques = _factorize(age_band)
        counts = np.bincount(inverse[inverse >= 0], minlength=len(uniques))
        ids = np.full(len(uniques) + 1, -1, dtype=np.int64)
        codes = np.full(len(uniques) + 1, NOT_ANSWERED, dtype=np.int64)
        others = []
        for i, u in enumerate(uniques):
            band = A.parse_band(u)
            if band is not None:
                ids[i] = band_id(band)
                labels_of.setdefault(band, str(u).strip())
                codes[i] = 0
            else:
                others.append(i)
        if others:
            codes[others] = _special_codes(
                [str(uniques[i]).strip() for i in others], unmatched, counts[others]
            )
        pick = np.where(inverse >= 0, inverse, len(uniques))
        row, status = ids[pick], codes[pick]
    offered_bands = [b for b in (A.parse_band(o) for o in offered or []) if b is not None]
    for band in offered_bands:
        band_id(band)
    from_years = False
    if age_years is not None:
        years = pd.to_numeric(age_years, errors="coerce").to_numpy(dtype=float)
        pending = (row < 0) & (status == NOT_ANSWERED)
        valid = pending & np.isfinite(years) & (years >= 0) & (years < A.OPEN_TOP)
        survey_bands = sorted(offered_bands or [b for b in bands])
        index, standard = A.band_for_years(np.where(valid, years, 0))
        choice = np.array([band_id(b) for b in standard])[np.maximum(index, 0)]
        for band in survey_bands:  # an age inside one of the survey's own bands goes there
            inside = valid & (years >= band.lo) & (years <= band.hi)
            choice = np.where(inside, band_index[band], choice)
        row = np.where(valid, choice, row)
        status = np.where(valid, 0, status)
        from_years = bool(valid.any()) and not survey_bands
        odd = pending & ~valid & pd.notna(age_years).to_numpy()
        if odd.any():
            texts = pd.Series(age_years.astype(object)[odd].astype(str).str.strip())
            inverse, uniques = _factorize(texts)
            counts = np.bincount(inverse, minlength=len(uniques))
            status[np.flatnonzero(odd)] = _special_codes(list(uniques), unmatched, counts)[inverse]
    used = sorted({bands[i] for i in np.unique(row[row >= 0])} | set(offered_bands))
    if from_years:
        standard_used = sorted(used)
        low = standard_used[0].lo if standard_used else 0
        _, standard = A.band_for_years(np.array([0.0]))
        used = sorted(set(used) | {b for b in standard if b.lo >= low})
    if not used:
        return Coded("age_band", "Age", status, [], [], unmatched=unmatched)
    notes: list[str] = []
    lo = min(b.lo for b in used) if min_age is None else min(min_age, min(b.lo for b in used))
    hi = A.OPEN_TOP if max_age is None else max(max_age, max(b.hi for b in used))
    if min_age is not None and lo < min_age:
        notes.append(
            f"Some answers are below the survey's age range ({min_age}+), so the range starts at {lo}."
        )
    merged, into = A.merge_overlapping(used)
    if len(merged) < len(used):
        notes.append("The answers used overlapping age bands, so overlapping bands were merged.")
    final = _fill_gaps(merged, lo, hi)
    position = {b: i for i, b in enumerate(final)}
    to_final = np.array([position[into[b]] if b in into else -1 for b in bands] + [0], dtype=np.int64)
    codes = np.where(row >= 0, to_final[np.where(row >= 0, row, len(bands))], status)
    names = [labels_of[b] if b in labels_of else b.label for b in final]
    return Coded(
        name="age_band",
        title="Age",
        codes=codes,
        categories=names,
        people=[f"People {b.words}" for b in final],
        level=f"{len(final)} bands",
        unmatched=unmatched,
        notes=notes,
        bands=final,
    )


def _fill_gaps(bands: list[A.Band], lo: int, hi: int) -> list[A.Band]:
    """The bands, plus bands for the uncovered years between lo and hi (nobody answered those)."""
    out: list[A.Band] = []
    cursor = lo
    for band in sorted(bands):
        if band.lo > cursor:
            out.append(A.Band(cursor, band.lo - 1))
        out.append(band)
        cursor = max(cursor, band.hi + 1)
    if cursor <= hi and cursor < A.OPEN_TOP:
        out.append(A.Band(cursor, hi))
    return out
