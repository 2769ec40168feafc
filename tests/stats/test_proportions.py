"""Wilson score intervals against Newcombe (1998), Stat Med 17:857-872, Table I, method 3."""

import math

import pytest

from heartline.stats.proportions import wilson_interval


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_table(successes: int, trials: int, low: float, high: float) -> None:
    assert wilson_interval(successes, trials) == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_without_trials_is_undefined() -> None:
    low, high = wilson_interval(0, 0)
    assert math.isnan(low)
    assert math.isnan(high)


def test_wilson_interval_rejects_more_successes_than_trials() -> None:
    with pytest.raises(ValueError, match="0 <= successes <= trials"):
        wilson_interval(5, 3)


def test_a_share_carries_its_wilson_interval_and_says_its_n() -> None:
    from heartline.stats.proportions import Share

    share = Share.of(81, 263)  # Newcombe 1998, table I: 81/263, Wilson 0.2553 to 0.3662

    assert (round(share.ci_low, 4), round(share.ci_high, 4)) == (0.2553, 0.3662)
    assert share.label == "31% (26%–37%), 81 of 263"
    assert Share.of(0, 0).label == "no data (n = 0)"
