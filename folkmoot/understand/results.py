"""Results per question, as published: counts through disclosure control, percentages, weighted percentages.

Works on a survey's answer table (sources.answer_table), so filters by channel, partner and equality group
and weights all apply to the same rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import charts
from .disclosure import SUPPRESSED, Rules, protect_table, protect_total
from .sources import SurveyData
from .stats import labels as L

CHOICE = {"single", "likert", "fft", "equality", "multiple", "rating"}
PREFER_NOT = "Prefer not to say"
GROUP_KEYS = [
    "sex",
    "age_band",
    "ethnic_group",
    "religion",
    "disability",
    "sexual_orientation",
    "main_language",
    "unpaid_care",
]


@dataclass
class Filters:
    channel: str = ""
    partner: str = ""
    group: str = ""  # "<equality key>=<category>"
    weighted: bool = False

    @property
    def active(self) -> bool:
        return bool(self.channel or self.partner or self.group)

    def describe(self) -> str:
        parts = []
        if self.channel:
            parts.append(f"channel: {self.channel}")
        if self.partner:
            parts.append(f"partner: {self.partner}")
        if self.group:
            key, _, category = self.group.partition("=")
            parts.append(f"{key.replace('_', ' ')}: {category}")
        return "; ".join(parts)


def _group_value(data: SurveyData, key: str) -> pd.Series | None:
    column = data.equality_columns.get(key.removesuffix("_5"))
    if column is None or column not in data.answers:
        return None
    values = data.answers[column]
    if key == "ethnic_group_5":
        groups = L.CHARACTERISTICS["ethnic_group"].groups
        values = values.map(lambda v: groups.get(v, v) if isinstance(v, str) else v)
    return values


def mask_for(data: SurveyData, filters: Filters) -> np.ndarray:
    frame = data.answers
    mask = np.ones(len(frame), dtype=bool)
    if filters.channel:
        mask &= (frame["channel"] == filters.channel).to_numpy()
    if filters.partner:
        mask &= (frame["partner"].fillna("") == filters.partner).to_numpy()
    if filters.group:
        key, _, category = filters.group.partition("=")
        values = _group_value(data, key)
        mask &= (
            np.zeros(len(frame), dtype=bool)
            if values is None
            else (values == category).fillna(False).to_numpy(dtype=bool)
        )
    return mask


def filter_problem(n_total: int, n_filtered: int, rules: Rules, unsuppressed: bool) -> str:
    """Why a filter may not be shown: a group, or everyone outside it, smaller than the threshold."""
    if unsuppressed:
        return ""
    t = rules.suppress_below
    if 0 < n_filtered < t:
        return f"Fewer than {t} people match this filter, so its figures are not shown."
    if 0 < n_total - n_filtered < t:
        return (
            f"All but a few (fewer than {t}) people match this filter, so comparing it with the full results "
            "would reveal a small number. Its figures are not shown."
        )
    return ""


def differencing_problem(data: SurveyData, filters: Filters, rules: Rules, unsuppressed: bool) -> str:
    """filter_problem, and for combined filters also against each wider view with one filter dropped: the
    results for "women" and for "women online" must not differ by a small group ("women not online")."""
    n_total = len(data.answers)
    mask = mask_for(data, filters)
    n = int(mask.sum())
    problem = filter_problem(n_total, n, rules, unsuppressed)
    if problem or unsuppressed:
        return problem
    active = [name for name in ("channel", "partner", "group") if getattr(filters, name)]
    if len(active) < 2:
        return ""
    for name in active:
        wider = int(mask_for(data, replace(filters, **{name: ""})).sum())
        if 0 < wider - n < rules.suppress_below:
            return (
                f"Comparing these results with those without the {name} filter would reveal fewer than "
                f"{rules.suppress_below} people, so its figures are not shown."
            )
    return ""


def filter_options(data_list: list[SurveyData], partners: dict[str, str]) -> dict:
    channels, partner_slugs, groups = Counter(), Counter(), {}
    for data in data_list:
        channels.update(data.answers["channel"].dropna())
        partner_slugs.update(p for p in data.answers["partner"].dropna() if p)
        for key in GROUP_KEYS:
            values = _group_value(data, key)
            if values is not None:
                groups.setdefault(key, Counter()).update(v for v in values.dropna() if v != PREFER_NOT)
        values = _group_value(data, "ethnic_group_5")
        if values is not None:
            groups.setdefault("ethnic_group_5", Counter()).update(
                v for v in values.dropna() if v != PREFER_NOT
            )
    group_items = []
    for key, counter in groups.items():
        characteristic = L.CHARACTERISTICS.get(key.removesuffix("_5"))
        order = (
            list(characteristic.group_labels if key.endswith("_5") else characteristic.categories)
            if characteristic
            else []
        )
        ranked = sorted(counter, key=lambda c: (order.index(c) if c in order else len(order), c))
        title = (characteristic.title if characteristic else key.replace("_", " ").capitalize()) + (
            " (5 groups)" if key.endswith("_5") else ""
        )
        group_items += [{"value": f"{key}={c}", "text": f"{title}: {c}"} for c in ranked]
    return {
        "channels": sorted(channels),
        "partners": [{"value": slug, "text": partners.get(slug, slug)} for slug in sorted(partner_slugs)],
        "groups": group_items,
    }


def _options_for(question) -> list[tuple[str, str]]:
    if question.type == "rating":
        return [(str(i), str(i)) for i in range(11)]
    options = [(o["value"], o["label"]) for o in question.options]
    if not options and question.type == "likert":
        options = [
            (v, v)
            for v in [
                "Strongly agree",
                "Agree",
                "Neither agree nor disagree",
                "Disagree",
                "Strongly disagree",
            ]
        ]
    if not options and question.type == "fft":
        options = [
            (v, v) for v in ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
        ]
    if question.type == "equality":
        options.append((PREFER_NOT, PREFER_NOT))
    return options


def _split(value, question_type: str, known: list[str]) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if question_type != "multiple":
        text = str(value)
        return [text[:-2] if question_type == "rating" and text.endswith(".0") else text]
    parts = [p.strip() for p in str(value).split(";")]
    joined = str(value)
    found = [k for k in known if k and (k in parts or f"; {k}" in joined or joined.startswith(k))]
    return found or parts


def question_result(
    question, values: pd.Series, weights: np.ndarray | None, *, organisation, unsuppressed: bool, chart: bool
) -> dict:
    """One closed question's published table (and chart)."""
    options = _options_for(question)
    known = [v for v, _ in options]
    counts = Counter()
    weighted = Counter()
    answered = values.notna().to_numpy()
    for i, value in enumerate(values.to_numpy()):
        for item in _split(value, question.type, known):
            counts[item] += 1
            if weights is not None:
                weighted[item] += weights[i]
    extra = [v for v in counts if v not in known]
    options += [(v, v) for v in extra]
    n_answered = int(answered.sum())
    table = protect_table(
        {v: counts.get(v, 0) for v, _ in options},
        organisation=organisation,
        unsuppressed=unsuppressed,
        total=n_answered,
    )
    weight_total = float(weights[answered].sum()) if weights is not None else 0.0
    rows = []
    for value, label in options:
        cell = table.cells[value]
        weighted_percent = None
        if weights is not None and cell != SUPPRESSED and weight_total > 0 and table.total != SUPPRESSED:
            weighted_percent = round(100 * weighted.get(value, 0.0) / weight_total, 1)
        rows.append(
            {
                "value": value,
                "label": label,
                "count": cell,
                "percent": table.percentages[value],
                "weighted_percent": weighted_percent,
            }
        )
    result = {
        "code": question.code,
        "text": question.text,
        "type": question.type,
        "kind": "choice",
        "n_answered": table.total,
        "options": rows,
        "any_hidden": table.any_hidden,
        "multiple": question.type == "multiple",
    }
    if question.type == "rating" and n_answered:
        result["mean"] = _mean(values, organisation, unsuppressed)
    if chart:
        result["chart"] = charts.bar_chart(
            [r["label"] for r in rows],
            [r["percent"] for r in rows],
            second=[r["weighted_percent"] for r in rows] if weights is not None else None,
            first_name="Unweighted",
            second_name="Weighted to the local population",
        )
    return result


def _mean(values: pd.Series, organisation, unsuppressed: bool) -> float | None:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty or (
        not unsuppressed and len(numbers) < Rules.for_organisation(organisation).suppress_below
    ):
        return None
    return round(float(numbers.mean()), 1)


def number_result(question, values: pd.Series, *, organisation, unsuppressed: bool) -> dict:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    enough = unsuppressed or len(numbers) >= Rules.for_organisation(organisation).suppress_below
    stats = None
    if enough and len(numbers):
        stats = {
            "median": round(float(numbers.median()), 1),
            "lower_quartile": round(float(numbers.quantile(0.25)), 1),
            "upper_quartile": round(float(numbers.quantile(0.75)), 1),
            "mean": round(float(numbers.mean()), 1),
        }
    return {
        "code": question.code,
        "text": question.text,
        "type": question.type,
        "kind": "number",
        "n_answered": protect_total(len(numbers), organisation=organisation, unsuppressed=unsuppressed),
        "stats": stats,
    }


def _counted_result(
    question, counts: dict, *, labels: dict, caption: str, organisation, unsuppressed: bool, chart: bool
) -> dict:
    """A choice-like result from counts the caller derived (months, deprivation deciles), under disclosure control."""
    table = protect_table(counts, organisation=organisation, unsuppressed=unsuppressed)
    rows = [
        {
            "value": k,
            "label": labels.get(k, k),
            "count": table.cells[k],
            "percent": table.percentages[k],
            "weighted_percent": None,
        }
        for k in counts
    ]
    result = {
        "code": question.code,
        "text": question.text,
        "type": question.type,
        "kind": "choice",
        "n_answered": table.total,
        "options": rows,
        "any_hidden": table.any_hidden,
        "caption": caption,
    }
    if chart and rows:
        result["chart"] = charts.bar_chart([r["label"] for r in rows], [r["percent"] for r in rows])
    return result


def date_result(question, values: pd.Series, *, organisation, unsuppressed: bool, chart: bool) -> dict:
    months = pd.to_datetime(values, errors="coerce").dropna().dt.strftime("%Y-%m")
    counts = dict(sorted(Counter(months).items()))
    return _counted_result(
        question,
        counts,
        labels={},
        caption="By month",
        organisation=organisation,
        unsuppressed=unsuppressed,
        chart=chart,
    )


def postcode_result(
    question,
    values: pd.Series,
    baselines,
    *,
    organisation,
    unsuppressed: bool,
    chart: bool,
    edition: int = 2025,
) -> dict:
    """Where respondents live, by national deprivation decile of their neighbourhood (never the postcodes)."""
    found = baselines.postcodes(values.dropna())
    deciles = found.decile(edition)
    counts = {str(d): int(np.count_nonzero(deciles == d)) for d in range(1, 11)}
    counts["Not placed"] = int(np.count_nonzero(deciles == 0))
    return _counted_result(
        question,
        counts,
        labels={"1": "1 (most deprived 10%)", "10": "10 (least deprived 10%)"},
        caption=f"Where people live: national IMD{edition} decile of their neighbourhood (full postcode to LSOA)",
        organisation=organisation,
        unsuppressed=unsuppressed,
        chart=chart,
    )


def survey_results(
    data: SurveyData,
    *,
    mask: np.ndarray,
    weights: np.ndarray | None,
    organisation,
    unsuppressed: bool,
    baselines=None,
    chart: bool = True,
) -> list[dict]:
    frame = data.answers[mask]
    w = weights[mask] if weights is not None else None
    out = []
    for question in data.questions:
        values = (
            frame[question.code] if question.code in frame else pd.Series([None] * len(frame), dtype=object)
        )
        if question.type in CHOICE:
            out.append(
                question_result(
                    question, values, w, organisation=organisation, unsuppressed=unsuppressed, chart=chart
                )
            )
        elif question.type == "number":
            out.append(number_result(question, values, organisation=organisation, unsuppressed=unsuppressed))
        elif question.type == "date":
            out.append(
                date_result(
                    question, values, organisation=organisation, unsuppressed=unsuppressed, chart=chart
                )
            )
        elif question.type == "postcode" and baselines is not None:
            out.append(
                postcode_result(
                    question,
                    values,
                    baselines,
                    organisation=organisation,
                    unsuppressed=unsuppressed,
                    chart=chart,
                )
            )
        elif question.type == "text":
            answered = int(values.notna().sum())
            out.append(
                {
                    "code": question.code,
                    "text": question.text,
                    "type": question.type,
                    "kind": "text",
                    "n_answered": protect_total(
                        answered, organisation=organisation, unsuppressed=unsuppressed
                    ),
                }
            )
    return out
