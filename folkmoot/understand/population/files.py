"""Reading the shipped population files (../shared/data/population/) into LTLA-level tables. Pure: no database.

The loader (`population_load`) stores what these functions return; the file-based baselines use them directly.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CENSUS = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
IMD = (
    "Source: Ministry of Housing, Communities and Local Government (MHCLG, formerly DLUHC/MHCLG), English "
    "Indices of Deprivation 2019 / 2025, licensed under the Open Government Licence v.3.0"
)
GEOGRAPHY = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right."
)
POSTCODES = [
    "Contains OS data © Crown copyright and database right 2022",
    "Contains Royal Mail data © Royal Mail copyright and database right 2022",
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
]
ENGLAND = "E92000001"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    file: str
    base: str  # the table's own population base, in words
    min_age: int = 0


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "age_sex",
            "Census 2021 TS009 sex by age",
            "census2021_ts009_age_sex_5yr_la.csv",
            "all usual residents",
        ),
        Table(
            "ethnic_group_19",
            "Census 2021 TS021 ethnic group",
            "census2021_ts021_ethnicity_la.csv",
            "all usual residents",
        ),
        Table(
            "ethnic_group_5",
            "Census 2021 TS021 ethnic group",
            "census2021_ts021_ethnicity_la.csv",
            "all usual residents",
        ),
        Table(
            "religion",
            "Census 2021 TS030 religion",
            "census2021_ts030_religion_la.csv",
            "all usual residents",
        ),
        Table(
            "disability",
            "Census 2021 TS038 disability",
            "census2021_ts038_disability_la.csv",
            "all usual residents",
        ),
        Table(
            "sexual_orientation",
            "Census 2021 TS077 sexual orientation",
            "census2021_ts077_sexual_orientation_la.csv",
            "usual residents aged 16 and over",
            16,
        ),
        Table(
            "main_language",
            "Census 2021 TS029 proficiency in English",
            "census2021_ts029_main_language_proficiency_la.csv",
            "usual residents aged 3 and over",
            3,
        ),
        Table(
            "unpaid_care",
            "Census 2021 TS039 provision of unpaid care",
            "census2021_ts039_unpaid_care_la.csv",
            "usual residents aged 5 and over",
            5,
        ),
        Table(
            "imd2025_decile",
            "English Indices of Deprivation 2025 (LSOA 2021) with Census 2021 population",
            "imd2025_lsoa21.csv",
            "all usual residents (Census 2021), by the national IMD2025 decile of the area they live in",
        ),
        Table(
            "imd2019_decile",
            "English Indices of Deprivation 2019 (LSOA 2011) with mid-2015 population",
            "imd2019_lsoa11.csv",
            "all residents in mid-2015 (IoD2019 population denominators), by national IMD2019 decile",
        ),
    ]
}
LOOKUP = "lookup_ltla21_utla21_region21_ltla23.csv"
LSOA_WIDE = "census2021_lsoa21_ethnicity5_religion_disability_wide.csv"
POSTCODE_FILE = "postcode_imd.csv.gz"
SECTOR_FILE = "postcode_sector_imd.csv"
DECILE_CHARS = "0123456789"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _require(folder: Path, name: str) -> Path:
    path = Path(folder) / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing. Point to the folder that holds the population files "
            "(../shared/data/population, see its PROVENANCE.md)."
        )
    return path


def _la_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame.geography_type == "ltla") & frame.geography_code.str.startswith("E")]


@functools.lru_cache(maxsize=4)
def _read_counts_cached(folder: str, stamp: tuple) -> pd.DataFrame:
    folder_path = Path(folder)
    parts = []
    age = _la_rows(pd.read_csv(_require(folder_path, TABLES["age_sex"].file)))
    age = age[age.sex.isin(["Female", "Male"]) & (age.age_band != "Total")]
    parts.append(
        pd.DataFrame(
            {
                "table": "age_sex",
                "ltla": age.geography_code,
                "sex": age.sex,
                "category": age.age_band,
                "count": age["count"],
            }
        )
    )

    def tidy(table: str, variable: str | None = None, drop: tuple[str, ...] = ()) -> None:
        frame = _la_rows(pd.read_csv(_require(folder_path, TABLES[table].file)))
        if variable:
            frame = frame[frame.variable == variable]
        frame = frame[~frame.category.str.startswith("Total") & ~frame.category.isin(drop)]
        parts.append(
            pd.DataFrame(
                {
                    "table": table,
                    "ltla": frame.geography_code,
                    "sex": "",
                    "category": frame.category,
                    "count": frame["count"],
                }
            )
        )

    tidy("ethnic_group_19", "ethnic_group_19")
    tidy("ethnic_group_5", "ethnic_group_5")
    tidy("religion")
    tidy("disability")
    tidy("sexual_orientation")
    # The "not English" total is the sum of its four proficiency levels; keep the levels only.
    tidy("main_language", drop=("Main language is not English (English or Welsh in Wales)",))
    tidy("unpaid_care")

    wide = pd.read_csv(_require(folder_path, LSOA_WIDE), usecols=["lsoa21_code", "ltla22_code"])
    imd25 = pd.read_csv(
        _require(folder_path, TABLES["imd2025_decile"].file),
        usecols=["lsoa21_code", "imd2025_imd_decile", "census2021_usual_residents"],
    ).merge(wide, on="lsoa21_code", how="left", validate="one_to_one")
    if imd25.ltla22_code.isna().any():
        raise ValueError(
            "Some LSOA 2021s in imd2025_lsoa21.csv have no local authority in the Census LSOA file."
        )
    grouped = imd25.groupby(["ltla22_code", "imd2025_imd_decile"], as_index=False)[
        "census2021_usual_residents"
    ].sum()
    parts.append(
        pd.DataFrame(
            {
                "table": "imd2025_decile",
                "ltla": grouped.ltla22_code,
                "sex": "",
                "category": grouped.imd2025_imd_decile.astype(int).astype(str),
                "count": grouped.census2021_usual_residents,
            }
        )
    )
    imd19 = pd.read_csv(
        _require(folder_path, TABLES["imd2019_decile"].file),
        usecols=["ltla22_code", "imd2019_decile", "pop_mid2015_total"],
    )
    grouped = imd19.groupby(["ltla22_code", "imd2019_decile"], as_index=False)["pop_mid2015_total"].sum()
    parts.append(
        pd.DataFrame(
            {
                "table": "imd2019_decile",
                "ltla": grouped.ltla22_code,
                "sex": "",
                "category": grouped.imd2019_decile.astype(int).astype(str),
                "count": grouped.pop_mid2015_total,
            }
        )
    )
    counts = pd.concat(parts, ignore_index=True)
    counts["count"] = counts["count"].astype(np.int64)
    for column in ("table", "ltla", "sex", "category"):
        counts[column] = counts[column].astype(str)
    return counts


def _stamp(folder: Path, names: list[str]) -> tuple:
    return tuple(
        (n, (folder / n).stat().st_mtime_ns, (folder / n).stat().st_size)
        for n in names
        if (folder / n).exists()
    )


def read_counts(folder: Path) -> pd.DataFrame:
    """Every count at LTLA level: columns table, ltla, sex, category, count (cached per folder and file dates)."""
    folder = Path(folder)
    names = sorted({t.file for t in TABLES.values()} | {LSOA_WIDE})
    return _read_counts_cached(str(folder), _stamp(folder, names))


def read_areas(folder: Path) -> pd.DataFrame:
    """Every area a baseline can be asked for: code, name, kind, ltla_codes (list), note."""
    folder = Path(folder)
    lookup = pd.read_csv(_require(folder, LOOKUP))
    rows: dict[str, dict] = {}

    def add(code: str, name: str, kind: str, ltlas: list[str], note: str = "") -> None:
        rows.setdefault(
            code, {"code": code, "name": name, "kind": kind, "ltla_codes": sorted(set(ltlas)), "note": note}
        )

    for r in lookup.itertuples(index=False):
        add(r.ltla21_code, r.ltla21_name, "ltla", [r.ltla21_code])
    for code, group in lookup.groupby("ltla23_code"):
        add(
            code,
            group.ltla23_name.iloc[0],
            "ltla23",
            list(group.ltla21_code),
            "Census 2021 areas summed to the April 2023 authority",
        )
    for code, group in lookup.groupby("utla21_code"):
        add(code, group.utla21_name.iloc[0], "utla", list(group.ltla21_code))
    for code, group in lookup.groupby("region21_code"):
        add(code, group.region21_name.iloc[0], "region", list(group.ltla21_code))
    add(ENGLAND, "England", "country", list(lookup.ltla21_code))
    for area in icb_areas(folder):
        add(**area)
    return pd.DataFrame(list(rows.values()))


def icb_areas(folder: Path) -> list[dict]:
    """ICBs (2024) as the local authorities most of whose residents live in them (ICBs follow LA borders closely)."""
    imd = pd.read_csv(
        _require(folder, TABLES["imd2025_decile"].file),
        usecols=["lsoa21_code", "icb24_code", "icb24_name", "census2021_usual_residents"],
    )
    wide = pd.read_csv(_require(folder, LSOA_WIDE), usecols=["lsoa21_code", "ltla22_code"])
    people = (
        imd.merge(wide, on="lsoa21_code")
        .groupby(["ltla22_code", "icb24_code", "icb24_name"], as_index=False)["census2021_usual_residents"]
        .sum()
    )
    people["share"] = people.census2021_usual_residents / people.groupby(
        "ltla22_code"
    ).census2021_usual_residents.transform("sum")
    main = people.sort_values("share", ascending=False).drop_duplicates("ltla22_code")
    areas = []
    for (code, name), group in main.groupby(["icb24_code", "icb24_name"]):
        split = group[group.share < 0.999]
        note = "Built from whole local authorities"
        if len(split):
            note += "; " + ", ".join(
                f"{c} {s:.0%} inside" for c, s in zip(split.ltla22_code, split.share, strict=True)
            )
        areas.append(
            {"code": code, "name": name, "kind": "icb", "ltlas": list(group.ltla22_code), "note": note[:300]}
        )
    return areas


def read_postcode_areas(folder: Path, *, districts: list[str] | None = None) -> pd.DataFrame:
    """Postcode districts and sectors with their IMD decile shares; sectors with their packed postcodes.

    districts limits the result to those postcode districts (for tests and small loads).
    """
    folder = Path(folder)
    sectors = pd.read_csv(_require(folder, SECTOR_FILE))
    postcodes = pd.read_csv(
        _require(folder, POSTCODE_FILE),
        usecols=["postcode", "ltla22", "imd2019_decile", "imd2025_decile"],
        dtype={"postcode": str, "ltla22": str},
    )
    if districts is not None:
        wanted = {d.upper() for d in districts}
        postcodes = postcodes[postcodes.postcode.str.split(" ").str[0].isin(wanted)]
        sectors = sectors[sectors.area.str.split(" ").str[0].isin(wanted)]
    postcode = postcodes.postcode.astype(str)
    sector = postcode.str[:-2]
    d19 = postcodes.imd2019_decile.fillna(0).astype(int).to_numpy()
    d25 = postcodes.imd2025_decile.fillna(0).astype(int).to_numpy()
    chars = np.array(list("-" + DECILE_CHARS))
    ltla_codes, ltla_index = np.unique(postcodes.ltla22.to_numpy(dtype=str), return_inverse=True)
    sector_codes, sector_index = np.unique(sector.to_numpy(dtype=str), return_inverse=True)
    pair = sector_index.astype(np.int64) * len(ltla_codes) + ltla_index
    unique_pairs = np.unique(pair)
    pair_sector = unique_pairs // len(ltla_codes)
    first = np.searchsorted(pair_sector, pair_sector, side="left")
    rank = np.arange(unique_pairs.size) - first
    local = rank[np.searchsorted(unique_pairs, pair)]
    index_chars = np.array(list(DECILE_CHARS + "abcdefghijklmnopqrstuvwxyz"))
    packed = pd.Series(
        postcode.str[-2:].to_numpy(dtype=str)
        + chars[d19]
        + chars[d25]
        + index_chars[np.minimum(local, len(index_chars) - 1)],
        dtype=object,
    )
    units = packed.groupby(sector_index).agg("".join)
    sector_ltlas = {
        s: [str(ltla_codes[p % len(ltla_codes)]) for p in unique_pairs[pair_sector == s]]
        for s in np.unique(pair_sector)
    }
    share_cols = {e: [f"imd{e}_d{k}_share" for k in range(1, 11)] for e in (2019, 2025)}
    out = pd.DataFrame(
        {
            "code": sectors.area.astype(str),
            "level": sectors.level.astype(str),
            "n_postcodes": sectors.n_postcodes.astype(int),
            "imd2019_shares": sectors[share_cols[2019]].to_numpy().tolist(),
            "imd2025_shares": sectors[share_cols[2025]].to_numpy().tolist(),
        }
    )
    by_sector = {str(sector_codes[i]): i for i in range(len(sector_codes))}
    out["units"] = [
        units.get(by_sector.get(c, -1), "") if lvl == "sector" else ""
        for c, lvl in zip(out.code, out.level, strict=True)
    ]
    out["ltla_codes"] = [
        sector_ltlas.get(by_sector.get(c, -1), []) if lvl == "sector" else []
        for c, lvl in zip(out.code, out.level, strict=True)
    ]
    return out
