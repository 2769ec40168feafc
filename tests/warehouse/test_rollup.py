"""Rolling a rate's finest grouping up to coarser ones adds numerators and denominators exactly."""

from __future__ import annotations

from heartline.warehouse.rollup import roll_up

FINEST = [
    {"month": "2026-01-01", "unit": "a", "value": 0.5, "numerator": 1, "denominator": 2, "n": 2},
    {"month": "2026-01-01", "unit": "b", "value": 1.0, "numerator": 3, "denominator": 3, "n": 3},
    {"month": "2026-02-01", "unit": "a", "value": 0.0, "numerator": 0, "denominator": 5, "n": 5},
    {"month": "2026-02-01", "unit": None, "value": 1.0, "numerator": 2, "denominator": 2, "n": 2},
]


def test_rolling_up_to_one_dimension_sums_each_groups_counts() -> None:
    assert roll_up(FINEST, ["unit"]) == [
        {"unit": "a", "value": 1 / 7, "numerator": 1, "denominator": 7, "n": 7},
        {"unit": "b", "value": 1.0, "numerator": 3, "denominator": 3, "n": 3},
        {"unit": None, "value": 1.0, "numerator": 2, "denominator": 2, "n": 2},
    ]


def test_rolling_up_to_nothing_gives_the_overall_rate() -> None:
    assert roll_up(FINEST, []) == [{"value": 6 / 12, "numerator": 6, "denominator": 12, "n": 12}]


def test_rolling_up_no_rows_gives_one_empty_overall_row() -> None:
    assert roll_up([], []) == [{"value": None, "numerator": 0, "denominator": 0, "n": 0}]
