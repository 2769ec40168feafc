"""Newcombe's hybrid score interval for p1 − p2, against the worked examples of Newcombe (1998),
Statistics in Medicine 17:873–890, Table II, method 10."""

from __future__ import annotations

import math

import pytest

from heartline.stats.proportion_difference import newcombe_difference


@pytest.mark.parametrize(
    ("s1", "n1", "s2", "n2", "low", "high"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),  # example (a)
        (9, 10, 3, 10, 0.1705, 0.8090),  # example (b)
    ],
)
def test_matches_newcombe_1998_table_ii(s1: int, n1: int, s2: int, n2: int, low: float, high: float) -> None:
    result = newcombe_difference(s1, n1, s2, n2)
    assert result.difference == pytest.approx(s1 / n1 - s2 / n2)
    assert result.ci_low == pytest.approx(low, abs=5e-5)
    assert result.ci_high == pytest.approx(high, abs=5e-5)


def test_an_empty_group_gives_no_estimate() -> None:
    result = newcombe_difference(3, 5, 0, 0)
    assert math.isnan(result.difference)
    assert math.isnan(result.ci_low)
    assert math.isnan(result.ci_high)


def test_the_interval_stays_within_minus_one_and_one() -> None:
    result = newcombe_difference(10, 10, 0, 10)
    assert result.difference == 1.0
    assert -1.0 <= result.ci_low < 1.0
    assert result.ci_high == pytest.approx(1.0)
