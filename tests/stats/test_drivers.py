"""Key-driver weights against published examples and the properties both methods promise.

Published examples:
- Azen, R. & Budescu, D. V. (2003). The dominance analysis approach for comparing predictors in multiple
  regression. Psychological Methods 8(2):129–148. Their four-predictor correlation matrix and its
  average contribution by model size (k = 0..3): x1 .360/.300/.263/.246, x2 .090/.074/.069/.071,
  x3 .160/.095/.063/.061, x4 .250/.152/.073/.010 (as transcribed in the R package dominanceAnalysis,
  tests/testthat/test-daAzenBudescu2003.R). General dominance — the LMG weight — is the mean of the
  four levels; rounding each level to three decimals bounds the error of that mean by 0.0005.
- The R package rwa (Martin Chan; README, "Basic example"): `rwa(mtcars, outcome = "mpg",
  predictors = c("cyl", "disp", "hp", "gear"))` gives R² 0.7791896, raw weights 0.2284797, 0.2221469,
  0.2321744, 0.0963886 and rescaled weights 29.32274, 28.50999, 29.79691, 12.37037.
- The R package domir (Luchman), general dominance of `mpg ~ am + cyl + carb` on mtcars with R²:
  overall 0.8113023; am 0.2156848, cyl 0.4173094, carb 0.1783081 (the values a Julia dominance-analysis
  package's test suite checks itself against, "obtained from domir.R").
Hand-derived: with uncorrelated drivers both methods give each driver its squared correlation; with two
drivers LMG has the closed form LMG_1 = (r_1² + R² − r_2²)/2, and Johnson's weights coincide with it.
"""

import numpy as np
import pytest

from heartline.stats.drivers import (
    lmg,
    lmg_from_correlations,
    relative_weights,
    relative_weights_from_correlations,
)

# R datasets::mtcars (Motor Trend, 1974): mpg, cyl, disp, hp, am, gear, carb for the 32 cars in R's order.
MTCARS = np.array(
    [
        [21.0, 6, 160.0, 110, 1, 4, 4],
        [21.0, 6, 160.0, 110, 1, 4, 4],
        [22.8, 4, 108.0, 93, 1, 4, 1],
        [21.4, 6, 258.0, 110, 0, 3, 1],
        [18.7, 8, 360.0, 175, 0, 3, 2],
        [18.1, 6, 225.0, 105, 0, 3, 1],
        [14.3, 8, 360.0, 245, 0, 3, 4],
        [24.4, 4, 146.7, 62, 0, 4, 2],
        [22.8, 4, 140.8, 95, 0, 4, 2],
        [19.2, 6, 167.6, 123, 0, 4, 4],
        [17.8, 6, 167.6, 123, 0, 4, 4],
        [16.4, 8, 275.8, 180, 0, 3, 3],
        [17.3, 8, 275.8, 180, 0, 3, 3],
        [15.2, 8, 275.8, 180, 0, 3, 3],
        [10.4, 8, 472.0, 205, 0, 3, 4],
        [10.4, 8, 460.0, 215, 0, 3, 4],
        [14.7, 8, 440.0, 230, 0, 3, 4],
        [32.4, 4, 78.7, 66, 1, 4, 1],
        [30.4, 4, 75.7, 52, 1, 4, 2],
        [33.9, 4, 71.1, 65, 1, 4, 1],
        [21.5, 4, 120.1, 97, 0, 3, 1],
        [15.5, 8, 318.0, 150, 0, 3, 2],
        [15.2, 8, 304.0, 150, 0, 3, 2],
        [13.3, 8, 350.0, 245, 0, 3, 4],
        [19.2, 8, 400.0, 175, 0, 3, 2],
        [27.3, 4, 79.0, 66, 1, 4, 1],
        [26.0, 4, 120.3, 91, 1, 5, 2],
        [30.4, 4, 95.1, 113, 1, 5, 2],
        [15.8, 8, 351.0, 264, 1, 5, 4],
        [19.7, 6, 145.0, 175, 1, 5, 6],
        [15.0, 8, 301.0, 335, 1, 5, 8],
        [21.4, 4, 121.0, 109, 1, 4, 2],
    ]
)
COLUMNS = {"mpg": 0, "cyl": 1, "disp": 2, "hp": 3, "am": 4, "gear": 5, "carb": 6}


def mtcars(*names: str) -> np.ndarray:
    return MTCARS[:, [COLUMNS[name] for name in names]]


AZEN_BUDESCU_R_XX = [
    [1.0, 0.8, 0.1, 0.3],
    [0.8, 1.0, 0.1, 0.1],
    [0.1, 0.1, 1.0, 0.5],
    [0.3, 0.1, 0.5, 1.0],
]
AZEN_BUDESCU_R_XY = [0.6, 0.3, 0.4, 0.5]


def test_relative_weights_match_rwa_package_on_mtcars() -> None:
    names = ["cyl", "disp", "hp", "gear"]
    result = relative_weights(mtcars(*names), MTCARS[:, 0], names, draws=0)
    assert result.r2 == pytest.approx(0.7791896, abs=5e-8)
    assert [driver.weight for driver in result.drivers] == pytest.approx(
        [0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=5e-8
    )
    assert [driver.share for driver in result.drivers] == pytest.approx(
        [29.32274, 28.50999, 29.79691, 12.37037], abs=5e-6
    )


def test_relative_weights_from_correlations_match_rwa_package_on_mtcars() -> None:
    correlations = np.corrcoef(mtcars("cyl", "disp", "hp", "gear", "mpg"), rowvar=False)
    result = relative_weights_from_correlations(correlations[:4, :4], correlations[:4, 4], n=32)
    assert [driver.weight for driver in result.drivers] == pytest.approx(
        [0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=5e-8
    )


def test_lmg_matches_domir_general_dominance_on_mtcars() -> None:
    names = ["am", "cyl", "carb"]
    result = lmg(mtcars(*names), MTCARS[:, 0], names, draws=0)
    assert result.r2 == pytest.approx(0.8113023, abs=5e-8)
    assert [driver.weight for driver in result.drivers] == pytest.approx([0.2156848, 0.4173094, 0.1783081], abs=5e-8)


def test_lmg_matches_azen_budescu_2003_general_dominance() -> None:
    # Means of the published levels: x1 (.360+.300+.263+.246)/4 = .29225, x2 .304/4 = .0760,
    # x3 .379/4 = .09475, x4 .485/4 = .12125.
    result = lmg_from_correlations(AZEN_BUDESCU_R_XX, AZEN_BUDESCU_R_XY)
    assert [driver.weight for driver in result.drivers] == pytest.approx([0.29225, 0.0760, 0.09475, 0.12125], abs=5e-4)


@pytest.mark.parametrize("decompose", [relative_weights_from_correlations, lmg_from_correlations])
def test_weights_sum_to_r2(decompose: object) -> None:
    result = decompose(AZEN_BUDESCU_R_XX, AZEN_BUDESCU_R_XY)  # type: ignore[operator]
    # R² = r_xyᵀ R_xx⁻¹ r_xy, solved independently here.
    r2 = float(np.array(AZEN_BUDESCU_R_XY) @ np.linalg.solve(AZEN_BUDESCU_R_XX, AZEN_BUDESCU_R_XY))
    assert result.r2 == pytest.approx(r2, abs=1e-12)
    assert sum(driver.weight for driver in result.drivers) == pytest.approx(r2, abs=1e-12)
    assert sum(driver.share for driver in result.drivers) == pytest.approx(100.0, abs=1e-9)


@pytest.mark.parametrize("decompose", [relative_weights_from_correlations, lmg_from_correlations])
def test_uncorrelated_drivers_get_their_squared_correlations(decompose: object) -> None:
    # R_xx = I: R² = 0.5² + 0.3² + 0.2² = 0.38, and each driver's part is its own r².
    result = decompose(np.eye(3), [0.5, 0.3, 0.2], ["ease", "resolution", "courtesy"])  # type: ignore[operator]
    assert result.r2 == pytest.approx(0.38, abs=1e-12)
    assert [driver.weight for driver in result.drivers] == pytest.approx([0.25, 0.09, 0.04], abs=1e-12)
    assert [driver.name for driver in result.drivers] == ["ease", "resolution", "courtesy"]


@pytest.mark.parametrize("decompose", [relative_weights_from_correlations, lmg_from_correlations])
def test_two_drivers_follow_the_lmg_closed_form(decompose: object) -> None:
    # r_1 = .6, r_2 = .4, r_12 = .5: R² = (.36 + .16 − 2·.6·.4·.5)/(1 − .25) = .28/.75 = .373333.
    # LMG_1 = (.36 + .373333 − .16)/2 = .286667; LMG_2 = (.16 + .373333 − .36)/2 = .086667.
    result = decompose([[1.0, 0.5], [0.5, 1.0]], [0.6, 0.4])  # type: ignore[operator]
    assert result.r2 == pytest.approx(0.28 / 0.75, abs=1e-12)
    assert [driver.weight for driver in result.drivers] == pytest.approx(
        [(0.36 + 0.28 / 0.75 - 0.16) / 2, (0.16 + 0.28 / 0.75 - 0.36) / 2], abs=1e-12
    )


def test_lmg_refuses_more_than_twelve_drivers() -> None:
    with pytest.raises(ValueError, match="at most 12 drivers, got 13"):
        lmg_from_correlations(np.eye(13), np.full(13, 0.1))


def test_lmg_from_data_refuses_more_than_twelve_drivers() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="at most 12 drivers, got 13"):
        lmg(rng.normal(size=(100, 13)), rng.normal(size=100), [f"item {j}" for j in range(13)])


def test_relative_weights_take_more_than_twelve_drivers() -> None:
    result = relative_weights_from_correlations(np.eye(13), np.full(13, 0.1))
    assert result.r2 == pytest.approx(0.13, abs=1e-12)


def test_bootstrap_intervals_are_reproducible_with_a_seed() -> None:
    names = ["cyl", "disp", "hp", "gear"]
    first = relative_weights(mtcars(*names), MTCARS[:, 0], names, seed=11)
    second = relative_weights(mtcars(*names), MTCARS[:, 0], names, seed=11)
    assert first == second


@pytest.mark.parametrize("decompose", [relative_weights, lmg])
def test_bootstrap_intervals_bracket_the_weights(decompose: object) -> None:
    names = ["am", "cyl", "carb"]
    result = decompose(mtcars(*names), MTCARS[:, 0], names, seed=5)  # type: ignore[operator]
    assert all(driver.ci_low < driver.weight < driver.ci_high for driver in result.drivers)
    assert result.n == 32


@pytest.mark.parametrize("decompose", [relative_weights, lmg])
def test_drawing_answer_patterns_gives_the_intervals_of_drawing_respondents(
    decompose: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3,000 respondents on 1-5 scales: at most 625 answer patterns, so the bootstrap draws patterns.
    rng = np.random.default_rng(3)
    drivers = rng.integers(1, 6, size=(3_000, 3)).astype(float)
    outcome = np.clip(np.rint(drivers @ [0.5, 0.3, 0.1] + rng.normal(0, 1, 3_000)), 1, 5)
    names = ["courtesy", "knowledge", "wait"]
    by_pattern = decompose(drivers, outcome, names, seed=8)  # type: ignore[operator]
    monkeypatch.setattr("heartline.stats.drivers._PATTERNS_SHARE_COLLAPSED", 0.0)
    by_respondent = decompose(drivers, outcome, names, seed=8)  # type: ignore[operator]

    assert [d.weight for d in by_pattern.drivers] == [d.weight for d in by_respondent.drivers]
    assert by_pattern.drivers != by_respondent.drivers  # two different sets of random draws...
    for mine, theirs in zip(by_pattern.drivers, by_respondent.drivers, strict=True):
        # ...whose interval ends agree to Monte Carlo error (1,000 draws; intervals ~0.05 wide).
        assert (mine.ci_low, mine.ci_high) == pytest.approx((theirs.ci_low, theirs.ci_high), abs=0.006)
        assert mine.ci_low < mine.weight < mine.ci_high


def test_no_draws_means_no_intervals() -> None:
    result = lmg(mtcars("am", "cyl"), MTCARS[:, 0], ["am", "cyl"], draws=0)
    assert np.isnan([[driver.ci_low, driver.ci_high] for driver in result.drivers]).all()


def test_collinear_drivers_are_refused() -> None:
    cyl = mtcars("cyl")[:, 0]
    with pytest.raises(ValueError, match="perfectly collinear"):
        relative_weights(np.column_stack([cyl, 2 * cyl]), MTCARS[:, 0], ["cyl", "cyl doubled"])


def test_a_constant_driver_is_refused() -> None:
    with pytest.raises(ValueError, match="these drivers do not vary: always"):
        lmg(np.column_stack([mtcars("cyl")[:, 0], np.ones(32)]), MTCARS[:, 0], ["cyl", "always"])


def test_names_must_match_drivers() -> None:
    with pytest.raises(ValueError, match="got 1 names for 2 drivers"):
        relative_weights(mtcars("cyl", "hp"), MTCARS[:, 0], ["cyl"])


def test_an_invalid_correlation_matrix_is_refused() -> None:
    with pytest.raises(ValueError, match="symmetric with ones on the diagonal"):
        relative_weights_from_correlations([[1.0, 0.5], [0.4, 1.0]], [0.3, 0.2])
