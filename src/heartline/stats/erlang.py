"""Erlang C (M/M/n) and Erlang A (M/M/n+M) queue figures and staffing, vectorised over intervals.

Every function takes numpy arrays (or scalars) of intervals and returns arrays of the same shape. Times are
in seconds: `aht` the average handle time, `answer_within` the service-level threshold T, `patience` the
callers' mean patience (exponential; Erlang A only). The offered load a = calls · aht / interval, in erlangs.

Numerics: Erlang B comes from log-gammas (or from the recursion B(k) = a·B(k−1) / (k + a·B(k−1)) inside the
staffing search), never from a factorial, so a 1,000-erlang queue is as sound as a 1-erlang one. Staffing
follows pyworkforce's conventions (see docs/workforce.md § Staffing): `raw_agents` is the smallest number on
the phones that meets the target and the maximum occupancy; `agents` = ceil(raw_agents / (1 − shrinkage)).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from heartline.stats.erlang_a import erlang_a_figures, log_erlang_b, staffed_asa

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


class ErlangInputError(ValueError):
    """Bad input to an Erlang calculation; `field` names the argument at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class QueueFigures:
    """What a queue with a given number of agents on the phones delivers, per interval.

    service_level: share of offered calls answered within T; asa: mean wait of answered calls (s);
    occupancy: share of the agents' time spent handling; wait_probability: share of calls that queue;
    abandon_share: share of offered calls that hang up before an answer (0 under Erlang C).
    """

    service_level: Floats
    asa: Floats
    occupancy: Floats
    wait_probability: Floats
    abandon_share: Floats


@dataclass(frozen=True)
class Requirement:
    """Agents needed per interval: `raw_agents` on the phones, `agents` scheduled once shrinkage is added."""

    raw_agents: Ints
    agents: Ints
    figures: QueueFigures


def _floats(value: ArrayLike) -> Floats:
    return np.atleast_1d(np.asarray(value, dtype=np.float64))


def _check_non_negative(field: str, values: Floats) -> None:
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ErlangInputError(field, "must be a finite number >= 0")


def _check_positive(field: str, values: Floats) -> None:
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ErlangInputError(field, "must be a finite number > 0")


def offered_load(calls: ArrayLike, aht: ArrayLike, interval: ArrayLike) -> Floats:
    """Offered load in erlangs: calls · aht / interval (aht and interval in seconds)."""
    calls_, aht_, interval_ = _floats(calls), _floats(aht), _floats(interval)
    _check_non_negative("calls", calls_)
    _check_positive("aht", aht_)
    _check_positive("interval", interval_)
    return np.asarray(calls_ * aht_ / interval_, dtype=np.float64)


def erlang_b(agents: ArrayLike, load: ArrayLike) -> Floats:
    """Erlang B blocking probability B(n, a), computed in log space (sound at any load)."""
    n, a = np.broadcast_arrays(_floats(agents), _floats(load))
    out = np.ones(n.shape)
    busy = a > 0
    out[busy] = np.exp(log_erlang_b(n[busy], a[busy]))
    out[~busy & (n > 0)] = 0.0
    return out


def erlang_c(agents: ArrayLike, load: ArrayLike) -> Floats:
    """Erlang C: the probability an arriving call waits, C(n, a) = n·B / (n − a·(1 − B)); 1 when n <= a."""
    n, a = np.broadcast_arrays(_floats(agents), _floats(load))
    b = erlang_b(n, a)
    stable = n > a
    out = np.ones(n.shape)
    out[stable] = n[stable] * b[stable] / (n[stable] - a[stable] * (1 - b[stable]))
    out[a == 0] = 0.0
    return out


def erlang_c_figures(agents: ArrayLike, load: ArrayLike, aht: ArrayLike, answer_within: ArrayLike) -> QueueFigures:
    """Service level, ASA, occupancy and wait probability of an M/M/n queue (Erlang C).

    SL = 1 − C·exp(−(n − a)·T / aht); ASA = C·aht / (n − a). An unstable queue (n <= a) has SL 0, ASA ∞.
    """
    n, a, h, t = np.broadcast_arrays(_floats(agents), _floats(load), _floats(aht), _floats(answer_within))
    return _c_figures(n, a, h, t, erlang_c(n, a))


def _c_figures(n: Floats, a: Floats, aht: Floats, within: Floats, wait: Floats) -> QueueFigures:
    stable = n > a
    gap = np.where(stable, n - a, 1.0)
    service_level = np.where(stable, np.clip(1 - wait * np.exp(-gap * within / aht), 0.0, 1.0), 0.0)
    asa = np.where(stable, wait * aht / gap, np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        occupancy = np.where(n > 0, np.minimum(a / np.where(n > 0, n, 1.0), 1.0), 0.0)
    idle = a == 0
    return QueueFigures(
        service_level=np.where(idle, 1.0, service_level),
        asa=np.where(idle, 0.0, asa),
        occupancy=np.where(idle, 0.0, occupancy),
        wait_probability=np.where(idle, 0.0, wait),
        abandon_share=np.zeros(n.shape),
    )


def queue_figures(
    agents: ArrayLike,
    load: ArrayLike,
    aht: ArrayLike,
    answer_within: ArrayLike,
    patience: ArrayLike | None = None,
) -> QueueFigures:
    """What `agents` on the phones deliver: Erlang A when `patience` (mean, seconds) is given, else Erlang C."""
    if patience is None:
        return erlang_c_figures(agents, load, aht, answer_within)
    n, a, h, t, p = np.broadcast_arrays(
        _floats(agents), _floats(load), _floats(aht), _floats(answer_within), _floats(patience)
    )
    _check_positive("patience", p)
    service_level, asa, occupancy, wait, abandon = erlang_a_figures(n, a, h, t, p)
    return QueueFigures(service_level, asa, occupancy, wait, abandon)


def _check_targets(
    service_level: float | None, answer_within: float | None, asa: float | None, max_occupancy: float, shrinkage: float
) -> None:
    if service_level is None and asa is None:
        raise ErlangInputError("service_level", "give a service-level target (with answer_within) or an ASA target")
    if service_level is not None and not 0 < service_level < 1:
        raise ErlangInputError("service_level", f"must be between 0 and 1 (exclusive), got {service_level}")
    if service_level is not None and (answer_within is None or not answer_within >= 0):
        raise ErlangInputError("answer_within", "a service-level target needs answer_within >= 0 seconds")
    if asa is not None and not asa > 0:
        raise ErlangInputError("asa", f"must be > 0 seconds, got {asa}")
    if not 0 < max_occupancy <= 1:
        raise ErlangInputError("max_occupancy", f"must be in (0, 1], got {max_occupancy}")
    if not 0 <= shrinkage < 1:
        raise ErlangInputError("shrinkage", f"must be in [0, 1), got {shrinkage}")


def required_agents(
    calls: ArrayLike,
    aht: ArrayLike,
    interval: ArrayLike,
    *,
    service_level: float | None = None,
    answer_within: float | None = None,
    asa: float | None = None,
    max_occupancy: float = 1.0,
    shrinkage: float = 0.0,
    patience: ArrayLike | None = None,
) -> Requirement:
    """Agents needed per interval to meet every target given (SL within T, ASA, maximum occupancy).

    `raw_agents` is the smallest n (> a under Erlang C) meeting them all; `agents` = ceil(raw / (1 − shrinkage)).
    An interval with no calls needs nobody. Erlang A when `patience` is given (mean seconds), else Erlang C.
    """
    _check_targets(service_level, answer_within, asa, max_occupancy, shrinkage)
    a = offered_load(calls, aht, interval)
    h = np.broadcast_to(_floats(aht), a.shape).astype(np.float64)
    within = np.full(a.shape, float(answer_within or 0.0))
    if patience is None:
        c_parts = _by_chunks(
            lambda rows: _erlang_c_search(a[rows], h[rows], within[rows], service_level, asa, max_occupancy), len(a)
        )
        raw = np.concatenate([part[0] for part in c_parts])
        blocking = np.concatenate([part[1] for part in c_parts])
        n = raw.astype(np.float64)
        wait = np.where(a > 0, n * blocking / np.maximum(n - a * (1 - blocking), 1e-300), 0.0)
        figures = _c_figures(n, a, h, within, wait)
    else:
        p = np.broadcast_to(_floats(patience), a.shape).astype(np.float64)
        _check_positive("patience", p)
        a_parts = _by_chunks(
            lambda rows: _erlang_a_search(a[rows], h[rows], within[rows], p[rows], service_level, asa, max_occupancy),
            len(a),
        )
        raw = np.concatenate([part[0] for part in a_parts])
        figures = QueueFigures(
            *(np.concatenate([getattr(part[1], f.name) for part in a_parts]) for f in fields(QueueFigures))
        )
    # the same float expression as pyworkforce, so the two round alike
    agents = np.ceil(raw / (1 - shrinkage)).astype(np.int64)
    return Requirement(raw_agents=raw, agents=agents, figures=figures)


# Intervals are planned independently, so a long frame is cut in pieces searched side by side: numpy and
# scipy's element-wise loops release the GIL, so threads use every core (a year of 50 queues: ~2x on 2).
_CHUNK_ROWS = 100_000
_Result = TypeVar("_Result")


def _by_chunks(search: Callable[[slice], _Result], size: int) -> list[_Result]:
    """`search` over consecutive row ranges covering 0..size, in order; in threads when there are several."""
    workers = min(os.cpu_count() or 1, 8, max(size // _CHUNK_ROWS, 1))
    if workers == 1:
        return [search(slice(0, size))]
    edges = np.linspace(0, size, workers + 1).astype(int)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="erlang") as pool:
        return list(pool.map(search, [slice(lo, hi) for lo, hi in itertools.pairwise(edges.tolist())]))


# Above this many agents the recursion starts at the floor, from a log-gamma B, instead of at one agent.
_JUMP_AGENTS = 24


def _erlang_c_search(
    a: Floats, aht: Floats, within: Floats, sl_target: float | None, asa_target: float | None, max_occupancy: float
) -> tuple[Ints, Floats]:
    """Smallest n >= max(floor(a) + 1, ceil(a / max_occupancy)) meeting the targets, and B(n, a) there.

    The Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)) steps every interval at once, each from its own
    start (one agent, or just below its floor when that is high); an interval leaves once its targets are met.
    """
    result = np.zeros(a.shape, dtype=np.int64)
    found_blocking = np.ones(a.shape)
    n_min = np.maximum(np.floor(a) + 1, np.ceil(a / max_occupancy))
    idx = np.flatnonzero(a > 0)
    load, floor_n, h, t = a[idx], n_min[idx], aht[idx], within[idx]
    k = np.where(floor_n > _JUMP_AGENTS, floor_n - 1, 0.0)
    blocking = np.ones(idx.shape)
    jump = k > 0
    blocking[jump] = np.exp(log_erlang_b(k[jump], load[jump]))
    finished = 0
    while idx.size:
        k += 1
        scaled = load * blocking
        blocking = scaled / (k + scaled)
        ready = np.flatnonzero(floor_n <= k)  # a finished interval's floor is set to ∞
        if ready.size == 0:
            continue
        ready_k, ready_load, ready_blocking, ready_aht = k[ready], load[ready], blocking[ready], h[ready]
        gap = ready_k - ready_load  # > 0: the floor is above the load
        wait = ready_k * ready_blocking / (ready_k - ready_load * (1 - ready_blocking))
        met = np.ones(ready.shape, dtype=np.bool_)
        if sl_target is not None:
            met &= 1 - wait * np.exp(-gap * t[ready] / ready_aht) >= sl_target
        if asa_target is not None:
            met &= wait * ready_aht / gap <= asa_target
        hit = ready[met]
        if hit.size == 0:
            continue
        result[idx[hit]] = k[hit]
        found_blocking[idx[hit]] = blocking[hit]
        floor_n[hit] = np.inf
        finished += hit.size
        if 4 * finished > idx.size:  # drop finished intervals once they are a quarter of the work
            keep = np.isfinite(floor_n)
            idx, load, floor_n, h, t = idx[keep], load[keep], floor_n[keep], h[keep], t[keep]
            k, blocking = k[keep], blocking[keep]
            finished = 0
    return result, found_blocking


_MAX_DOUBLINGS = 40
# Erlang A usually needs the Erlang C answer or a few agents fewer: step down one at a time this often
# before galloping.
_LINEAR_STEPS = 3
# ln B(n, a) a few agents below the Erlang C answer comes from B there by the recursion run backwards.
_BACKWARD_STEPS = 8


def _log_b_below(n: Floats, top: Floats, log_b_top: Floats, a: Floats) -> Floats:
    """ln B(n, a) from ln B(top, a): B(k − 1) = k·B(k) / (a·(1 − B(k))) where 0 <= top − n <= 8
    (top is above the load there, so B(k) is far from 1); from the log-gamma form elsewhere."""
    out = np.empty(n.shape)
    gap = top - n
    near = (gap >= 0) & (gap <= _BACKWARD_STEPS)
    far = ~near
    if far.any():
        out[far] = log_erlang_b(n[far], a[far])
    if near.any():
        blocking, k, load, steps = np.exp(log_b_top[near]), top[near], a[near], gap[near]
        for done in range(int(steps.max())):
            going = steps > done
            blocking = np.where(going, k * blocking / (load * (1.0 - blocking)), blocking)
            k = np.where(going, k - 1.0, k)
        out[near] = np.log(blocking)
    return out


def _erlang_a_search(
    a: Floats,
    aht: Floats,
    within: Floats,
    patience: Floats,
    sl_target: float | None,
    asa_target: float | None,
    max_occupancy: float,
) -> tuple[Ints, QueueFigures]:
    """Smallest n meeting the targets under Erlang A for all intervals at once, and its figures.

    From the Erlang C answer C: n = C − 1 first; where it falls short, C (doubled while short); where it
    meets them, one agent fewer at a time, then galloping down, then bisecting. Only undecided intervals
    are evaluated, and the figures of each interval's answer are kept from the evaluation that found it.
    Erlang A is stable at any n (callers leave), so n may be below the load; the figures are monotone in n.
    """
    result = np.zeros(a.shape, dtype=np.int64)
    # no calls: SL 1, nothing waits
    columns = [np.ones(a.shape), np.zeros(a.shape), np.zeros(a.shape), np.zeros(a.shape), np.zeros(a.shape)]
    rows = np.flatnonzero(a > 0)
    if rows.size == 0:
        return result, QueueFigures(*columns)
    load, h, t, p = a[rows], aht[rows], within[rows], patience[rows]
    erlang_c_answer, blocking = _erlang_c_search(load, h, t, sl_target, asa_target, max_occupancy)
    top = erlang_c_answer.astype(np.float64)
    log_b_top = np.log(blocking)
    found = [np.zeros(rows.shape) for _ in range(5)]  # SL, ASA, occupancy, wait, abandon at the answer

    def meets(k: NDArray[np.intp], n: Floats) -> NDArray[np.bool_]:
        log_b = _log_b_below(n, top[k], log_b_top[k], load[k])
        values = erlang_a_figures(n, load[k], h[k], t[k], p[k], with_asa=asa_target is not None, log_b=log_b)
        sl, mean_wait, occupancy = values[0], values[1], values[2]
        ok = occupancy <= max_occupancy + 1e-12
        if sl_target is not None:
            ok &= sl >= sl_target
        if asa_target is not None:
            ok &= mean_wait <= asa_target
        for kept, value in zip(found, values, strict=True):
            kept[k[ok]] = value[ok]
        return np.asarray(ok, dtype=np.bool_)

    high = np.full(rows.shape, np.inf)
    low = np.zeros(rows.shape)  # n = 0 never meets a target: every call is lost

    def probe(k: NDArray[np.intp], n: Floats) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        ok = meets(k, n)
        high[k[ok]] = n[ok]
        low[k[~ok]] = n[~ok]
        return k[ok], k[~ok]

    everyone = np.arange(rows.size)
    descending, climbing = probe(everyone, np.maximum(top - 1.0, 1.0))
    for _ in range(_MAX_DOUBLINGS):
        if climbing.size == 0:
            break
        at_top = low[climbing] < top[climbing]
        _, climbing = probe(climbing, np.where(at_top, top[climbing], 2.0 * low[climbing]))
    else:
        raise ErlangInputError("service_level", "no number of agents meets the target; relax it")
    step = 1.0
    for stride in range(_LINEAR_STEPS + _MAX_DOUBLINGS):
        candidate = high[descending] - step
        inside = candidate > low[descending]
        descending, _ = probe(descending[inside], candidate[inside])
        if descending.size == 0:
            break
        if stride >= _LINEAR_STEPS - 1:
            step *= 2
    open_ = np.flatnonzero(high - low > 1)
    while open_.size:
        middle = np.floor((low[open_] + high[open_]) / 2)
        probe(open_, middle)
        open_ = open_[high[open_] - low[open_] > 1]
    result[rows] = high.astype(np.int64)
    sl, asa, occupancy, wait, abandon = found
    if asa_target is None:
        asa = staffed_asa(high, load, h, p, wait, abandon)
    for column, value in zip(columns, (sl, asa, occupancy, wait, abandon), strict=True):
        column[rows] = value
    return result, QueueFigures(*columns)
