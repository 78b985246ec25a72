"""Disclosure control: the one function every published number goes through (docs/contracts.md).

Default rule (../shared/domain/equality-monitoring.md, configurable per organisation through
`Organisation.suppress_below` and `round_to`): counts 1-7 are shown as "*", others are rounded to the nearest 5,
0 stays 0; totals are rounded independently; percentages come from the rounded figures and only when the total
is at least the threshold. **Secondary suppression**: when a table (or a row or column of a cross-table) would
show exactly one hidden cell, the next smallest cell is hidden too, so the hidden one cannot be worked out from
the total. People who may see raw figures (Perm.VIEW_UNSUPPRESSED) get them unchanged, and pages mark them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

SUPPRESSED = "*"
FOOTNOTE = (
    "* means fewer than {threshold} people, or hidden so that a small number cannot be worked out from the "
    "total. Other numbers are rounded to the nearest {round_to}, and totals are rounded on their own, so "
    "they may not add up."
)


@dataclass(frozen=True)
class Rules:
    suppress_below: int
    round_to: int

    @classmethod
    def for_organisation(cls, organisation) -> Rules:
        below = getattr(organisation, "suppress_below", None)
        round_to = getattr(organisation, "round_to", None)
        return cls(
            suppress_below=int(settings.FOLKMOOT_SUPPRESS_BELOW if below is None else below),
            round_to=max(1, int(settings.FOLKMOOT_ROUND_TO if round_to is None else round_to)),
        )

    @property
    def footnote(self) -> str:
        return FOOTNOTE.format(threshold=self.suppress_below, round_to=self.round_to)


def round_count(value: int, base: int) -> int:
    """Round half up to the nearest multiple of base (12 -> 10, 13 -> 15)."""
    return int(math.floor(value / base + 0.5)) * base if base > 1 else int(value)


def _is_small(value: int, rules: Rules) -> bool:
    return 0 < value < rules.suppress_below


def _secondary(values: dict[str, int], hidden: set[str]) -> str | None:
    """The cell to hide as well when exactly one non-zero cell of this line is hidden, else None."""
    hidden_here = [k for k, v in values.items() if k in hidden and v > 0]
    if len(hidden_here) != 1:
        return None
    candidates = sorted((v, k) for k, v in values.items() if v > 0 and k not in hidden)
    return candidates[0][1] if candidates else None


def protect(counts: dict[str, int], *, organisation, unsuppressed: bool = False) -> dict[str, str | int]:
    """Each count as published: an int (rounded) or "*" (suppressed). Raw ints when unsuppressed."""
    if unsuppressed:
        return {k: int(v) for k, v in counts.items()}
    rules = Rules.for_organisation(organisation)
    values = {k: int(v) for k, v in counts.items()}
    hidden = {k for k, v in values.items() if _is_small(v, rules)}
    extra = _secondary(values, hidden)
    if extra is not None:
        hidden.add(extra)
    return {k: SUPPRESSED if k in hidden else round_count(v, rules.round_to) for k, v in values.items()}


def protect_total(total: int, *, organisation, unsuppressed: bool = False) -> str | int:
    if unsuppressed:
        return int(total)
    rules = Rules.for_organisation(organisation)
    return SUPPRESSED if _is_small(int(total), rules) else round_count(int(total), rules.round_to)


def protect_grid(
    grid: dict[str, dict[str, int]], *, organisation, unsuppressed: bool = False
) -> dict[str, dict[str, str | int]]:
    """A cross-table (rows of columns) with row and column totals published: secondary suppression is repeated
    over rows and columns until no row or column has exactly one hidden non-zero cell."""
    if unsuppressed:
        return {r: {c: int(v) for c, v in row.items()} for r, row in grid.items()}
    rules = Rules.for_organisation(organisation)
    hidden = {(r, c) for r, row in grid.items() for c, v in row.items() if _is_small(int(v), rules)}
    columns = list(dict.fromkeys(c for row in grid.values() for c in row))
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in grid[r]] for r in grid] + [
            [(r, c) for r in grid if c in grid[r]] for c in columns
        ]
        for line in lines:
            values = {cell: int(grid[cell[0]][cell[1]]) for cell in line}
            extra = _secondary(values, hidden)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return {
        r: {
            c: SUPPRESSED if (r, c) in hidden else round_count(int(v), rules.round_to) for c, v in row.items()
        }
        for r, row in grid.items()
    }


def percentage(
    count: str | int, total: str | int, *, organisation, unsuppressed: bool = False
) -> float | None:
    """A percentage from published figures: None when either is hidden or the total is below the threshold."""
    if count == SUPPRESSED or total == SUPPRESSED or not total:
        return None
    if not unsuppressed and int(total) < Rules.for_organisation(organisation).suppress_below:
        return None
    return round(100 * int(count) / int(total), 1)


@dataclass
class Table:
    """A published one-way table: cells, total and percentages, plus whether anything was hidden."""

    cells: dict[str, str | int]
    total: str | int
    percentages: dict[str, float | None]
    unsuppressed: bool
    any_hidden: bool


def protect_table(
    counts: dict[str, int], *, organisation, unsuppressed: bool = False, total: int | None = None
) -> Table:
    """protect() plus the total (the sum, or `total` when cells overlap, as in multiple choice) and percentages."""
    cells = protect(counts, organisation=organisation, unsuppressed=unsuppressed)
    raw_total = int(sum(counts.values()) if total is None else total)
    published_total = protect_total(raw_total, organisation=organisation, unsuppressed=unsuppressed)
    if published_total == SUPPRESSED:
        cells = {k: (SUPPRESSED if v else 0) for k, v in counts.items()} if not unsuppressed else cells
    percentages = {
        k: percentage(v, published_total, organisation=organisation, unsuppressed=unsuppressed)
        for k, v in cells.items()
    }
    return Table(
        cells=cells,
        total=published_total,
        percentages=percentages,
        unsuppressed=unsuppressed,
        any_hidden=SUPPRESSED in cells.values() or published_total == SUPPRESSED,
    )
