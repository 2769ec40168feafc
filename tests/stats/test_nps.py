"""NPS, CSAT top-box and CAHPS scores against a published rule and hand-worked examples.

Published:
- Engelhardt, A. (2016). "Net Promoter Score confidence intervals 2: maths and stats", CYBAEA
  (cybaea.net, republished on R-bloggers): Var(NPS) = 100²·(p(1−p) + d(1−d) + 2pd)/n — the same as
  100²·(p + d − (p − d)²)/n — and, for p = d = 1/3, a 95% interval about 320/√n wide.
- Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion. Stat Med
  17:857–872, Table I, method 3 (Wilson): 81/263 → 0.2553–0.3662 and 15/148 → 0.0624–0.1605; used
  here through the top-box shares, which carry Wilson intervals.
- Rocks, B. (2016). Interval estimation for the 'net promoter score'. The American Statistician
  70(4):365–372: the adjusted Wald interval (three pseudo-responses, ¾ promoter, ¾ detractor), whose
  coverage is simulated here at n = 30.
Everything else is worked by hand in the comments, with z = 1.959964 (the 97.5% normal quantile).
"""

import math

import numpy as np
import pytest

from heartline.stats.nps import (
    cahps_linear_mean,
    cahps_top_box,
    csat_top_box,
    net_promoter_score,
    nps_change,
    nps_from_counts,
)

Z = 1.959963984540054


def test_nps_interval_width_approaches_the_cybaea_rule_for_equal_thirds_at_large_n() -> None:
    # Three pseudo-responses barely move 30,000 responses: the width tends to the multinomial rule.
    result = nps_from_counts(promoters=10_000, passives=10_000, detractors=10_000)
    width = result.ci_high - result.ci_low
    assert width * math.sqrt(result.n) == pytest.approx(320, rel=1e-3)


def test_nps_from_ratings_worked_by_hand() -> None:
    # Promoters 10, 10, 9, 9, 9 (5); passives 8, 7, 7 (3); detractors 6, 3 (2); n = 10; NPS = 30.
    # Adjusted Wald (Rocks 2016): ñ = 13, p̃ = 5.75/13 = 0.4423077, d̃ = 2.75/13 = 0.2115385,
    # centre = 100·(p̃ − d̃) = 23.07692; Var = (p̃ + d̃ − (p̃ − d̃)²)/ñ = (0.6538462 − 0.0532544)/13 =
    # 0.04619936; margin = 1.959964·100·√0.04619936 = 42.12754, so −19.05062 to 65.20446.
    result = net_promoter_score([10, 10, 9, 9, 9, 8, 7, 7, 6, 3])
    assert (result.n, result.promoters, result.passives, result.detractors) == (10, 5, 3, 2)
    assert result.nps == pytest.approx(30.0, abs=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx((-19.05062, 65.20446), abs=1e-5)


def test_nps_interval_is_clipped_at_one_hundred() -> None:
    # 19 promoters, 1 detractor: ñ = 23, p̃ = 19.75/23, d̃ = 1.75/23, centre 78.26087; Var =
    # (0.9347826 − 0.7826087²)/23 = 0.01401332; margin = 1.959964·100·√0.01401332 = 23.20163, so the
    # upper end 101.46 is clipped to 100 and the lower end is 55.05924.
    result = nps_from_counts(promoters=19, passives=0, detractors=1)
    assert (result.ci_low, result.ci_high) == pytest.approx((55.05924, 100.0), abs=1e-5)


def test_an_all_promoter_group_still_has_an_interval_below_one_hundred() -> None:
    # 30 promoters: ñ = 33, p̃ = 30.75/33, d̃ = 0.75/33, centre 90.90909; margin 12.21137 → 78.69772.
    result = nps_from_counts(promoters=30, passives=0, detractors=0)
    assert result.nps == 100.0
    assert (result.ci_low, result.ci_high) == pytest.approx((78.69772, 100.0), abs=1e-5)


# Promoter / passive / detractor shares: the two mixes, then a spread from all-but-one
# promoters to mostly detractors.
SHARE_MIXES = [
    (0.90, 0.08, 0.02),
    (0.70, 0.20, 0.10),
    (0.98, 0.01, 0.01),
    (0.95, 0.04, 0.01),
    (0.50, 0.30, 0.20),
    (1 / 3, 1 / 3, 1 / 3),
    (0.45, 0.10, 0.45),
    (0.20, 0.20, 0.60),
    (0.05, 0.15, 0.80),
]


@pytest.mark.parametrize("shares", SHARE_MIXES)
def test_nps_interval_covers_the_true_score_at_least_93_percent_of_the_time_at_n_30(
    shares: tuple[float, float, float],
) -> None:
    # 20,000 samples of 30 responses (seeded); the coverage's own simulation error is ≤ 0.2 points.
    samples = np.random.default_rng(2016).multinomial(30, shares, size=20_000)
    outcomes, times = np.unique(samples, axis=0, return_counts=True)
    truth = 100 * (shares[0] - shares[2])
    covered = [nps_from_counts(int(p), int(a), int(d)) for p, a, d in outcomes]
    hits = sum(int(k) for r, k in zip(covered, times, strict=True) if r.ci_low <= truth <= r.ci_high)
    assert hits / samples.shape[0] >= 0.93


def test_nps_group_boundaries() -> None:
    result = net_promoter_score([0, 6, 7, 8, 9, 10])
    assert (result.detractors, result.passives, result.promoters) == (2, 2, 2)


@pytest.mark.parametrize("rating", [11, -1, 7.5, float("nan"), "eight", True])
def test_nps_rejects_a_rating_outside_zero_to_ten(rating: object) -> None:
    with pytest.raises(ValueError, match=r"at position 1 is not a whole number from 0 to 10"):
        net_promoter_score([9, rating])  # type: ignore[list-item]


def test_nps_accepts_whole_number_floats() -> None:
    assert net_promoter_score([9.0, 10.0, 0.0]).nps == pytest.approx(100 / 3, abs=1e-12)


def test_nps_without_responses_is_undefined() -> None:
    result = net_promoter_score([])
    assert result.n == 0
    assert math.isnan(result.nps)


def test_nps_change_worked_by_hand() -> None:
    # Earlier: 80/60/60 of 200 → NPS 10, Var = 100²·(0.7 − 0.1²)/200 = 34.5.
    # Later: 125/75/50 of 250 → NPS 30, Var = 100²·(0.7 − 0.3²)/250 = 24.4.
    # SE = √58.9 = 7.674634; z = 20/7.674634 = 2.605988; two-sided p = 0.0091610 (scipy norm.sf·2);
    # margin = 1.959964·7.674634 = 15.042005.
    change = nps_change(nps_from_counts(80, 60, 60), nps_from_counts(125, 75, 50))
    assert change.change == pytest.approx(20.0, abs=1e-12)
    assert change.z == pytest.approx(2.605988, abs=1e-6)
    assert change.p_value == pytest.approx(0.0091610, abs=1e-7)
    assert (change.ci_low, change.ci_high) == pytest.approx((4.957995, 35.042005), abs=1e-6)


def test_nps_change_is_untestable_when_both_samples_are_all_promoters() -> None:
    change = nps_change(nps_from_counts(10, 0, 0), nps_from_counts(20, 0, 0))
    assert change.change == 0.0
    assert math.isnan(change.p_value)


def test_csat_top_box_carries_newcombe_wilson_interval() -> None:
    ratings = [5] * 50 + [4] * 31 + [3] * 100 + [2] * 50 + [1] * 32  # 81 top-box of 263
    result = csat_top_box(ratings)
    assert (result.top_box, result.n) == (81, 263)
    assert result.share == pytest.approx(81 / 263, abs=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.2553, 0.3662), abs=5e-5)


def test_csat_rejects_a_zero() -> None:
    with pytest.raises(ValueError, match=r"rating 0 at position 2 is not a whole number from 1 to 5"):
        csat_top_box([5, 4, 0])


def test_cahps_frequency_top_box_is_the_always_share() -> None:
    responses = ["Always"] * 15 + ["Usually"] * 70 + ["sometimes"] * 40 + [" NEVER "] * 23  # 15 of 148
    result = cahps_top_box(responses, "frequency")
    assert (result.top_box, result.n) == (15, 148)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.0624, 0.1605), abs=5e-5)


def test_cahps_yes_no_top_box_is_the_yes_share() -> None:
    result = cahps_top_box(["Yes", "yes ", "No"], "yes_no")
    assert (result.top_box, result.n) == (2, 3)


def test_cahps_rating_top_box_is_nine_and_ten() -> None:
    result = cahps_top_box([10, 9, 8, 0], "rating")
    assert (result.top_box, result.n) == (2, 4)


def test_cahps_linear_mean_for_the_frequency_scale_worked_by_hand() -> None:
    # Scores 0, 33⅓, 66⅔, 100: mean 50. Deviations 50, 50/3, 50/3, 50 → squares sum to 50000/9;
    # s² = 50000/27, s = 43.033148; margin = 1.959964·43.033148/2 = 42.171710.
    result = cahps_linear_mean(["Never", "Sometimes", "Usually", "Always"], "frequency")
    assert result.mean == pytest.approx(50.0, abs=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx((7.828290, 92.171710), abs=1e-6)


def test_cahps_linear_mean_for_a_rating_is_ten_times_the_rating() -> None:
    # 10, 9, 8, 0 → 100, 90, 80, 0 → mean 67.5.
    assert cahps_linear_mean([10, 9, 8, 0], "rating").mean == pytest.approx(67.5, abs=1e-12)


def test_cahps_linear_mean_for_yes_no() -> None:
    assert cahps_linear_mean(["Yes", "No", "Yes", "Yes"], "yes_no").mean == pytest.approx(75.0, abs=1e-12)


def test_cahps_rejects_a_word_the_scale_does_not_have() -> None:
    with pytest.raises(ValueError, match=r"response 'Often' at position 1 is not one of Never, Sometimes"):
        cahps_top_box(["Always", "Often"], "frequency")


def test_cahps_linear_mean_of_one_response_has_no_interval() -> None:
    result = cahps_linear_mean(["Always"], "frequency")
    assert (result.mean, result.n) == (100.0, 1)
    assert math.isnan(result.ci_low)
