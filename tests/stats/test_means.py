"""Student's t interval of a mean, against a hand-worked textbook example and scipy."""

import math

import pytest
from scipy import stats

from heartline.stats.means import t_critical, t_interval


def test_t_interval_of_six_values_matches_the_hand_worked_one() -> None:
    # 1, 1, 2, 3, 5, 12: mean 4, s² = 88/5 = 17.6; t(0.975, 5) = 2.571 (any t table):
    # 4 ± 2.571 · √17.6 / √6 = 4 ± 4.403
    low, high = t_interval(4.0, math.sqrt(17.6), 6)

    assert (low, high) == pytest.approx((-0.403, 8.403), abs=1e-3)


@pytest.mark.parametrize(("mean", "sd", "n"), [(200.0, 141.77, 3), (0.75, 0.957, 4), (312.4, 88.0, 1200)])
def test_t_interval_matches_scipy(mean: float, sd: float, n: int) -> None:
    expected = stats.t.interval(0.95, n - 1, loc=mean, scale=sd / math.sqrt(n))

    assert t_interval(mean, sd, n) == pytest.approx(expected)


def test_t_interval_of_one_value_is_undefined() -> None:
    low, high = t_interval(5.0, 0.0, 1)

    assert math.isnan(low)
    assert math.isnan(high)


def test_t_interval_rejects_a_negative_sd() -> None:
    with pytest.raises(ValueError, match="sd >= 0"):
        t_interval(1.0, -1.0, 5)


def test_the_critical_value_is_students_t_for_each_sample_size() -> None:
    # Worked once per (confidence, df) and kept: the same value scipy gives each time.
    assert [t_critical(0.95, df) for df in (1, 9, 29, 9)] == [float(stats.t.ppf(0.975, df)) for df in (1, 9, 29, 9)]
    assert round(t_critical(0.95, 9), 3) == 2.262  # the printed table's t(0.975, 9)
