"""Erlang A within the confidence interval of a discrete-event simulation of the same M/M/n+M queue."""

import math

import pytest

from heartline.stats.erlang import offered_load, queue_figures
from heartline.stats.queue_simulation import simulate_queue


@pytest.mark.parametrize(
    ("agents", "calls_per_hour", "aht", "answer_within", "patience"),
    [
        (12, 200.0, 180.0, 20.0, 120.0),  # 10 erlangs, staffed for 80/20
        (8, 200.0, 180.0, 30.0, 200.0),  # overloaded: 10 erlangs on 8 agents
        (3, 30.0, 300.0, 20.0, 90.0),  # a small queue, impatient callers
    ],
)
def test_erlang_a_lies_within_the_simulations_interval(
    agents: int, calls_per_hour: float, aht: float, answer_within: float, patience: float
) -> None:
    simulated = simulate_queue(
        agents=agents,
        calls_per_hour=calls_per_hour,
        aht=aht,
        answer_within=answer_within,
        patience=patience,
        calls=20_000,
        replications=8,
    )
    formula = queue_figures(agents, offered_load(calls_per_hour, aht, 3600), aht, answer_within, patience)

    assert simulated.service_level.covers(float(formula.service_level[0]))
    assert simulated.asa.covers(float(formula.asa[0]))
    assert simulated.abandon_share.covers(float(formula.abandon_share[0]))


def test_without_hang_ups_the_simulation_agrees_with_erlang_c() -> None:
    simulated = simulate_queue(agents=14, calls_per_hour=200.0, aht=180.0, answer_within=20.0, calls=20_000)
    formula = queue_figures(14, 10.0, 180.0, 20.0)

    assert simulated.service_level.covers(float(formula.service_level[0]))
    assert simulated.asa.covers(float(formula.asa[0]))
    assert simulated.abandon_share.value == 0.0


def test_the_same_seed_gives_the_same_figures() -> None:
    first = simulate_queue(agents=3, calls_per_hour=30.0, aht=300.0, answer_within=20.0, patience=90.0, calls=2000)
    second = simulate_queue(agents=3, calls_per_hour=30.0, aht=300.0, answer_within=20.0, patience=90.0, calls=2000)

    assert first == second
    assert first.calls == 1900


def test_a_simulation_needs_agents() -> None:
    with pytest.raises(ValueError, match="agents >= 1"):
        simulate_queue(agents=0, calls_per_hour=30.0, aht=300.0, answer_within=20.0, patience=math.inf)
