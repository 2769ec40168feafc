"""The Callaway–Sant'Anna estimator against csdid (the Python port of the authors' R `did` package).

The panel is the one the program-impact page must get right: 60 agents over 12 months, a first wave
trained in month 3, a second in month 8, a third never trained, and an effect that differs by wave and
grows with each month since training. Two-way fixed effects is biased there; Callaway–Sant'Anna is not.
csdid runs with the outcome-regression estimator and analytic standard errors, which for a balanced
panel without covariates is the same estimator as ours: every number must agree to rounding.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from heartline.stats.did import EstimationError, two_way_fixed_effects
from heartline.stats.staggered import StaggeredResult, callaway_santanna

UNITS, PERIODS = 60, 12
WAVES = (3, 8)


def effect(cohort: int, period: int) -> float:
    """The planted effect: zero before the start, then growing with exposure, faster for the first wave."""
    exposure = period - cohort
    if cohort == 0 or exposure < 0:
        return 0.0
    return (1.5 if cohort == WAVES[0] else 1.0) + 0.6 * exposure


def staggered_panel(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cohort = np.repeat([WAVES[0], WAVES[1], 0], UNITS // 3)
    agent_level = rng.normal(0, 2, UNITS)
    month_level = rng.normal(0, 1, PERIODS + 1)
    rows = [
        (unit, period, cohort[unit], 70 + agent_level[unit] + month_level[period] + effect(cohort[unit], period))
        for unit in range(UNITS)
        for period in range(1, PERIODS + 1)
    ]
    frame = pd.DataFrame(rows, columns=["agent", "month", "first", "score"])
    frame["score"] += rng.normal(0, 1, len(frame))
    return frame


def true_overall_att() -> float:
    """The group-size weighted mean of the planted post-treatment effects (equal-sized waves)."""
    cells = [effect(g, t) for g in WAVES for t in range(g, PERIODS + 1)]
    return float(np.mean(cells))


def ours(frame: pd.DataFrame, control: str = "not_yet_treated") -> StaggeredResult:
    return callaway_santanna(
        frame["score"],
        frame["agent"],
        frame["month"],
        frame["first"].replace(0, np.nan),
        control=control,  # type: ignore[arg-type]
    )


def csdid(frame: pd.DataFrame, control: str, aggregation: str | None) -> dict[str, Any]:
    from csdid.att_gt import ATTgt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ATTgt(
            yname="score", gname="first", idname="agent", tname="month", data=frame, control_group=[control]
        ).fit(est_method="reg", bstrap=False)
        if aggregation is None:
            cells = fit.results
            return {"group": cells["group"], "t": cells["year"], "att": cells["att"], "se": cells["se"]}
        fit.aggte(typec=aggregation, bstrap=False)
        return dict(fit.atte)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return staggered_panel(seed=11)


def test_group_time_effects_match_csdid(panel: pd.DataFrame) -> None:
    reference = csdid(panel, "notyettreated", None)

    found = {(c.cohort, c.period): c.estimate for c in ours(panel).group_time}

    expected = {
        (float(g), float(t)): (att, se)
        for g, t, att, se in zip(reference["group"], reference["t"], reference["att"], reference["se"], strict=True)
    }
    assert set(found) == set(expected)
    for key, (att, se) in expected.items():
        assert found[key].value == pytest.approx(att, abs=1e-9)
        assert found[key].std_error == pytest.approx(se, abs=1e-9)


def test_overall_att_and_its_standard_error_match_csdid_simple_aggregation(panel: pd.DataFrame) -> None:
    reference = csdid(panel, "notyettreated", "simple")

    overall = ours(panel).overall

    assert overall.value == pytest.approx(reference["overall_att"], abs=1e-9)
    assert overall.std_error == pytest.approx(reference["overall_se"], abs=1e-9)


def test_event_study_by_exposure_matches_csdid_dynamic_aggregation(panel: pd.DataFrame) -> None:
    reference = csdid(panel, "notyettreated", "dynamic")

    study = ours(panel).event_study

    assert [e.exposure for e in study] == [float(e) for e in reference["egt"]]
    assert [e.estimate.value for e in study] == pytest.approx(list(reference["att_egt"]), abs=1e-9)
    assert [e.estimate.std_error for e in study] == pytest.approx(list(reference["se_egt"]), abs=1e-9)


def test_never_treated_comparison_matches_csdid(panel: pd.DataFrame) -> None:
    reference = csdid(panel, "nevertreated", "simple")

    overall = ours(panel, "never_treated").overall

    assert overall.value == pytest.approx(reference["overall_att"], abs=1e-9)
    assert overall.std_error == pytest.approx(reference["overall_se"], abs=1e-9)


def test_interval_covers_the_true_effect_where_two_way_fixed_effects_misses_it(panel: pd.DataFrame) -> None:
    truth = true_overall_att()
    trained = (panel["first"] > 0) & (panel["month"] >= panel["first"])

    robust = ours(panel).overall
    two_way = two_way_fixed_effects(panel["score"], trained, panel["agent"], panel["month"]).effect

    assert robust.covers(truth)
    assert not two_way.covers(truth)
    assert two_way.ci_high < truth


def test_several_records_in_a_month_count_as_their_mean(panel: pd.DataFrame) -> None:
    doubled = pd.concat([panel.assign(score=panel["score"] - 1.0), panel.assign(score=panel["score"] + 1.0)])

    assert ours(doubled).overall.value == pytest.approx(ours(panel).overall.value, abs=1e-9)


def test_estimate_says_how_many_records_and_agents_it_rests_on(panel: pd.DataFrame) -> None:
    result = ours(panel)

    assert (result.overall.n, result.overall.clusters) == (UNITS * (PERIODS - 1), UNITS)
    assert (result.units, result.periods, result.cohorts, result.treated_units) == (60, 12, 2, 40)


def test_agents_trained_before_the_first_month_are_left_out(panel: pd.DataFrame) -> None:
    trained_from_the_start = panel[panel["agent"] == 0].assign(agent=999, first=1)

    result = ours(pd.concat([panel, trained_from_the_start]))

    assert result.always_treated_units == 1
    assert result.overall.value == pytest.approx(ours(panel).overall.value, abs=1e-9)


def test_a_unit_with_two_start_months_is_refused() -> None:
    with pytest.raises(EstimationError, match="same first treated period"):
        callaway_santanna([1.0, 2.0], ["a", "a"], [1, 2], [2, 3])


def test_no_comparison_unit_is_refused() -> None:
    with pytest.raises(EstimationError, match="no cohort can be compared"):
        callaway_santanna([1.0, 2.0, 1.0, 3.0], ["a", "a", "b", "b"], [1, 2, 1, 2], [2, 2, 2, 2])
