"""Rolling a rate's finest grouping up to coarser ones adds numerators and denominators exactly."""

from __future__ import annotations

from typing import Any

from heartline.warehouse.rollup import roll_up
from tests.support.intervals import wilson

FINEST = [
    {"month": "2026-01-01", "unit": "a", "value": 0.5, "numerator": 1, "denominator": 2, "n": 2},
    {"month": "2026-01-01", "unit": "b", "value": 1.0, "numerator": 3, "denominator": 3, "n": 3},
    {"month": "2026-02-01", "unit": "a", "value": 0.0, "numerator": 0, "denominator": 5, "n": 5},
    {"month": "2026-02-01", "unit": None, "value": 1.0, "numerator": 2, "denominator": 2, "n": 2},
]


def rate(numerator: int, denominator: int, **keys: Any) -> dict[str, Any]:
    """A rolled-up rate row with its Wilson interval (statsmodels' reference)."""
    low, high = wilson(numerator, denominator)
    value = numerator / denominator if denominator else None
    return {
        **keys,
        "value": value,
        "ci_low": low,
        "ci_high": high,
        "numerator": numerator,
        "denominator": denominator,
        "n": denominator,
    }


def test_rolling_up_to_one_dimension_sums_each_groups_counts() -> None:
    assert roll_up(FINEST, ["unit"]) == [rate(1, 7, unit="a"), rate(3, 3, unit="b"), rate(2, 2, unit=None)]


def test_rolling_up_to_nothing_gives_the_overall_rate() -> None:
    assert roll_up(FINEST, []) == [rate(6, 12)]


def test_a_rolled_up_row_carries_the_wilson_interval_of_its_summed_counts() -> None:
    # Newcombe (1998), Table I: 81/263 → 0.2553–0.3662
    rows = [{"unit": "a", "numerator": 40, "denominator": 100}, {"unit": "b", "numerator": 41, "denominator": 163}]

    overall = roll_up(rows, [])[0]

    assert (round(overall["ci_low"], 4), round(overall["ci_high"], 4)) == (0.2553, 0.3662)


def test_rolling_up_no_rows_gives_one_empty_overall_row() -> None:
    assert roll_up([], []) == [rate(0, 0)]
