"""The difference-in-differences estimator and clustered intervals against published worked examples."""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest

from heartline.stats.did import (
    EstimationError,
    clustered_difference,
    clustered_mean,
    clustered_ols,
    two_way_fixed_effects,
)

# Shipped with the tests (see data/README.md): the check must never skip for want of a wheel's test files.
PETERSEN_DATA = Path(__file__).parent / "data" / "petersen_test_data.txt.gz"
PETERSEN_SHA256 = "04265f681d39ee8cf775fa9d1d289379a2954868fb38b563da93a0af229b65d3"


def test_card_krueger_minimum_wage_two_by_two() -> None:
    """Card & Krueger (1994), AER 84(4), Table 3: mean FTE employment per store, New Jersey
    20.44 → 21.03 (minimum wage raised), Pennsylvania 23.33 → 21.17 (control). The published
    difference-in-differences is 2.76 from unrounded means; from the rounded means it is
    (21.03 − 20.44) − (21.17 − 23.33) = 2.75."""
    fte = [20.44, 21.03, 23.33, 21.17]
    treated = [0, 1, 0, 0]
    state = ["NJ", "NJ", "PA", "PA"]
    period = ["before", "after", "before", "after"]

    result = two_way_fixed_effects(fte, treated, state, period)

    assert result.effect.value == pytest.approx(2.75, abs=1e-9)
    assert result.effect.value == pytest.approx(2.76, abs=0.011)
    assert (result.units, result.periods, result.treated_units, result.switching_units) == (2, 2, 1, 1)


def test_petersen_firm_clustered_standard_errors() -> None:
    """Petersen (2009), "Estimating Standard Errors in Finance Panel Data Sets", RFS 22(1), and his
    published test-data results (500 firms × 10 years): OLS slope 1.0348, intercept 0.0297;
    standard errors clustered by firm 0.0506 (slope) and 0.0670 (intercept). The 95% interval of
    the slope is a t interval on 500 − 1 degrees of freedom (t = 1.9647)."""
    raw = gzip.decompress(PETERSEN_DATA.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == PETERSEN_SHA256
    data = np.loadtxt(io.BytesIO(raw))
    firm, x, y = data[:, 0], data[:, 2], data[:, 3]

    fit = clustered_ols(y, np.column_stack([np.ones_like(x), x]), firm)

    assert data.shape == (5000, 4)
    assert fit.coefficients == pytest.approx([0.0297, 1.0348], abs=5e-5)
    assert fit.std_errors() == pytest.approx([0.0670, 0.0506], abs=5e-5)
    assert fit.clusters == 500
    low, high = fit.interval(1)
    spread = 1.964729 * fit.std_errors()[1]
    assert (low, high) == pytest.approx((fit.coefficients[1] - spread, fit.coefficients[1] + spread), rel=1e-6)


def test_within_estimator_equals_the_regression_with_a_dummy_per_unit() -> None:
    """Frisch–Waugh–Lovell: sweeping out unit means gives the slope of the regression with unit
    dummies (checked against statsmodels' OLS with dummies and its cluster-robust covariance)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(7)
    unit = np.repeat(np.arange(30), 8)
    x = rng.normal(size=unit.size) + unit * 0.1
    y = 2.0 * x + unit * 0.5 + rng.normal(size=unit.size)
    dummies = (unit[:, None] == np.arange(30)[None, :]).astype(float)

    within = clustered_ols(y, x, unit, absorb=unit)
    full = sm.OLS(y, np.column_stack([x, dummies])).fit(cov_type="cluster", cov_kwds={"groups": unit})

    assert within.coefficients[0] == pytest.approx(full.params[0], rel=1e-10)
    # statsmodels counts every dummy in K; Stata-style K counts the absorbed intercept only.
    k_full, k_within = 31, 2
    n = unit.size
    rescale = np.sqrt((n - k_full) / (n - k_within))
    assert within.std_errors()[0] == pytest.approx(full.bse[0] * rescale, rel=1e-8)


def staggered_panel(seed: int, effect: float) -> dict[str, np.ndarray]:
    """Audits of 120 agents in 6 units over 24 months. Units with lower baseline quality are trained
    first (a non-random rollout) and scores drift up over time, so trained-vs-untrained is biased."""
    rng = np.random.default_rng(seed)
    units = 6
    per_unit = 20
    baseline = np.array([62.0, 66.0, 70.0, 74.0, 78.0, 82.0])  # unit 0 is weakest and goes first
    start_month = np.array([4, 7, 10, 13, 16, 99])  # unit 5 is never trained in the window
    agent_unit = np.repeat(np.arange(units), per_unit)
    agent_skill = baseline[agent_unit] + rng.normal(0, 4, agent_unit.size)
    rows_agent, rows_month = [], []
    for agent in range(agent_unit.size):
        for month in range(24):
            count = rng.poisson(2)
            rows_agent += [agent] * count
            rows_month += [month] * count
    agent = np.array(rows_agent)
    month = np.array(rows_month)
    trained = (month >= start_month[agent_unit[agent]]).astype(float)
    score = agent_skill[agent] + 0.4 * month + effect * trained + rng.normal(0, 6, agent.size)
    return {"score": score, "trained": trained, "agent": agent, "month": month}


def test_two_way_fixed_effects_recover_a_planted_effect_that_the_naive_gap_misses() -> None:
    panel = staggered_panel(seed=11, effect=4.0)

    did = two_way_fixed_effects(panel["score"], panel["trained"], panel["agent"], panel["month"])
    naive = clustered_difference(panel["score"], panel["trained"], panel["agent"])

    assert did.effect.covers(4.0)
    assert did.effect.ci_high - did.effect.ci_low < 3.0
    assert not naive.covers(4.0)
    assert did.effect.clusters == 120
    assert did.switching_units == 100


def test_interval_covers_the_planted_effect_in_most_replications() -> None:
    """A 95% interval should cover the truth about 95% of the time: 40 replications, at least 34."""
    covered = 0
    for seed in range(40):
        panel = staggered_panel(seed=100 + seed, effect=4.0)
        did = two_way_fixed_effects(panel["score"], panel["trained"], panel["agent"], panel["month"])
        covered += did.effect.covers(4.0)
    assert covered >= 34


def test_no_agent_seen_before_and_after_training_is_refused() -> None:
    with pytest.raises(EstimationError, match="no contrast"):
        two_way_fixed_effects([70, 71, 80, 82], [0, 0, 1, 1], ["a", "a", "b", "b"], [1, 2, 1, 2])


def test_clustered_mean_of_a_single_agent_has_no_interval() -> None:
    estimate = clustered_mean([80.0, 90.0], ["a", "a"])

    assert estimate is not None
    assert estimate.value == 85.0
    assert np.isnan(estimate.ci_low)
    assert clustered_mean([], []) is None


def test_clustered_mean_matches_the_t_interval_when_each_record_is_its_own_cluster() -> None:
    """With one record per cluster the CR1 interval is the textbook t interval: for 2, 4, 6, 8
    (mean 5, s = 2.582, se = 1.291, t(3) = 3.182) the 95% CI is 5 ± 4.108."""
    estimate = clustered_mean([2.0, 4.0, 6.0, 8.0], ["a", "b", "c", "d"])

    assert estimate is not None
    assert estimate.std_error == pytest.approx(1.2910, abs=1e-4)
    assert (estimate.ci_low, estimate.ci_high) == pytest.approx((0.892, 9.108), abs=1e-3)


def test_two_way_estimate_equals_the_regression_with_agent_and_month_dummies() -> None:
    """The two-way estimator is OLS with a dummy per agent and per month (checked against
    statsmodels), its clustered SE the Stata-style CR1 one, and its interval a t on G − 1 df."""
    import statsmodels.api as sm
    from scipy import stats

    panel = staggered_panel(seed=5, effect=4.0)
    agents, months = np.unique(panel["agent"]).size, np.unique(panel["month"]).size
    agent_dummies = (panel["agent"][:, None] == np.unique(panel["agent"])[None, :]).astype(float)
    month_dummies = (panel["month"][:, None] == np.unique(panel["month"])[None, 1:]).astype(float)
    design = np.column_stack([panel["trained"], agent_dummies, month_dummies])

    did = two_way_fixed_effects(panel["score"], panel["trained"], panel["agent"], panel["month"])
    full = sm.OLS(panel["score"], design).fit(cov_type="cluster", cov_kwds={"groups": panel["agent"]})

    n = panel["score"].size
    k_full, k_within = 1 + agents + months - 1, 1 + (months - 1) + 1
    assert did.effect.value == pytest.approx(full.params[0], rel=1e-9)
    assert did.effect.std_error == pytest.approx(full.bse[0] * np.sqrt((n - k_full) / (n - k_within)), rel=1e-8)
    t = stats.t.ppf(0.975, agents - 1)
    assert (did.effect.ci_low, did.effect.ci_high) == pytest.approx(
        (did.effect.value - t * did.effect.std_error, did.effect.value + t * did.effect.std_error), rel=1e-9
    )
    assert (did.units, did.periods) == (agents, months)
