"""The who-is-missing report as it may be published: every count through disclosure control, and shares,
ratios and intervals recomputed from the published (rounded) counts, so no small number can be read back.

A hidden cell ("*") shows no share or ratio. It is flagged "under" only when that holds whatever its hidden
value (1 to threshold - 1) and also for its real value, so the flag says nothing more than "*" does.
"""

from __future__ import annotations

import copy

import numpy as np

from .disclosure import SUPPRESSED, Rules, protect, protect_grid, protect_total
from .stats.intervals import flag, ratio_interval
from .stats.summary import sentences


def _recompute(
    categories: list[dict], cells: dict[str, str | int], n_published, rules: Rules, settings: dict
) -> None:
    tolerance = settings.get("tolerance", 0.1)
    confidence = settings.get("confidence", 0.95)
    n = 0 if n_published == SUPPRESSED else int(n_published)
    for cat in categories:
        published = cells[cat["category"]]
        raw_flag = cat["flag"]
        cat["respondents"] = published
        share_pop = cat["population_share"] or 0.0
        if published == SUPPRESSED or n == 0:
            bound_low, bound_high = ratio_interval(
                rules.suppress_below - 1, max(n, 1), share_pop, confidence
            )[1:]
            bound_flag = flag(float(bound_low), float(bound_high), tolerance)
            cat["flag"] = "under" if raw_flag == "under" and bound_flag == "under" else "ok"
            cat |= {"share": None, "ratio": None, "ci_low": None, "ci_high": None, "hidden": True}
            continue
        ratio, low, high = ratio_interval(int(published), n, share_pop, confidence)
        cat |= {
            "share": round(int(published) / n, 6),
            "ratio": None if not np.isfinite(ratio) else round(float(ratio), 6),
            "ci_low": None if not np.isfinite(low) else round(float(low), 6),
            "ci_high": None if not np.isfinite(high) else round(float(high), 6),
            "flag": flag(float(low), float(high), tolerance),
        }


def _protect_characteristic(ch: dict, organisation, rules: Rules, settings: dict) -> None:
    if ch.get("status") != "ok":
        return
    extras = {k: ch.get(k, 0) for k in ("prefer_not_to_say", "not_answered", "not_asked") if k in ch}
    unmatched_total = sum(u["respondents"] for u in ch.get("unmatched", []))
    counts = {c["category"]: c["respondents"] for c in ch["categories"]}
    table = {**counts, **{f"__{k}": v for k, v in extras.items()}}
    if "unmatched" in ch:
        table["__unmatched"] = unmatched_total
    cells = protect(table, organisation=organisation)
    n_answered = protect_total(ch["n_answered"], organisation=organisation)
    ch["n_answered"] = n_answered
    for k in extras:
        ch[k] = cells[f"__{k}"]
    if "unmatched" in ch:
        ch["unmatched"] = (
            [
                {
                    "label": "(answers that match no category; labels hidden)",
                    "respondents": cells["__unmatched"],
                }
            ]
            if unmatched_total
            else []
        )
        ch["mapped"] = [
            {**m, "respondents": protect_total(m["respondents"], organisation=organisation)}
            for m in ch.get("mapped", [])
        ]
    _recompute(ch["categories"], cells, n_answered, rules, settings)


def protect_missing_report(report: dict, *, organisation) -> dict:
    """A copy of `stats.missing.analyse`'s report safe to publish under the organisation's rules."""
    rules = Rules.for_organisation(organisation)
    out = copy.deepcopy(report)
    settings = out.get("settings", {})
    out["n"] = protect_total(out["n"], organisation=organisation)
    for ch in out["characteristics"]:
        _protect_characteristic(ch, organisation, rules, settings)
    by_key = next((k for k in out if k.startswith("by_")), None)
    if by_key and out[by_key]:
        groups = out[by_key]
        label = by_key.removeprefix("by_")
        for g in groups:
            g["n"] = protect_total(g["n"], organisation=organisation)
        names = [c["name"] for c in groups[0]["characteristics"]]
        for index, name in enumerate(names):
            grid = {
                g[label]: {c["category"]: c["respondents"] for c in g["characteristics"][index]["categories"]}
                for g in groups
                if g["characteristics"][index].get("status") == "ok"
            }
            cells = protect_grid(grid, organisation=organisation)
            for g in groups:
                ch = g["characteristics"][index]
                assert ch["name"] == name
                ch["n_answered"] = protect_total(ch["n_answered"], organisation=organisation)
                if ch.get("status") == "ok":
                    _recompute(ch["categories"], cells[g[label]], ch["n_answered"], rules, settings)
    if out.get("postcodes"):
        postcodes = out["postcodes"]
        postcodes["status"] = protect(postcodes["status"], organisation=organisation)
        for key in ("outside_area", "unknown_decile"):
            postcodes[key] = protect_total(postcodes[key], organisation=organisation)
    out["disclosure"] = {
        "suppress_below": rules.suppress_below,
        "round_to": rules.round_to,
        "footnote": rules.footnote,
    }
    out["unsuppressed"] = False
    out["summary"] = sentences(out, by=by_key.removeprefix("by_") if by_key else "channel")
    return out
