"""A discrete-event simulation of the M/M/n+M queue, to check the Erlang A formulas against.

Calls arrive as a Poisson stream, each with an exponential handle time and an exponential patience, and are
answered first come first served by n agents. Callers are processed in arrival order, keeping each agent's
next free time in a heap: a caller whose wait for the earliest free agent exceeds their patience hangs up and
takes nobody's time; any other is answered then. Under FCFS that is exactly the queue's dynamics (a caller who
hangs up never delays the ones behind). Each replication starts empty and drops a warm-up share of calls;
the figures carry a 95% Student-t interval over the replications.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from heartline.stats.means import t_interval


@dataclass(frozen=True)
class Estimate:
    """A simulated figure: mean over replications with its 95% interval."""

    value: float
    ci_low: float
    ci_high: float

    def covers(self, figure: float) -> bool:
        return self.ci_low <= figure <= self.ci_high


@dataclass(frozen=True)
class SimulatedQueue:
    """Service level (answered within T over offered), ASA (mean wait of answered calls), abandonment share;
    `calls` is how many calls per replication the figures rest on (after warm-up)."""

    service_level: Estimate
    asa: Estimate
    abandon_share: Estimate
    calls: int
    replications: int


def _replication(
    rng: np.random.Generator,
    calls: int,
    agents: int,
    rate: float,
    aht: float,
    patience: float,
    answer_within: float,
    warm_up: int,
) -> tuple[float, float, float]:
    arrivals = np.cumsum(rng.exponential(1.0 / rate, calls)).tolist()
    handles = rng.exponential(aht, calls).tolist()
    patiences = (rng.exponential(patience, calls) if math.isfinite(patience) else np.full(calls, np.inf)).tolist()
    free_at = [0.0] * agents
    answered = answered_in_time = abandoned = 0
    total_wait = 0.0
    for i in range(calls):
        arrival = arrivals[i]
        wait = max(free_at[0] - arrival, 0.0)
        if wait > patiences[i]:
            abandoned += i >= warm_up
            continue
        heapq.heapreplace(free_at, arrival + wait + handles[i])
        if i >= warm_up:
            answered += 1
            answered_in_time += wait <= answer_within
            total_wait += wait
    counted = calls - warm_up
    return answered_in_time / counted, total_wait / max(answered, 1), abandoned / counted


def _estimate(values: list[float]) -> Estimate:
    mean = float(np.mean(values))
    low, high = t_interval(mean, float(np.std(values, ddof=1)), len(values))
    return Estimate(mean, low, high)


def simulate_queue(
    *,
    agents: int,
    calls_per_hour: float,
    aht: float,
    answer_within: float,
    patience: float = math.inf,
    calls: int = 40_000,
    replications: int = 10,
    warm_up_share: float = 0.05,
    seed: int = 2026,
) -> SimulatedQueue:
    """Simulate `replications` independent runs of `calls` calls each (seeded: the same seed, the same figures).

    Times in seconds; `patience` is the callers' mean patience (infinite: nobody hangs up, i.e. Erlang C).
    """
    if agents < 1 or calls_per_hour <= 0 or aht <= 0 or patience <= 0 or replications < 2:
        raise ValueError("need agents >= 1, calls_per_hour > 0, aht > 0, patience > 0 and replications >= 2")
    rng = np.random.default_rng(seed)
    warm_up = int(calls * warm_up_share)
    runs = [
        _replication(rng, calls, agents, calls_per_hour / 3600.0, aht, patience, answer_within, warm_up)
        for _ in range(replications)
    ]
    service_level, asa, abandon = (list(column) for column in zip(*runs, strict=True))
    return SimulatedQueue(
        service_level=_estimate(service_level),
        asa=_estimate(asa),
        abandon_share=_estimate(abandon),
        calls=calls - warm_up,
        replications=replications,
    )
