"""Who is missing: respondents' shares against the local population's, with honest uncertainty.

For every characteristic that has a Census (or deprivation) baseline: each category's share of the respondents
who answered, its share of the area's population, the representation ratio (respondent share / population
share), a 95% Wilson interval for that ratio, and a flag ("under" or "over" when the whole interval lies outside
parity give or take a tolerance, else "ok"). "Prefer not to say", not answered, not asked and unmatched answers
are counted apart and never enter the shares. Baselines follow the survey's age range where a table allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..population import files as F
from ..population.baselines import AreaInfo, Baselines
from ..population.postcodes import MATCHED, STATUS_WORDS
from . import ages as A
from . import labels as L
from .coding import NOT_ANSWERED, NOT_ASKED, PREFER_NOT, UNMATCHED, Coded, code_age, code_characteristic
from .intervals import flag, ratio_interval
from .summary import sentences

NON_DISCLOSURE_LIMIT = 0.2  # above this share not saying, a comparison is marked unreliable
TABLE_FOR = {
    "sex": "age_sex",
    "age_band": "age_sex",
    "ethnic_group": "ethnic_group_19",
    "ethnic_group_5": "ethnic_group_5",
    "religion": "religion",
    "disability": "disability",
    "sexual_orientation": "sexual_orientation",
    "main_language": "main_language",
    "unpaid_care": "unpaid_care",
}
COLUMNS = [
    "sex",
    "age_band",
    "age",
    "ethnic_group",
    "religion",
    "disability",
    "sexual_orientation",
    "main_language",
    "unpaid_care",
    "postcode",
]


@dataclass
class Settings:
    tolerance: float = 0.1
    confidence: float = 0.95
    imd_edition: int = 2025
    min_age: int | None = None
    max_age: int | None = None
    age_bands: list[str] | None = None  # the bands the survey offered, when known
    by: str = "channel"


@dataclass
class Characteristic:
    coded: Coded
    population: np.ndarray  # people per category in the area (within the age range where possible)
    table: str
    base: str
    note: str = ""
    extra_notes: list[str] = field(default_factory=list)


def _round(x) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 6)


def _age_counts(counts: pd.DataFrame, sex: str | None = None) -> np.ndarray:
    rows = counts[counts.table == "age_sex"]
    if sex:
        rows = rows[rows.sex == sex]
    by_band = rows.groupby("category")["count"].sum()
    return np.array([float(by_band.get(label, 0)) for label in A.POPULATION_LABELS])


def _range_words(lo: int, hi: int) -> str:
    if hi >= A.OPEN_TOP:
        return f"aged {lo} and over" if lo > 0 else "of all ages"
    return f"aged {lo} to {hi}"


def population_for(coded: Coded, counts: pd.DataFrame, age_range: tuple[int, int]) -> Characteristic:
    lo, hi = age_range
    if coded.name == "age_band":
        totals = _age_counts(counts)
        values, cut = zip(*(A.population_in(b, totals) for b in coded.bands), strict=True)
        note = f"Census 2021 usual residents {_range_words(lo, hi)}, the survey's age range."
        if any(cut):
            note += " Bands that do not start on a 5-year boundary take their share of a Census 5-year band by years covered."
        return Characteristic(coded, np.array(values), "age_sex", F.TABLES["age_sex"].base, note)
    if coded.name == "sex":
        band = A.Band(lo, hi)
        values, cut = zip(
            *(A.population_in(band, _age_counts(counts, s)) for s in coded.categories), strict=True
        )
        note = f"Census 2021 usual residents {_range_words(lo, hi)}, the survey's age range."
        if any(cut):
            note += " The range does not start on a 5-year boundary, so the edge band is taken in proportion."
        return Characteristic(coded, np.array(values), "age_sex", F.TABLES["age_sex"].base, note)
    if coded.name == "imd_decile":
        table = coded.level
        rows = counts[counts.table == table].groupby("category")["count"].sum()
        values = np.array([float(rows.get(str(d), 0)) for d in range(1, 11)])
        return Characteristic(coded, values, table, F.TABLES[table].base, _base_note(F.TABLES[table], lo))
    table = TABLE_FOR[coded.name]
    if coded.name == "ethnic_group" and coded.categories == list(
        L.CHARACTERISTICS["ethnic_group"].group_labels
    ):
        table = "ethnic_group_5"
    rows = counts[counts.table == table].groupby("category")["count"].sum()
    characteristic = L.CHARACTERISTICS.get(coded.name.removesuffix("_5"))
    values = []
    for category in coded.categories:
        if category in rows.index:
            values.append(float(rows[category]))
        else:  # a broad group: the sum of its detailed categories
            members = [
                c for c, g in (characteristic.groups if characteristic else {}).items() if g == category
            ]
            values.append(float(sum(rows.get(m, 0) for m in members)))
    note = _base_note(F.TABLES[table], lo)
    if "Not answered" in rows.index:
        not_answered = float(rows["Not answered"]) / float(rows.sum())
        note += (
            f" {not_answered:.1%} of residents did not answer this Census question; they are left out of the "
            "population shares, as people who did not say are left out of the respondents' shares."
        )
    return Characteristic(coded, np.array(values), table, F.TABLES[table].base, note)


def _base_note(table: F.Table, survey_min: int) -> str:
    if table.min_age == survey_min:
        return f"{table.title}: {table.base}, the same age range as the survey."
    if table.min_age == 0:
        return (
            f"{table.title}: {table.base}. The table cannot be limited to the survey's age range "
            f"({survey_min} and over), so it includes everyone."
        )
    if survey_min > table.min_age:
        return (
            f"{table.title}: {table.base}. The table cannot be limited to the survey's age range "
            f"({survey_min} and over)."
        )
    return f"{table.title}: {table.base}; the Census did not ask younger people, the survey did."


def _categories(counts: np.ndarray, population: np.ndarray, settings: Settings, coded: Coded) -> list[dict]:
    n = counts.sum()
    share_pop = population / population.sum() if population.sum() > 0 else np.zeros_like(population)
    ratio, low, high = ratio_interval(counts, np.full(counts.shape, n), share_pop, settings.confidence)
    rows = []
    for i, category in enumerate(coded.categories):
        rows.append(
            {
                "category": category,
                "people": coded.people[i] if i < len(coded.people) else category,
                "respondents": int(counts[i]),
                "share": _round(counts[i] / n) if n else None,
                "population_share": _round(share_pop[i]),
                "ratio": _round(ratio[i]),
                "ci_low": _round(low[i]),
                "ci_high": _round(high[i]),
                "flag": flag(low[i], high[i], settings.tolerance) if n else "ok",
            }
        )
    return rows


def _describe(
    ch: Characteristic, settings: Settings, mask: np.ndarray | None = None, full: bool = True
) -> dict:
    coded = ch.coded
    tally = coded.tally(mask)
    counts = tally["counts"]
    n_answered = int(counts.sum())
    asked = n_answered + tally["prefer_not_to_say"] + tally["not_answered"] + tally["unmatched"]
    out: dict = {"name": coded.name, "title": coded.title, "n_answered": n_answered}
    if n_answered == 0:
        out |= {
            "status": "no_answers",
            "message": f"Nobody answered the {coded.title.lower()} question"
            + (" in a way we could match" if tally["unmatched"] else "")
            + ", so it cannot be compared with the population.",
            "categories": [],
        }
    else:
        out |= {"status": "ok", "categories": _categories(counts, ch.population, settings, coded)}
    if not full:
        return out
    not_disclosed = tally["prefer_not_to_say"] + tally["not_answered"]
    share_not_disclosed = not_disclosed / asked if asked else 0.0
    out |= {
        "level": coded.level,
        "prefer_not_to_say": tally["prefer_not_to_say"],
        "not_answered": tally["not_answered"],
        "not_asked": tally["not_asked"],
        "unmatched": [{"label": label, "respondents": n} for label, n in coded.unmatched.most_common()],
        "mapped": [
            {"label": label, "category": category, "respondents": n}
            for (label, category), n in coded.mapped.most_common()
        ],
        "non_disclosure_share": _round(share_not_disclosed),
        "unreliable": bool(share_not_disclosed > NON_DISCLOSURE_LIMIT),
        "baseline": {
            "table": ch.table,
            "base": ch.base,
            "population": int(round(float(ch.population.sum()))),
            "note": ch.note,
        },
        "notes": coded.notes + ch.extra_notes,
    }
    return out


def _imd(values: pd.Series, baselines: Baselines, area: AreaInfo, edition: int) -> tuple[Coded, dict]:
    found = baselines.postcodes(values)
    deciles = found.decile(edition).astype(np.int64)
    status = found.status
    codes = np.where(deciles > 0, deciles - 1, NOT_ANSWERED)
    codes = np.where(status == "prefer_not_to_say", PREFER_NOT, codes)
    codes = np.where((status == MATCHED) & (deciles == 0), UNMATCHED, codes)
    codes = np.where(np.isin(status, ["not_found", "partial", "invalid"]), UNMATCHED, codes)
    statuses, counts = np.unique(status.astype(str), return_counts=True)
    summary = {str(s): int(c) for s, c in zip(statuses, counts, strict=True)}
    unknown_decile = int(np.count_nonzero((status == MATCHED) & (deciles == 0)))
    outside = int(np.count_nonzero((status == MATCHED) & ~np.isin(found.ltla.astype(str), area.ltla_codes)))
    coded = Coded(
        name="imd_decile",
        title=f"Deprivation (IMD{edition} decile of the neighbourhood)",
        codes=codes,
        categories=[str(d) for d in range(1, 11)],
        people=[
            "People living in the most deprived 10% of neighbourhoods in England"
            if d == 1
            else "People living in the least deprived 10% of neighbourhoods in England"
            if d == 10
            else f"People living in neighbourhoods in national deprivation decile {d}"
            for d in range(1, 11)
        ],
        level=f"imd{edition}_decile",
    )
    from collections import Counter

    unmatched = Counter()
    for key in ("not_found", "partial", "invalid"):
        if summary.get(key):
            unmatched[f"postcode {STATUS_WORDS[key]}"] = summary[key]
    if unknown_decile:
        unmatched[f"postcode in a neighbourhood split in 2021 whose IMD{edition} decile is not known"] = (
            unknown_decile
        )
    coded.unmatched = unmatched
    coded.notes.append(
        f"Each full postcode is placed in its neighbourhood (LSOA) through the ONS postcode lookup (May 2022), and "
        f"so in a national IMD{edition} decile (1 = most deprived 10%). Partial postcodes are not placed."
    )
    if outside:
        coded.notes.append(
            f"{outside} respondent(s) gave a postcode outside the area; they are still counted."
        )
    return coded, {"status": summary, "outside_area": outside, "unknown_decile": unknown_decile}


def analyse(
    respondents: pd.DataFrame, baselines: Baselines, area_codes, settings: Settings | None = None
) -> dict:
    """The who-is-missing report for a table of respondents (one row each) in an area (see module docstring)."""
    settings = settings or Settings()
    area = baselines.area(area_codes)
    frame = respondents.reset_index(drop=True)
    n = len(frame)
    coded: list[Coded] = []
    notes = list(area.notes)
    if "sex" in frame:
        coded += code_characteristic(frame["sex"], L.CHARACTERISTICS["sex"])
    age = code_age(
        frame["age_band"] if "age_band" in frame else None,
        frame["age"] if "age" in frame else None,
        offered=settings.age_bands,
        min_age=settings.min_age,
        max_age=settings.max_age,
    )
    if age is not None:
        coded.append(age)
    age_range = (
        (age.bands[0].lo, age.bands[-1].hi)
        if age is not None and age.bands
        else (settings.min_age or 0, A.OPEN_TOP)
    )
    if age is None or not age.bands:
        notes.append(
            "There is no age answer, so baselines are for all ages"
            + (f" from {settings.min_age}" if settings.min_age else "")
            + "."
        )
    for name in (
        "ethnic_group",
        "religion",
        "disability",
        "sexual_orientation",
        "main_language",
        "unpaid_care",
    ):
        if name in frame:
            coded += code_characteristic(frame[name], L.CHARACTERISTICS[name])
    postcode_report = None
    if "postcode" in frame:
        imd, postcode_report = _imd(frame["postcode"], baselines, area, settings.imd_edition)
        coded.append(imd)
    tables = sorted({TABLE_FOR.get(c.name, c.level) for c in coded} | {"ethnic_group_5"} if coded else set())
    counts = baselines.counts(tables, area)
    characteristics = [population_for(c, counts, age_range) for c in coded]
    described = [_describe(ch, settings) for ch in characteristics]
    by_channel = []
    if settings.by in frame and n:
        groups = frame[settings.by].fillna("").astype(str).str.strip().replace("", "(not recorded)")
        for channel, size in groups.value_counts().sort_index().items():
            mask = (groups == channel).to_numpy()
            by_channel.append(
                {
                    settings.by: channel,
                    "n": int(size),
                    "characteristics": [_describe(ch, settings, mask, full=False) for ch in characteristics],
                }
            )
    ignored = [c for c in frame.columns if c not in COLUMNS and c != settings.by]
    if ignored:
        notes.append(
            f"Columns without a population baseline were not compared: {', '.join(map(str, ignored))}."
        )
    report = {
        "area": area.code,
        "area_name": area.name,
        "local_authorities": area.ltla_codes,
        "n": n,
        "age_range": {"min": age_range[0], "max": None if age_range[1] >= A.OPEN_TOP else age_range[1]},
        "characteristics": described,
        f"by_{settings.by}": by_channel,
        "postcodes": postcode_report,
        "settings": {
            "tolerance": settings.tolerance,
            "confidence": settings.confidence,
            "imd_edition": settings.imd_edition,
            "interval": "Wilson score interval for the respondents' share, divided by the population share",
        },
        "baselines": baselines.source,
        "notes": notes,
        "sources": _sources(coded),
    }
    report["summary"] = sentences(report, by=settings.by)
    return report


def _sources(coded: list[Coded]) -> list[str]:
    sources = [F.CENSUS, F.GEOGRAPHY]
    if any(c.name == "imd_decile" for c in coded):
        sources += [F.IMD, *F.POSTCODES[:2]]
    return list(dict.fromkeys(sources))


__all__ = ["Settings", "analyse", "NOT_ASKED", "PREFER_NOT"]
