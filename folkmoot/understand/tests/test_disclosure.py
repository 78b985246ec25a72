"""The one disclosure-control function: small counts hidden, others rounded, nothing derivable from totals."""

from __future__ import annotations

import itertools

import pytest

from folkmoot.core.models import Organisation
from folkmoot.understand.disclosure import (
    SUPPRESSED,
    protect,
    protect_grid,
    protect_table,
    protect_total,
    round_count,
)
from folkmoot.understand.results import Rules, filter_problem

DEFAULT = Organisation(name="Synthetic ICB", slug="synthetic-icb", suppress_below=8, round_to=5)


@pytest.mark.sqlite
def test_counts_one_to_seven_are_stars_others_round_to_five_and_zero_stays_zero():
    assert protect({"a": 0, "b": 1, "c": 7, "d": 8, "e": 12, "f": 13, "g": 102}, organisation=DEFAULT) == {
        "a": 0,
        "b": SUPPRESSED,
        "c": SUPPRESSED,
        "d": 10,
        "e": 10,
        "f": 15,
        "g": 100,
    }


def test_a_single_hidden_cell_is_not_derivable_from_the_total():
    counts = {"Yes": 40, "No": 23, "Unsure": 3}
    published = protect(counts, organisation=DEFAULT)
    total = protect_total(sum(counts.values()), organisation=DEFAULT)
    # The smallest other cell is hidden too, so total minus the visible cells covers two unknowns.
    assert published == {"Yes": 40, "No": SUPPRESSED, "Unsure": SUPPRESSED}
    assert total == 65


def test_two_hidden_cells_need_no_secondary_suppression():
    assert protect({"a": 50, "b": 20, "c": 2, "d": 5}, organisation=DEFAULT) == {
        "a": 50,
        "b": 20,
        "c": SUPPRESSED,
        "d": SUPPRESSED,
    }


def test_zero_cells_never_serve_as_the_secondary_cell():
    assert protect({"a": 30, "b": 0, "c": 4, "d": 9}, organisation=DEFAULT) == {
        "a": 30,
        "b": 0,
        "c": SUPPRESSED,
        "d": SUPPRESSED,
    }


def _consistent_values(table, raw: dict, key: str) -> set[int]:
    """Values of hidden cell `key` consistent with the published table, for an attacker who knows the rule (a
    visible cell v was one of v-2..v+2 before rounding). Stops at two: enough to show it is not pinned down."""
    ranges = [
        range(1, 32)
        if table.cells[k] == SUPPRESSED
        else range(max(0, table.cells[k] - 2), table.cells[k] + 3)
        for k in raw
    ]
    possible: set[int] = set()
    for guess in itertools.product(*ranges):
        candidate = dict(zip(raw, guess, strict=True))
        if round_count(sum(guess), 5) != table.total:
            continue
        if protect_table(candidate, organisation=DEFAULT).cells == table.cells:
            possible.add(candidate[key])
            if len(possible) > 1:
                break
    return possible


def test_no_hidden_value_can_be_recovered_from_a_published_table_by_brute_force():
    """Every 3-cell table up to 30 x 11 x 11: what is published (cells and rounded total) never pins down a
    hidden cell's value."""
    for counts in itertools.product(range(0, 31, 3), range(0, 12), range(0, 12)):
        raw = dict(zip("abc", counts, strict=True))
        table = protect_table(raw, organisation=DEFAULT)
        if table.total == SUPPRESSED:
            continue
        for key in [k for k, v in table.cells.items() if v == SUPPRESSED]:
            assert len(_consistent_values(table, raw, key)) > 1, (raw, table.cells, table.total, key)


def test_cross_tables_hide_enough_in_every_row_and_column():
    grid = {"online": {"F": 40, "M": 30, "X": 3}, "paper": {"F": 20, "M": 25, "X": 9}}
    published = protect_grid(grid, organisation=DEFAULT)
    lines = [list(row.values()) for row in published.values()]
    lines += [[published[r][c] for r in published] for c in ["F", "M", "X"]]
    for line in lines:
        assert line.count(SUPPRESSED) != 1, published
    assert published["online"]["X"] == SUPPRESSED
    assert published["paper"]["X"] == SUPPRESSED  # the column would otherwise give away online's 3


def test_rules_follow_the_organisations_settings():
    strict = Organisation(name="Strict", slug="strict", suppress_below=11, round_to=10)
    assert protect({"a": 10, "b": 11, "c": 26, "d": 44}, organisation=strict) == {
        "a": SUPPRESSED,
        "b": SUPPRESSED,
        "c": 30,
        "d": 40,
    }
    assert protect_total(9, organisation=strict) == SUPPRESSED


def test_unsuppressed_figures_are_returned_raw_for_analysts():
    assert protect({"a": 3, "b": 12}, organisation=DEFAULT, unsuppressed=True) == {"a": 3, "b": 12}


def test_percentages_only_from_published_figures_with_a_denominator_of_at_least_eight():
    table = protect_table({"a": 60, "b": 13, "c": 2}, organisation=DEFAULT)
    assert table.total == 75
    assert table.cells == {"a": 60, "b": SUPPRESSED, "c": SUPPRESSED}
    assert table.percentages == {"a": 80.0, "b": None, "c": None}
    small = protect_table({"a": 4, "b": 2}, organisation=DEFAULT)
    assert small.total == SUPPRESSED and small.percentages == {"a": None, "b": None}


def test_differencing_a_filtered_table_against_the_whole_is_refused_when_the_rest_is_small():
    rules = Rules.for_organisation(DEFAULT)
    # 100 people, a filter matching 95: all minus filtered would show a group of 5.
    assert "All but a few" in filter_problem(100, 95, rules, unsuppressed=False)
    assert "Fewer than 8" in filter_problem(100, 5, rules, unsuppressed=False)
    assert filter_problem(100, 60, rules, unsuppressed=False) == ""
    assert filter_problem(100, 95, rules, unsuppressed=True) == ""
