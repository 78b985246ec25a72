"""Population baselines for an area: from the database (after `folkmoot population load`) or straight from files.

Both give the same numbers: an area is a list of LTLAs and its counts are the sums of theirs.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import files
from .postcodes import PostcodeMatch, match

CODE = re.compile(r"^[EWSN]\d{8}$")


class UnknownArea(ValueError):
    """An area code we have no baseline for; the message says what was wrong with each."""


@dataclass
class AreaInfo:
    codes: list[str]
    names: list[str]
    ltla_codes: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        if len(self.names) <= 1:
            return "".join(self.names)
        return ", ".join(self.names[:-1]) + " and " + self.names[-1]

    @property
    def code(self) -> str:
        return ",".join(self.codes)


def split_codes(codes: str | list[str]) -> list[str]:
    if isinstance(codes, str):
        codes = codes.split(",")
    return [c.strip().upper() for c in codes if c and c.strip()]


class Baselines:
    """What every source of baselines offers. Subclasses say where areas, counts and postcodes come from."""

    source = ""

    def all_areas(self) -> pd.DataFrame:  # code, name, kind, ltla_codes, note
        raise TypeError(f"{type(self).__name__} does not say where its baselines come from.")

    def _counts(self, tables: list[str], ltlas: list[str]) -> pd.DataFrame:  # table, sex, category, count
        raise TypeError(f"{type(self).__name__} does not say where its baselines come from.")

    def sectors(self, codes: set[str]) -> dict[str, tuple[str, list[str]]]:
        raise TypeError(f"{type(self).__name__} does not say where its baselines come from.")

    def area(self, codes: str | list[str]) -> AreaInfo:
        wanted = split_codes(codes)
        if not wanted:
            raise UnknownArea("Give at least one area code, for example E06000016 (Leicester).")
        known = self.all_areas().set_index("code")
        problems, names, ltlas, notes = [], [], [], []
        for code in wanted:
            if code in known.index:
                row = known.loc[code]
                names.append(str(row["name"]))
                ltlas.extend(row["ltla_codes"])
                if row["note"]:
                    notes.append(f"{row['name']}: {row['note']}.")
                continue
            if CODE.match(code) and code[0] in "WSN":
                problems.append(f"{code} is outside England; the baselines cover England only.")
            elif not CODE.match(code):
                problems.append(
                    f"{code!r} is not an ONS area code (a letter and 8 digits, such as E06000016). "
                    "GP practice and ODS codes are not areas yet."
                )
            else:
                close = difflib.get_close_matches(code, list(known.index), n=3, cutoff=0.8)
                hint = f" Did you mean {' or '.join(close)}?" if close else ""
                problems.append(
                    f"{code} is not a local authority, county, region, ICB or England code we have "
                    f"Census 2021 baselines for.{hint}"
                )
        if problems:
            raise UnknownArea(" ".join(problems))
        unique = sorted(set(ltlas))
        if len(unique) < len(ltlas):
            notes.append("Some of these areas overlap; each local authority is counted once.")
        return AreaInfo(codes=wanted, names=names, ltla_codes=unique, notes=notes)

    def counts(self, tables: list[str], area: AreaInfo) -> pd.DataFrame:
        """Counts summed over the area: table, sex, category, count."""
        frame = self._counts(tables, area.ltla_codes)
        if frame.empty:
            return pd.DataFrame(columns=["table", "sex", "category", "count"])
        return frame.groupby(["table", "sex", "category"], as_index=False, sort=False)["count"].sum()

    def postcodes(self, values) -> PostcodeMatch:
        return match(values, self.sectors)


class FileBaselines(Baselines):
    """Baselines read from the shipped CSV files (no database needed)."""

    source = "files"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def all_areas(self) -> pd.DataFrame:
        return _areas_cached(str(self.folder))

    def _counts(self, tables, ltlas):
        counts = files.read_counts(self.folder)
        return counts[counts.table.isin(tables) & counts.ltla.isin(ltlas)]

    def sectors(self, codes):
        if not codes:
            return {}
        table = _sectors_cached(str(self.folder))
        return {c: table[c] for c in codes if c in table}


@functools.lru_cache(maxsize=2)
def _areas_cached(folder: str) -> pd.DataFrame:
    return files.read_areas(Path(folder))


@functools.lru_cache(maxsize=1)
def _sectors_cached(folder: str) -> dict[str, tuple[str, list[str]]]:
    frame = files.read_postcode_areas(Path(folder))
    sectors = frame[frame.level == "sector"]
    return dict(zip(sectors.code, zip(sectors.units, sectors.ltla_codes, strict=True), strict=True))


class DbBaselines(Baselines):
    """Baselines from the database tables `folkmoot population load` fills."""

    source = "database"

    def all_areas(self) -> pd.DataFrame:
        from ..models import Area

        if not hasattr(self, "_areas"):
            rows = list(Area.objects.values("code", "name", "kind", "ltla_codes", "note"))
            self._areas = pd.DataFrame(rows, columns=["code", "name", "kind", "ltla_codes", "note"])
        return self._areas

    def _counts(self, tables, ltlas):
        from ..models import PopulationCount

        rows = PopulationCount.objects.filter(table__in=tables, ltla__in=ltlas).values_list(
            "table", "sex", "category", "count"
        )
        return pd.DataFrame(list(rows), columns=["table", "sex", "category", "count"])

    def sectors(self, codes):
        from ..models import PostcodeArea

        if not codes:
            return {}
        found: dict[str, tuple[str, list[str]]] = {}
        codes = sorted(codes)
        for start in range(0, len(codes), 2000):  # keep IN lists a sensible size (SQLite's variable limit)
            chunk = codes[start : start + 2000]
            for code, units, ltlas in PostcodeArea.objects.filter(code__in=chunk, level="sector").values_list(
                "code", "units", "ltla_codes"
            ):
                found[code] = (units, ltlas)
        return found


def db_is_loaded() -> bool:
    from ..models import PopulationCount

    return PopulationCount.objects.exists()


def default_baselines(folder: Path | None = None) -> Baselines:
    """The database when the population is loaded, else the files (folder or settings.SHARED_DIR)."""
    from django.conf import settings

    if folder is None and db_is_loaded():
        return DbBaselines()
    return FileBaselines(folder or Path(settings.SHARED_DIR) / "data" / "population")
