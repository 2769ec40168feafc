"""Erlang A (M/M/n+M: Poisson calls, exponential handle time and exponential patience), in log space.

Formulas of Mandelbaum & Zeltyn (Zeltyn's thesis "Call centers with impatient customers", Technion 2005,
ch. 5; summarised in Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call centers",
2007), with λ the call rate, μ = 1/aht, θ = 1/patience, c = nμ/θ, b = λ/θ, ρ = λ/(nμ) and

    A(x, y) = x·e^y·y^(−x)·γ(x, y)            (γ the lower incomplete gamma function)
    π_n = B / (1 + (A(c, b) − 1)·B)           (B the Erlang B of n agents, a = λ/μ erlangs)
    P(W > t) = π_n·A(c, b)·γ(c, b·e^(−θt)) / γ(c, b)·e^(−θt)
    P(W > t, answered) = P(W > t)·e^(θt)·(1 − 1/A(c, b·e^(−θt))) / ρ
    P(abandon) = P(W > 0) − P(W > 0, answered)

W is the time a caller spends in the queue. The service level is P(answered within T) over all offered calls.
The ASA (mean wait of answered calls) integrates P(W > t, answered) over t, which gives
E[W·1{answered}] = P(W > 0) / (ρθ) · (ln b − ∂ₓ ln γ(x, b)|ₓ₌c − 1/c); the derivative is a central difference.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import special

Floats = NDArray[np.float64]

_TINY = 1e-280


def log_erlang_b(n: Floats, a: Floats) -> Floats:
    """ln B(n, a) for a > 0: n·ln a − a − ln n! − ln P(Poisson(a) <= n).

    Where P(Poisson(a) <= n) underflows (n far below a), B = 1 / Σ_{j=0..n} n!/((n−j)!·a^j), summed directly.
    """
    tail = special.gammaincc(n + 1, a)
    out = np.empty(n.shape)
    fine = tail > _TINY
    with np.errstate(divide="ignore"):
        out[fine] = n[fine] * np.log(a[fine]) - a[fine] - special.gammaln(n[fine] + 1) - np.log(tail[fine])
    rough = ~fine
    if rough.any():
        nn, aa = n[rough], a[rough]
        total = np.ones(nn.shape)
        term = np.ones(nn.shape)
        j = 0
        while True:
            term = np.where(j < nn, term * (nn - j) / aa, 0.0)
            total += term
            j += 1
            if not np.any(term > 1e-17 * total):
                break
        out[rough] = -np.log(total)
    return out


def log_lower_gamma(x: Floats, y: Floats) -> Floats:
    """ln γ(x, y) for x > 0, y >= 0; where the regularised gamma underflows, from the series
    γ(x, y) = y^x·e^(−y)·Σ_k y^k / (x(x+1)…(x+k))."""
    regularised = special.gammainc(x, y)
    out = np.full(x.shape, -np.inf)
    fine = regularised > _TINY
    out[fine] = special.gammaln(x[fine]) + np.log(regularised[fine])
    rough = ~fine & (y > 0)
    if rough.any():
        xx, yy = x[rough], y[rough]
        term = 1.0 / xx
        total = term.copy()
        k = 0
        while True:
            k += 1
            term = term * yy / (xx + k)
            total += term
            if not np.any(term > 1e-17 * total):
                break
        out[rough] = xx * np.log(yy) - yy + np.log(total)
    return out


def _log_a(x: Floats, y: Floats, log_gamma: Floats) -> tuple[Floats, Floats]:
    """(ln A(x, y), ln(A(x, y) − 1)), given ln γ(x, y). Where y < x/2 both come from the series
    A = 1 + Σ_j Π_{i<=j} y/(x+i), which keeps A − 1 exact when it is tiny; elsewhere
    ln A = ln x + y − x·ln y + ln γ(x, y) (A >= 1)."""
    log_a = np.zeros(x.shape)
    log_excess = np.full(x.shape, -np.inf)
    short = (y < 0.5 * x) & (y > 0)
    if short.any():
        xx, yy = x[short], y[short]
        term = yy / (xx + 1)
        excess = term.copy()
        i = 1
        while np.any(term > 1e-17 * excess):
            i += 1
            term = term * yy / (xx + i)
            excess += term
        log_a[short] = np.log1p(excess)
        log_excess[short] = np.log(excess)
    long = y >= 0.5 * x
    if long.any():
        xx, yy = x[long], y[long]
        value = np.maximum(np.log(xx) + yy - xx * np.log(yy) + log_gamma[long], 0.0)
        log_a[long] = value
        with np.errstate(divide="ignore"):
            log_excess[long] = value + np.log(-np.expm1(-value))
    return log_a, log_excess


def erlang_a_figures(
    n: Floats,
    a: Floats,
    aht: Floats,
    within: Floats,
    patience: Floats,
    with_asa: bool = True,
    log_b: Floats | None = None,
) -> tuple[Floats, Floats, Floats, Floats, Floats]:
    """(service_level, asa, occupancy, wait_probability, abandon_share) of n agents under Erlang A.

    No calls: SL 1, nothing waits. No agents: every call is lost (SL 0, abandon 1, ASA undefined → nan).
    Without `with_asa` the ASA (two more gamma evaluations) is left nan. `log_b`, ln B(n, a) when the
    caller has it already (a search stepping n), saves one gamma evaluation; it is read where n, a > 0.
    """
    shape = np.broadcast_shapes(n.shape, a.shape, aht.shape, within.shape, patience.shape)
    n, a, aht, within, patience = (np.broadcast_to(v, shape).astype(np.float64) for v in (n, a, aht, within, patience))
    service_level = np.ones(shape)
    asa = np.zeros(shape)
    occupancy = np.zeros(shape)
    wait = np.zeros(shape)
    abandon = np.zeros(shape)
    staffed = (a > 0) & (n > 0)
    unstaffed = (a > 0) & (n == 0)
    service_level[unstaffed], asa[unstaffed], wait[unstaffed], abandon[unstaffed] = 0.0, np.nan, 1.0, 1.0
    if staffed.any():
        known_log_b = None if log_b is None else np.broadcast_to(log_b, shape)[staffed]
        figures = _staffed(
            n[staffed], a[staffed], aht[staffed], within[staffed], patience[staffed], with_asa, known_log_b
        )
        for target, value in zip((service_level, asa, occupancy, wait, abandon), figures, strict=True):
            target[staffed] = value
    return service_level, asa, occupancy, wait, abandon


def _staffed(
    n: Floats, a: Floats, aht: Floats, within: Floats, patience: Floats, with_asa: bool, log_b: Floats | None
) -> tuple[Floats, Floats, Floats, Floats, Floats]:
    ratio = patience / aht  # μ/θ
    c = n * ratio
    b = a * ratio
    rho = a / n
    theta = 1.0 / patience
    log_gamma_b = log_lower_gamma(c, b)
    log_a_b, log_excess_b = _log_a(c, b, log_gamma_b)
    if log_b is None:
        log_b = log_erlang_b(n, a)
    # ln π_n = ln B − ln(1 + (A − 1)·B)
    log_pi_n = log_b - np.logaddexp(0.0, log_excess_b + log_b)
    wait = np.minimum(np.exp(log_pi_n + log_a_b), 1.0)
    answered_after_wait = wait * np.exp(log_excess_b - log_a_b) / rho  # (1 − 1/A) = (A − 1)/A
    abandon = np.clip(wait - answered_after_wait, 0.0, 1.0)
    # P(W > T, answered)
    decay = np.minimum(within * theta, 700.0)
    y = b * np.exp(-decay)
    log_gamma_y = log_lower_gamma(c, y)
    log_a_y, log_excess_y = _log_a(c, y, log_gamma_y)
    late = np.exp(log_pi_n + log_a_b + log_gamma_y - log_gamma_b + log_excess_y - log_a_y) / rho
    service_level = np.clip(1.0 - abandon - late, 0.0, 1.0)
    occupancy = np.minimum(a * (1.0 - abandon) / n, 1.0)
    if not with_asa:
        return service_level, np.full(n.shape, np.nan), occupancy, wait, abandon
    return service_level, staffed_asa(n, a, aht, patience, wait, abandon), occupancy, wait, abandon


def staffed_asa(n: Floats, a: Floats, aht: Floats, patience: Floats, wait: Floats, abandon: Floats) -> Floats:
    """The ASA (seconds) of n > 0 agents at load a > 0, given their wait probability and abandon share:
    E[W·1{answered}] by the closed form above, with ∂ₓ ln γ(x, b) by a central difference."""
    ratio = patience / aht
    c = n * ratio
    b = a * ratio
    rho = a / n
    theta = 1.0 / patience
    step = 1e-4 * c
    slope = (log_lower_gamma(c + step, b) - log_lower_gamma(c - step, b)) / (2 * step)
    bracket = np.maximum(np.log(b) - slope - 1.0 / c, 0.0)
    answered = np.maximum(1.0 - abandon, 1e-300)
    return np.asarray(wait / (rho * theta) * bracket / answered, dtype=np.float64)
