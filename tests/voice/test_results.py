"""Unit results as staff read them: their unit's NPS with its interval and n beside the division's,
groups under the minimum n greyed and unranked, and only units the person may see."""

from __future__ import annotations

import pytest

from heartline.core.scoping import caller_for
from heartline.voice.analytics import UnitNotVisibleError, unit_results
from heartline.voice.scoring import nps_total


@pytest.mark.usefixtures("survey_responses")
def test_agent_reads_their_units_nps_beside_the_division(personas) -> None:
    results = unit_results(caller_for(personas.agent.user), "commercial", with_themes=False)
    unit, division = results["nps"], results["division_nps"]
    assert unit["n"] == 200
    assert division["n"] == 220
    assert unit["ci_low"] < unit["nps"] < unit["ci_high"]
    assert unit["promoters"] + unit["passives"] + unit["detractors"] == 200


@pytest.mark.usefixtures("survey_responses")
def test_a_unit_under_the_minimum_n_is_greyed_and_not_ranked(personas) -> None:
    results = unit_results(caller_for(personas.executive.user), "commercial", with_themes=False)
    ranked = {row["unit"]: row for row in results["units_ranked"]}
    assert ranked["medicare"]["below_minimum"] is True
    assert ranked["medicare"]["rank"] is None
    assert ranked["medicare"]["n"] == 20
    assert ranked["commercial"]["rank"] == 1


@pytest.mark.usefixtures("survey_responses")
def test_an_agent_may_not_read_another_units_results(personas) -> None:
    with pytest.raises(UnitNotVisibleError):
        unit_results(caller_for(personas.agent.user), "medicare")


@pytest.mark.usefixtures("survey_responses")
def test_drivers_find_what_the_scores_were_built_from(personas) -> None:
    results = unit_results(caller_for(personas.agent.user), "commercial", with_themes=False)
    drivers = results["drivers"]["drivers"]
    assert [d["name"] for d in drivers[:2]] == ["resolved", "courtesy"]
    assert all(d["ci_low"] <= d["weight"] <= d["ci_high"] for d in drivers)


def test_nps_total_adds_counts_exactly() -> None:
    rows = [{"promoters": 3, "passives": 1, "detractors": 1}, {"promoters": 0, "passives": 2, "detractors": 3}]
    assert nps_total(rows).nps == pytest.approx(100 * (3 - 4) / 10)
