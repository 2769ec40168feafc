"""How an audit's score is computed, and the interval of a mean score."""

from __future__ import annotations

import math

import pytest

from heartline.quality.intervals import mean_interval
from heartline.quality.scoring import ScoredItem, ScoringError, score


def test_weights_count_and_not_applicable_items_leave_the_denominator() -> None:
    # Earned: greet 1·1 + verify 2·1 + listen 1·(4−1)/4 + own 1·0 = 3.75 of 5 applicable (thank N/A).
    result = score(
        [
            ScoredItem("greet", "yes_no_na", 1, False, 1),
            ScoredItem("verify", "yes_no_na", 2, True, 1),
            ScoredItem("listen", "one_to_five", 1, False, 4),
            ScoredItem("own", "yes_no_na", 1, False, 0),
            ScoredItem("thank", "yes_no_na", 1, False, None),
        ]
    )
    assert (result.score, result.passed_critical) == (75.0, True)


def test_a_failed_critical_item_fails_the_audit() -> None:
    result = score([ScoredItem("greet", "yes_no_na", 1, False, 1), ScoredItem("verify", "yes_no_na", 2, True, 0)])
    assert (result.score, result.passed_critical) == (0.0, False)


def test_a_critical_one_to_five_item_fails_at_two() -> None:
    result = score([ScoredItem("listen", "one_to_five", 1, True, 2), ScoredItem("greet", "yes_no_na", 1, False, 1)])
    assert result.passed_critical is False


def test_a_rating_off_the_scale_is_refused() -> None:
    with pytest.raises(ScoringError, match="rating 6 is not on the one_to_five scale"):
        score([ScoredItem("listen", "one_to_five", 1, False, 6)])


def test_nothing_applicable_cannot_be_scored() -> None:
    with pytest.raises(ScoringError, match="no item applies"):
        score([ScoredItem("greet", "yes_no_na", 1, False, None)])


def test_mean_interval_matches_students_sleep_data() -> None:
    """Student (1908) / Cushny & Peebles: extra hours of sleep, drug 2 minus drug 1, ten patients.
    R's `t.test(extra ~ group, data = sleep, paired = TRUE)` (datasets::sleep documentation) prints
    mean difference 1.58 and 95 percent confidence interval 0.7001142 to 2.4598858."""
    differences = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4]
    low, high = mean_interval(len(differences), sum(differences), sum(d * d for d in differences))
    assert (low, high) == pytest.approx((0.7001142, 2.4598858), abs=1e-6)


def test_mean_interval_of_one_value_is_undefined() -> None:
    assert all(math.isnan(b) for b in mean_interval(1, 80.0, 6400.0))
