"""Postcodes to deprivation decile: full postcode -> LSOA -> national IMD decile, through the shipped lookup.

The lookup (ONS postcode directory, May 2022, live English postcodes) gives each full postcode's LSOA and so its
IMD decile. A partial postcode (district "LE1" or sector "LE1 5") cannot be placed in one decile, and nor can
a postcode that is not in the lookup (new since April 2022, terminated, outside England, or mistyped): those are
counted apart, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])$")
DISTRICT = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)$")

MATCHED = "matched"
NOT_FOUND = "not_found"
PARTIAL = "partial"
INVALID = "invalid"
MISSING = "missing"
PREFER_NOT = "prefer_not_to_say"
STATUS_WORDS = {
    MATCHED: "matched to a neighbourhood (LSOA)",
    NOT_FOUND: "not in the postcode lookup (new since 2022, closed, outside England, or mistyped)",
    PARTIAL: "only part of a postcode (district or sector), so no single neighbourhood",
    INVALID: "not a postcode",
    MISSING: "no postcode given",
    PREFER_NOT: "prefer not to say",
}


def normalise(raw: object) -> tuple[str, str]:
    """(status, normalised postcode) for one answer."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return MISSING, ""
    text = re.sub(r"\s+", "", str(raw).upper())
    if text == "":
        return MISSING, ""
    if text.replace(" ", "") in ("PREFERNOTTOSAY", "PREFERNOTTOANSWER"):
        return PREFER_NOT, ""
    if m := FULL.match(text):
        return MATCHED, f"{m.group(1)} {m.group(2)}"
    if m := SECTOR.match(text):
        return PARTIAL, f"{m.group(1)} {m.group(2)}"
    if DISTRICT.match(text):
        return PARTIAL, text
    return INVALID, ""


@dataclass
class PostcodeMatch:
    status: np.ndarray  # per row
    ltla: np.ndarray  # per row, "" unless matched
    imd2019: np.ndarray  # per row, 0 unless known
    imd2025: np.ndarray  # per row, 0 unless known

    def decile(self, edition: int) -> np.ndarray:
        return self.imd2025 if edition == 2025 else self.imd2019


def unpack(units: str, ltla_codes: list[str]) -> dict[str, tuple[int, int, str]]:
    """A sector's packed postcodes: last two letters -> (IMD2019 decile, IMD2025 decile, LTLA code); 0 = unknown."""
    out = {}
    for i in range(0, len(units), 5):
        chunk = units[i : i + 5]
        d19 = 0 if chunk[2] == "-" else int(chunk[2]) + 1
        d25 = 0 if chunk[3] == "-" else int(chunk[3]) + 1
        index = int(chunk[4], 36)
        out[chunk[:2]] = (d19, d25, ltla_codes[index] if index < len(ltla_codes) else "")
    return out


def match(
    postcodes: Iterable[object], sectors_for: Callable[[set[str]], dict[str, tuple[str, list[str]]]]
) -> PostcodeMatch:
    """Match postcodes; sectors_for(set of sector codes) returns {sector: (units, ltla_codes)} from the lookup."""
    values = pd.Series(list(postcodes) if not isinstance(postcodes, pd.Series) else postcodes, dtype=object)
    inverse, uniques = pd.factorize(values, use_na_sentinel=True)
    normalised = [normalise(u) for u in uniques]
    sectors = {pc[:-2] for status, pc in normalised if status == MATCHED}
    table = {}
    for sector, (units, ltlas) in sectors_for(sectors).items():
        for unit, found in unpack(units, ltlas).items():
            table[sector + unit] = found
    k = len(uniques)
    status = np.empty(k + 1, dtype=object)
    ltla = np.empty(k + 1, dtype=object)
    d19 = np.zeros(k + 1, dtype=np.int8)
    d25 = np.zeros(k + 1, dtype=np.int8)
    for i, (st, pc) in enumerate(normalised):
        ltla[i] = ""
        if st == MATCHED:
            found = table.get(pc)
            if found is None:
                st = NOT_FOUND
            else:
                d19[i], d25[i], ltla[i] = found
        status[i] = st
    status[k], ltla[k] = MISSING, ""  # NaN / None rows
    index = np.where(inverse >= 0, inverse, k)
    return PostcodeMatch(status=status[index], ltla=ltla[index], imd2019=d19[index], imd2025=d25[index])
