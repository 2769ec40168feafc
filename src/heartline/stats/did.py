"""Difference-in-differences with two-way fixed effects, and means, all with cluster-robust CIs.

`two_way_fixed_effects` estimates the effect of a switched-on treatment (an agent trained from a
date on) on an outcome (an audit score), with a fixed effect per unit (agent) and per period
(calendar month), and standard errors clustered by unit: the within (demeaned) regression of the
outcome on the treatment and period dummies, with the Stata/`reghdfe` small-sample factor
G/(G-1) · (N-1)/(N-K) and a t interval on G-1 degrees of freedom. `clustered_ols` is the same
machinery without the fixed effects (pooled OLS with clustered errors); `clustered_mean` and
`clustered_difference` give a mean and a two-group gap with the same kind of interval.

Staggered adoption: when units start treatment at different times and the effect grows or differs
between early and late starters, the two-way estimate is a weighted average of 2×2 comparisons,
some of which use already-treated units as controls, and can be biased (Goodman-Bacon 2021;
de Chaisemartin & D'Haultfœuille 2020). With a constant effect it is unbiased. `heartline.stats.staggered`
(Callaway–Sant'Anna) is the estimate that stays right when the effect grows or differs by cohort.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats

Float = npt.NDArray[np.float64]
Int = npt.NDArray[np.intp]


class EstimationError(ValueError):
    """The data cannot identify the estimate (no contrast, too few clusters, mismatched lengths)."""


@dataclass(frozen=True)
class ClusteredFit:
    """OLS coefficients with their cluster-robust covariance."""

    coefficients: Float
    covariance: Float
    n: int
    clusters: int
    level: float

    def std_errors(self) -> Float:
        return np.sqrt(np.clip(np.diag(self.covariance), 0.0, None))

    def interval(self, index: int) -> tuple[float, float]:
        """The `level` t interval of one coefficient, on clusters - 1 degrees of freedom."""
        t = float(scipy_stats.t.ppf(0.5 + self.level / 2, max(self.clusters - 1, 1)))
        value = float(self.coefficients[index])
        spread = t * float(self.std_errors()[index])
        return (value - spread, value + spread)


@dataclass(frozen=True)
class Estimate:
    """An estimate with its clustered standard error, CI, and the records and clusters behind it."""

    value: float
    std_error: float
    ci_low: float
    ci_high: float
    n: int
    clusters: int
    level: float = 0.95

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "std_error": self.std_error,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n": self.n,
            "clusters": self.clusters,
            "level": self.level,
        }

    def covers(self, value: float) -> bool:
        return self.ci_low <= value <= self.ci_high


def _codes(labels: Sequence[Any] | npt.NDArray[Any]) -> tuple[Int, int]:
    _, inverse = np.unique(np.asarray(labels), return_inverse=True)
    codes = inverse.astype(np.intp).ravel()
    return codes, int(codes.max()) + 1 if codes.size else 0


def _demean(values: Float, groups: Int, count: int) -> Float:
    """Subtract each group's mean from its rows (columns of a 2-D array separately)."""
    sizes = np.bincount(groups, minlength=count).astype(np.float64)
    if values.ndim == 1:
        means = np.bincount(groups, weights=values, minlength=count) / sizes
        return values - means[groups]
    out = np.empty_like(values)
    for j in range(values.shape[1]):
        means = np.bincount(groups, weights=values[:, j], minlength=count) / sizes
        out[:, j] = values[:, j] - means[groups]
    return out


def clustered_ols(
    y: npt.ArrayLike,
    x: npt.ArrayLike,
    clusters: Sequence[Any] | npt.NDArray[Any],
    *,
    absorb: Sequence[Any] | npt.NDArray[Any] | None = None,
    level: float = 0.95,
) -> ClusteredFit:
    """OLS of `y` on the columns of `x`, errors clustered by `clusters`.

    With `absorb`, a fixed effect per value of `absorb` is swept out first (the within estimator;
    `x` then carries no constant). The small-sample factor is G/(G-1) · (N-1)/(N-K), K the columns
    of `x` plus one for the absorbed intercept, as Stata's `xtreg, fe vce(cluster)` and `regress,
    cluster()` do (fixed effects nested in the clusters are not counted).
    """
    outcome = np.asarray(y, dtype=np.float64).ravel()
    design = np.asarray(x, dtype=np.float64)
    if design.ndim == 1:
        design = design[:, None]
    n = outcome.shape[0]
    if design.shape[0] != n or len(clusters) != n:
        raise EstimationError(f"y, x and clusters must have the same length ({n}, {design.shape[0]}, {len(clusters)})")
    if n == 0:
        raise EstimationError("no observations")
    cluster_codes, cluster_count = _codes(clusters)
    k = design.shape[1]
    if absorb is not None:
        if len(absorb) != n:
            raise EstimationError("absorb must have one value per observation")
        absorb_codes, absorb_count = _codes(absorb)
        outcome = _demean(outcome, absorb_codes, absorb_count)
        design = _demean(design, absorb_codes, absorb_count)
        k += 1
    xtx = design.T @ design
    if np.linalg.matrix_rank(xtx) < design.shape[1]:
        raise EstimationError("the regressors are collinear (no contrast left to estimate from)")
    bread = np.linalg.inv(xtx)
    coefficients = bread @ (design.T @ outcome)
    residuals = outcome - design @ coefficients
    scores = np.zeros((cluster_count, design.shape[1]))
    np.add.at(scores, cluster_codes, design * residuals[:, None])
    meat = scores.T @ scores
    factor = 1.0
    if cluster_count > 1 and n > k:
        factor = cluster_count / (cluster_count - 1) * (n - 1) / (n - k)
    covariance = factor * bread @ meat @ bread
    return ClusteredFit(coefficients=coefficients, covariance=covariance, n=n, clusters=cluster_count, level=level)


def _estimate(fit: ClusteredFit, index: int) -> Estimate:
    low, high = fit.interval(index)
    return Estimate(
        value=float(fit.coefficients[index]),
        std_error=float(fit.std_errors()[index]),
        ci_low=low,
        ci_high=high,
        n=fit.n,
        clusters=fit.clusters,
        level=fit.level,
    )


def clustered_mean(
    y: npt.ArrayLike, clusters: Sequence[Any] | npt.NDArray[Any], *, level: float = 0.95
) -> Estimate | None:
    """The mean of `y` with a CI that allows for records of one cluster (agent) being alike;
    None when there is nothing to average."""
    values = np.asarray(y, dtype=np.float64).ravel()
    if values.size == 0:
        return None
    fit = clustered_ols(values, np.ones((values.size, 1)), clusters, level=level)
    estimate = _estimate(fit, 0)
    if fit.clusters < 2:
        return Estimate(estimate.value, math.nan, math.nan, math.nan, estimate.n, estimate.clusters, level)
    return estimate


def clustered_difference(
    y: npt.ArrayLike,
    in_group: npt.ArrayLike,
    clusters: Sequence[Any] | npt.NDArray[Any],
    *,
    level: float = 0.95,
) -> Estimate:
    """Mean of `y` where `in_group` minus mean where not (the naive gap), CI clustered by `clusters`."""
    values = np.asarray(y, dtype=np.float64).ravel()
    flag = np.asarray(in_group, dtype=np.float64).ravel()
    if flag.size == 0 or flag.min() == flag.max():
        raise EstimationError("both groups need at least one record to compare")
    design = np.column_stack([np.ones_like(flag), flag])
    return _estimate(clustered_ols(values, design, clusters, level=level), 1)


@dataclass(frozen=True)
class DidResult:
    """The two-way fixed-effects estimate of the treatment effect, and what it rests on."""

    effect: Estimate
    units: int
    periods: int
    treated_units: int
    switching_units: int  # units seen both before and after their start


def two_way_fixed_effects(
    y: npt.ArrayLike,
    treated: npt.ArrayLike,
    unit: Sequence[Any] | npt.NDArray[Any],
    period: Sequence[Any] | npt.NDArray[Any],
    *,
    level: float = 0.95,
) -> DidResult:
    """Effect of `treated` (0/1 per record: the unit had started treatment by the record's period)
    on `y`, with unit and period fixed effects and standard errors clustered by unit.

    Raises EstimationError when the data hold no contrast (no unit observed both untreated and
    treated, or no period with both), or fewer than two units.
    """
    outcome = np.asarray(y, dtype=np.float64).ravel()
    flag = np.asarray(treated, dtype=np.float64).ravel()
    n = outcome.size
    if flag.size != n or len(unit) != n or len(period) != n:
        raise EstimationError("y, treated, unit and period must have the same length")
    unit_codes, unit_count = _codes(unit)
    period_codes, period_count = _codes(period)
    if unit_count < 2:
        raise EstimationError("need records of at least two agents")
    dummies = np.zeros((n, max(period_count - 1, 0)))
    later = period_codes > 0
    dummies[np.flatnonzero(later), period_codes[later] - 1] = 1.0
    design = np.column_stack([flag, dummies])
    try:
        fit = clustered_ols(outcome, design, unit_codes, absorb=unit_codes, level=level)
    except EstimationError as exc:
        raise EstimationError(
            "the fixed effects leave no contrast: no agent is seen both before and after training, "
            "or training lines up with the calendar"
        ) from exc
    by_unit_min = np.full(unit_count, np.inf)
    by_unit_max = np.full(unit_count, -np.inf)
    np.minimum.at(by_unit_min, unit_codes, flag)
    np.maximum.at(by_unit_max, unit_codes, flag)
    return DidResult(
        effect=_estimate(fit, 0),
        units=unit_count,
        periods=period_count,
        treated_units=int((by_unit_max > 0).sum()),
        switching_units=int(((by_unit_min == 0) & (by_unit_max > 0)).sum()),
    )
