"""Erlang C against pyworkforce and published worked examples; Erlang A against its limits and exact cases."""

import itertools
import math

import numpy as np
import pytest
from pyworkforce.queuing import ErlangC
from scipy import stats

from heartline.stats import erlang
from heartline.stats.erlang import (
    ErlangInputError,
    erlang_b,
    erlang_c,
    erlang_c_figures,
    offered_load,
    queue_figures,
    required_agents,
)


def test_pyworkforce_readme_example() -> None:
    # pyworkforce 0.5.1 README and queuing/tests/test_erlang.py; the same example as Call Centre Helper's
    # "Erlang C Formula – Made Simple With an Easy Worked Example" (100 calls per 30 min, AHT 180 s,
    # 80% within 20 s, 85% maximum occupancy, 30% shrinkage → 14 agents on the phones, 20 scheduled).
    plan = required_agents(100, 180, 1800, service_level=0.8, answer_within=20, max_occupancy=0.85, shrinkage=0.3)

    assert (int(plan.raw_agents[0]), int(plan.agents[0])) == (14, 20)
    assert plan.figures.service_level[0] == pytest.approx(0.8883500191794669, rel=1e-12)
    assert plan.figures.occupancy[0] == pytest.approx(0.7142857142857143, rel=1e-12)
    assert plan.figures.wait_probability[0] == pytest.approx(0.1741319335950498, rel=1e-12)


def test_pyworkforce_over_occupancy_example() -> None:
    # pyworkforce test_over_occupancy_erlangc: a 70% occupancy cap raises 14 to ceil(10 / 0.7) = 15 → 22
    plan = required_agents(100, 180, 1800, service_level=0.8, answer_within=19.8, max_occupancy=0.7, shrinkage=0.3)

    assert (int(plan.raw_agents[0]), int(plan.agents[0])) == (15, 22)
    assert round(float(plan.figures.service_level[0]), 3) == 0.941
    assert round(float(plan.figures.occupancy[0]), 3) == 0.667
    assert round(float(plan.figures.wait_probability[0]), 3) == 0.102


GRID = list(
    itertools.product(
        [1, 5, 20, 60, 100, 250, 800], [2, 3, 5, 7.5], [1 / 6, 1 / 3, 1, 2], [0.8, 0.9, 0.95], [0.85, 1.0]
    )
)


@pytest.mark.parametrize(("calls", "aht_minutes", "within_minutes", "target", "max_occupancy"), GRID)
def test_erlang_c_staffing_equals_pyworkforce_on_a_grid(
    calls: int, aht_minutes: float, within_minutes: float, target: float, max_occupancy: float
) -> None:
    peer = ErlangC(transactions=calls, aht=aht_minutes, asa=within_minutes, interval=30, shrinkage=0.3)
    expected = peer.required_positions(service_level=target, max_occupancy=max_occupancy)

    plan = required_agents(
        calls,
        aht_minutes * 60,
        1800,
        service_level=target,
        answer_within=within_minutes * 60,
        max_occupancy=max_occupancy,
        shrinkage=0.3,
    )

    assert (int(plan.raw_agents[0]), int(plan.agents[0])) == (expected["raw_positions"], expected["positions"])
    assert plan.figures.service_level[0] == pytest.approx(expected["service_level"], rel=1e-9)
    assert plan.figures.wait_probability[0] == pytest.approx(expected["waiting_probability"], rel=1e-9)
    assert plan.figures.occupancy[0] == pytest.approx(expected["occupancy"], rel=1e-12)


def test_the_smallest_sufficient_team_where_pyworkforce_starts_one_higher() -> None:
    # pyworkforce starts its search at round(a + 1): for a = 0.5 erlang that is 2, although one agent already
    # answers 51% within 10 s (C(1, 0.5) = 0.5; 1 − 0.5·e^(−0.5·10/180)). We take the smallest team.
    plan = required_agents(5, 180, 1800, service_level=0.5, answer_within=10)

    assert int(plan.raw_agents[0]) == 1
    assert plan.figures.service_level[0] == pytest.approx(1 - 0.5 * math.exp(-0.5 * 10 / 180))


def test_erlang_b_table_value() -> None:
    # Erlang B table (any teletraffic handbook, e.g. ITU-D Teletraffic Engineering Handbook, 2005, table 4.x):
    # 10 erlangs on 10 lines block 21.46% of calls; one line blocks a/(1 + a).
    assert erlang_b(10, 10.0)[0] == pytest.approx(0.21458, abs=5e-6)
    assert erlang_b(1, 3.0)[0] == pytest.approx(3 / 4)


def test_erlang_c_by_hand_for_one_and_two_agents() -> None:
    # M/M/1: P(wait) = ρ; M/M/2: P(wait) = a² / (2 + a)
    assert erlang_c([1, 2], [0.6, 1.5]) == pytest.approx([0.6, 1.5**2 / 3.5])


def test_mm1_service_level_and_asa_by_hand() -> None:
    # M/M/1 with ρ = 0.5, AHT 60 s: P(W > t) = ρ·e^(−(1 − ρ)t/AHT); ASA = ρ·AHT / (1 − ρ)
    figures = erlang_c_figures(1, 0.5, 60.0, 30.0)

    assert figures.service_level[0] == pytest.approx(1 - 0.5 * math.exp(-0.25))
    assert figures.asa[0] == pytest.approx(60.0)


def test_a_thousand_erlang_queue_does_not_overflow() -> None:
    plan = required_agents(6000, 300, 1800, service_level=0.8, answer_within=20)

    assert plan.figures.wait_probability[0] < 1
    assert 1000 < int(plan.raw_agents[0]) < 1060
    assert plan.figures.service_level[0] >= 0.8
    assert erlang_c(int(plan.raw_agents[0]) - 1, 1000.0)[0] > erlang_c(int(plan.raw_agents[0]), 1000.0)[0]


def test_erlang_c_is_sound_far_beyond_a_factorial() -> None:
    # 20,000 erlangs: 20,100! overflows any float; the log-space B and the recursion stay exact
    assert erlang_b(20_100, 20_000.0)[0] == pytest.approx(float(np.exp(_log_erlang_b_by_recursion(20_100, 20_000.0))))


def _log_erlang_b_by_recursion(n: int, a: float) -> float:
    blocking = 1.0
    for k in range(1, n + 1):
        blocking = a * blocking / (k + a * blocking)
    return math.log(blocking)


def test_an_asa_target() -> None:
    # 10 erlangs, AHT 180 s: ASA(13) = 0.3685·180/3 = 22.1 s > 15; ASA(14) = 7.8 s
    plan = required_agents(100, 180, 1800, asa=15)

    assert int(plan.raw_agents[0]) == 14
    assert plan.figures.asa[0] <= 15


def test_intervals_without_calls_need_nobody() -> None:
    plan = required_agents([0, 100], 180, 1800, service_level=0.8, answer_within=20, shrinkage=0.3)

    assert plan.raw_agents.tolist() == [0, 14]
    assert plan.agents.tolist() == [0, 20]
    assert plan.figures.service_level[0] == 1.0
    assert plan.figures.wait_probability[0] == 0.0


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"calls": -1}, "calls"),
        ({"service_level": 1.0}, "service_level"),
        ({"service_level": 0.0}, "service_level"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"aht": 0}, "aht"),
        ({"answer_within": None}, "answer_within"),
        ({"patience": -5.0}, "patience"),
    ],
)
def test_impossible_or_bad_input_names_the_field(arguments: dict[str, object], field: str) -> None:
    given: dict[str, object] = {
        "calls": 100,
        "aht": 180,
        "interval": 1800,
        "service_level": 0.8,
        "answer_within": 20,
        **arguments,
    }

    with pytest.raises(ErlangInputError) as error:
        required_agents(**given)  # type: ignore[arg-type]

    assert error.value.field == field


def test_erlang_a_tends_to_erlang_c_as_patience_grows() -> None:
    load = offered_load(100, 180, 1800)
    erlang_c_figures_ = erlang_c_figures(12, load, 180.0, 20.0)
    patient = queue_figures(12, load, 180.0, 20.0, patience=1e8)

    assert patient.wait_probability[0] == pytest.approx(erlang_c_figures_.wait_probability[0], rel=1e-5)
    assert patient.service_level[0] == pytest.approx(erlang_c_figures_.service_level[0], rel=1e-5)
    assert patient.asa[0] == pytest.approx(erlang_c_figures_.asa[0], rel=1e-4)
    assert patient.abandon_share[0] < 1e-6


def test_erlang_a_with_patience_equal_to_handle_time_is_an_infinite_server_queue() -> None:
    # θ = μ: every caller leaves at rate μ whether waiting or served, so the number in the system is
    # Poisson(a): P(wait) = P(N >= n) and P(abandon) = E[(N − n)+] / a.
    load, agents = 10.0, 11
    figures = queue_figures(agents, load, 180.0, 20.0, patience=180.0)
    k = np.arange(agents, 200)
    expected_abandon = float(np.sum((k - agents) * stats.poisson.pmf(k, load))) / load

    assert figures.wait_probability[0] == pytest.approx(float(stats.poisson.sf(agents - 1, load)), rel=1e-9)
    assert figures.abandon_share[0] == pytest.approx(expected_abandon, rel=1e-9)


def test_erlang_a_copes_with_an_overloaded_and_a_huge_queue() -> None:
    # 1,200 erlangs on 1,000 agents: under Erlang C unstable; under Erlang A about 1/6 hang up
    figures = queue_figures([1000, 3000], [1200.0, 1200.0], 300.0, 20.0, patience=120.0)

    assert figures.abandon_share[0] == pytest.approx(1 - 1000 / 1200, abs=0.01)
    assert figures.abandon_share[1] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.isfinite(figures.asa))


def test_erlang_a_staffing_needs_fewer_agents_than_erlang_c() -> None:
    # callers who hang up relieve the queue: 12 instead of 14 (SL counts hang-ups as not answered)
    plan = required_agents(100, 180, 1800, service_level=0.8, answer_within=20, patience=120)

    assert int(plan.raw_agents[0]) == 12
    assert plan.figures.service_level[0] >= 0.8
    assert queue_figures(11, 10.0, 180.0, 20.0, patience=120.0).service_level[0] < 0.8


def test_erlang_a_at_a_light_load_by_hand() -> None:
    # one agent, 0.01 erlang, AHT 300 s, patience 60 s: a caller who waits finds the agent busy with a call
    # whose remaining time is exponential, so they hang up with chance θ/(θ + μ) = 5/6 and, if answered,
    # waited 1/(θ + μ) = 50 s on average
    figures = queue_figures(1, 0.01, 300.0, 20.0, patience=60.0)
    wait = float(figures.wait_probability[0])
    answered_after_wait = wait / 6

    assert figures.abandon_share[0] == pytest.approx(wait * 5 / 6, rel=1e-3)
    assert figures.asa[0] == pytest.approx(answered_after_wait * 50 / (1 - wait * 5 / 6), rel=1e-3)


def test_erlang_a_meets_an_asa_target_with_the_fewest_agents() -> None:
    plan = required_agents(100, 180, 1800, asa=15, patience=120)
    one_fewer = queue_figures(plan.raw_agents - 1, 10.0, 180.0, 0.0, patience=120.0)

    assert int(plan.raw_agents[0]) == 10
    assert plan.figures.asa[0] <= 15 < one_fewer.asa[0]


@pytest.fixture(params=["one-search", "in-pieces"])
def searched_in_pieces(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan as one search, or cut into pieces of 3 intervals searched side by side (as a long frame is)."""
    if request.param == "in-pieces":
        monkeypatch.setattr(erlang, "_CHUNK_ROWS", 3)
        monkeypatch.setattr(erlang.os, "cpu_count", lambda: 4)


@pytest.mark.usefixtures("searched_in_pieces")
def test_a_whole_array_of_intervals_gives_what_each_interval_gives_alone() -> None:
    calls = np.array([0.0, 0.4, 3.0, 37.5, 100.0, 950.0, 6000.0])
    aht = np.array([200.0, 180.0, 420.0, 300.0, 180.0, 240.0, 300.0])

    together = required_agents(calls, aht, 1800, service_level=0.9, answer_within=30, max_occupancy=0.9)
    alone = [
        int(required_agents(c, h, 1800, service_level=0.9, answer_within=30, max_occupancy=0.9).raw_agents[0])
        for c, h in zip(calls, aht, strict=True)
    ]

    assert together.raw_agents.tolist() == alone


def test_a_low_occupancy_cap_on_a_big_queue_equals_pyworkforce() -> None:
    # 100 erlangs capped at 50% occupancy: the floor, 200 agents, is far above the service-level answer
    expected = ErlangC(transactions=1000, aht=3, asa=1 / 3, interval=30).required_positions(0.8, max_occupancy=0.5)

    plan = required_agents(1000, 180, 1800, service_level=0.8, answer_within=20, max_occupancy=0.5)

    assert int(plan.raw_agents[0]) == expected["raw_positions"] == 200
    assert plan.figures.service_level[0] == pytest.approx(expected["service_level"], rel=1e-9)


def _smallest_team_by_scan(load: float, aht: float, patience: float, **target: float) -> int:
    """The first n = 1, 2, … whose Erlang A figures meet every target, one queue_figures call per n."""
    for n in itertools.count(1):
        figures = queue_figures(n, load, aht, target.get("answer_within", 0.0), patience=patience)
        ok = figures.occupancy[0] <= target.get("max_occupancy", 1.0) + 1e-12
        if "service_level" in target:
            ok &= figures.service_level[0] >= target["service_level"]
        if "asa" in target:
            ok &= figures.asa[0] <= target["asa"]
        if ok:
            return n
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    "target",
    [
        {"service_level": 0.8, "answer_within": 20.0, "max_occupancy": 0.85},
        {"service_level": 0.95, "answer_within": 10.0},
        {"asa": 8.0, "max_occupancy": 0.9},
    ],
    ids=["sl-and-occupancy", "strict-sl", "asa"],
)
@pytest.mark.usefixtures("searched_in_pieces")
def test_the_erlang_a_search_finds_the_smallest_team_a_scan_finds(target: dict[str, float]) -> None:
    # Short patience (the answer falls far below Erlang C's: the search gallops and bisects), long patience
    # (one or two below), tiny and large queues, every interval searched at once.
    loads = np.array([0.05, 0.8, 3.0, 12.0, 45.0, 160.0, 12.0, 45.0, 160.0, 700.0])
    aht = np.array([240.0, 300.0, 180.0, 420.0, 300.0, 200.0, 420.0, 300.0, 200.0, 360.0])
    patience = np.array([15.0, 30.0, 20.0, 10.0, 25.0, 30.0, 600.0, 900.0, 300.0, 120.0])
    calls = loads * 1800 / aht

    plan = required_agents(calls, aht, 1800, patience=patience, **target)  # type: ignore[arg-type]

    scanned = [
        _smallest_team_by_scan(float(a), float(h), float(p), **target)
        for a, h, p in zip(loads, aht, patience, strict=True)
    ]
    assert plan.raw_agents.tolist() == scanned
    alone = queue_figures(plan.raw_agents, loads, aht, target.get("answer_within", 0.0), patience=patience)
    assert plan.figures.service_level == pytest.approx(alone.service_level, rel=1e-9, abs=1e-12)
    assert plan.figures.asa == pytest.approx(alone.asa, rel=1e-7)
    assert plan.figures.abandon_share == pytest.approx(alone.abandon_share, rel=1e-9, abs=1e-12)
