"""Weighting an engagement's respondents to its area's Census margins (raking), for weighted percentages.

Respondents who did not give a weighting characteristic are kept, in a "not stated" group whose target is
its own share of respondents; the Census shares of the stated categories are scaled to fill the rest. A
Census category nobody chose cannot be weighted up: it is left out and its share spread over the others, and
the report says so. Weights are trimmed at `trim` times the mean (balance's rule) and the report shows how far
the margins moved because of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .population.baselines import Baselines, UnknownArea
from .stats import ages as A
from .stats import labels as L
from .stats.coding import Coded, code_age, code_characteristic
from .stats.missing import population_for
from .stats.raking import RakeResult, RakingError, rake

WEIGHTABLE = ["age_band", "sex", "ethnic_group", "disability", "religion"]
DEFAULT_VARIABLES = ["age_band", "sex", "ethnic_group"]
NOT_STATED = "Not stated"
DEFAULT_TRIM = 5.0
WORDS = {"age_band": "age", "ethnic_group": "ethnic group", "ethnic_group_5": "ethnic group (5 groups)"}


def describe(variables: list[str]) -> str:
    words = [WORDS.get(v, v.replace("_", " ")) for v in variables]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass
class Weighting:
    variables: list[str]
    weights: np.ndarray | None
    result: RakeResult | None
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def described(self) -> str:
        return describe(self.variables)

    @property
    def ok(self) -> bool:
        return self.weights is not None


def _coded(frame: pd.DataFrame, variable: str, offered_ages: list[str] | None) -> Coded | None:
    if variable == "age_band":
        return code_age(frame.get("age_band"), None, offered=offered_ages)
    if variable not in frame:
        return None
    coded = code_characteristic(frame[variable], L.CHARACTERISTICS[variable])
    if variable == "ethnic_group":  # 5 groups: 19 categories make cells too small to weight
        return coded[-1]
    return coded[0]


def weight_respondents(
    frame: pd.DataFrame,
    baselines: Baselines,
    area_codes: list[str],
    *,
    variables: list[str] | None = None,
    trim: float | None = DEFAULT_TRIM,
    offered_ages: list[str] | None = None,
) -> Weighting:
    """Raking weights for the rows of `frame` (columns named by equality key), one per row."""
    variables = [v for v in (variables or DEFAULT_VARIABLES) if v in WEIGHTABLE]
    if frame.empty:
        return Weighting(variables, None, None, error="There are no responses to weight.")
    try:
        area = baselines.area(area_codes)
    except UnknownArea as exc:
        return Weighting(variables, None, None, error=str(exc))
    notes: list[str] = []
    coded_all: list[Coded] = []
    for variable in variables:
        coded = _coded(frame, variable, offered_ages)
        if coded is None or not coded.categories or not np.any(coded.codes >= 0):
            notes.append(f"Nobody answered {variable.replace('_', ' ')}, so it is not used for weighting.")
            continue
        coded_all.append(coded)
    if not coded_all:
        return Weighting(
            variables, None, None, notes=notes, error="No weighting characteristic was answered."
        )
    used = [c.name for c in coded_all]
    age = next((c for c in coded_all if c.name == "age_band"), None)
    age_range = (age.bands[0].lo, age.bands[-1].hi) if age is not None and age.bands else (0, A.OPEN_TOP)
    tables = {"age_sex", "ethnic_group_19", "ethnic_group_5", "religion", "disability"}
    counts = baselines.counts(sorted(tables), area)
    codes, targets, categories = [], [], []
    for coded in coded_all:
        population = population_for(coded, counts, age_range).population
        stated = coded.codes >= 0
        present = np.bincount(coded.codes[stated], minlength=len(coded.categories)) > 0
        empty = [coded.categories[i] for i in np.flatnonzero(~present & (population > 0))]
        if empty:
            notes.append(
                f"Nobody chose {', '.join(empty)} ({coded.title.lower()}), so weighting cannot represent them; "
                "their share of the population is spread over the other categories."
            )
        keep = np.flatnonzero(present)
        shares = population[keep] / population[keep].sum()
        not_stated = float(np.mean(~stated))
        remap = np.full(len(coded.categories), -1)
        remap[keep] = np.arange(keep.size)
        row_codes = np.where(stated, remap[np.maximum(coded.codes, 0)], keep.size)
        cats = [coded.categories[i] for i in keep]
        if not_stated > 0:
            shares = np.append(shares * (1 - not_stated), not_stated)
            cats.append(NOT_STATED)
        codes.append(row_codes)
        targets.append(shares)
        categories.append(cats)
    order = np.argsort(used)  # alphabetical, as balance does
    try:
        result = rake(
            [codes[i] for i in order],
            [targets[i] for i in order],
            names=[used[i] for i in order],
            categories=[categories[i] for i in order],
            trim_mean_ratio=trim,
        )
    except RakingError as exc:
        return Weighting(used, None, None, notes=notes, error=str(exc))
    if result.trimmed:
        worst = max(result.margins, key=lambda m: abs(m.weighted_share - m.target_share))
        notes.append(
            f"{result.trimmed} weight(s) were capped at {trim:g} times the mean; after that the largest gap to a "
            f"target is {abs(worst.weighted_share - worst.target_share):.1%} ({worst.variable} {worst.category})."
        )
    return Weighting(used, result.weights, result, notes=notes)


def weight_with_fallback(
    frame: pd.DataFrame, baselines: Baselines, area_codes: list[str], *, offered_ages: list[str] | None = None
) -> Weighting:
    """Weight by age, sex and ethnic group; when that cannot converge (small, tied groups), drop the last
    variable and try again, and say so. The first failure's message is kept when nothing works."""
    variables = list(DEFAULT_VARIABLES)
    first: Weighting | None = None
    while variables:
        weighting = weight_respondents(
            frame, baselines, area_codes, variables=variables, offered_ages=offered_ages
        )
        if weighting.ok:
            if first is not None:
                weighting.notes.insert(
                    0,
                    f"Weighting by {describe(first.variables)} could not meet every Census "
                    "margin at once (some small groups of respondents are tied together), so the weights use "
                    f"{weighting.described} only.",
                )
            return weighting
        first = first or weighting
        if "could not reach the margins" not in weighting.error:
            return weighting
        variables = variables[:-1]
    return first
