"""Staggered difference-in-differences robust to effects that differ by cohort or grow with exposure.

Callaway & Sant'Anna (2021), "Difference-in-Differences with multiple time periods", Journal of
Econometrics 225(2): one 2×2 comparison per cohort g (the units first treated in period g) and period
t, ATT(g,t) = mean change of cohort g from its base period to t − mean change of the comparison units
over the same two periods, where the comparison units are never treated, or — by default — not yet
treated by t (and not in cohort g). The base period is the last period before g for t ≥ g and the
period just before t otherwise (the `did` package's "varying" base, so pre-period cells are placebo
checks of parallel trends). Without covariates this is the package's outcome-regression estimate.
Already-treated units are never a comparison, which is what biases two-way fixed effects when the
effect grows with exposure (Goodman-Bacon 2021).

The cells are aggregated as the `did` package's `aggte` does: the overall ATT ("simple") averages the
post-treatment cells weighted by cohort size, the event study averages the cells of each exposure
e = t − g the same way. Standard errors come from the influence function, one value per unit (so
clustered by unit), including the estimation of the cohort-size weights; intervals are normal.

Records are averaged into one value per unit and period first, so every unit-period counts once
whatever its number of records. On an unbalanced panel a 2×2 uses the units seen in both of its
periods. Units treated by the first period have no untreated period and are left out; units first
treated after the last period are never treated as far as the data can tell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats

from heartline.stats.did import Estimate, EstimationError

Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
Control = Literal["not_yet_treated", "never_treated"]
CONTROLS: tuple[Control, ...] = ("not_yet_treated", "never_treated")


@dataclass(frozen=True)
class GroupTimeEffect:
    """ATT(g,t): the effect on cohort `cohort` in `period`, `exposure` = period − cohort."""

    cohort: float
    period: float
    exposure: float
    estimate: Estimate
    treated_units: int
    control_units: int


@dataclass(frozen=True)
class ExposureEffect:
    """The event-study effect `exposure` periods after the start (negative: placebo periods before)."""

    exposure: float
    estimate: Estimate


@dataclass(frozen=True)
class StaggeredResult:
    """The overall ATT, the event study by exposure and the group-time cells behind them."""

    overall: Estimate
    event_study: tuple[ExposureEffect, ...]
    group_time: tuple[GroupTimeEffect, ...]
    control: Control
    units: int  # units in the estimation (always-treated units excluded)
    periods: int
    cohorts: int
    treated_units: int  # units first treated within the periods
    always_treated_units: int  # left out: treated by the first period

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.overall.as_dict(),
            "control": self.control,
            "units": self.units,
            "periods": self.periods,
            "cohorts": self.cohorts,
            "treated_units": self.treated_units,
            "always_treated_units": self.always_treated_units,
            "event_study": [{"exposure": e.exposure, **e.estimate.as_dict()} for e in self.event_study],
        }


@dataclass(frozen=True)
class _Panel:
    outcome: Float  # units × periods cell means, NaN where a unit has no record
    records: Float  # units × periods record counts
    periods: Float  # sorted period values
    cohort: Float  # per unit: first treated period, inf when never (within the data)


@dataclass(frozen=True)
class _Cell:
    cohort: float
    period: float
    att: float
    influence: Float  # one value per unit
    used: Bool  # units × periods: the cells this comparison reads
    treated_units: int
    control_units: int


def callaway_santanna(
    y: npt.ArrayLike,
    unit: Sequence[Any] | npt.NDArray[Any],
    period: npt.ArrayLike,
    first_treated: npt.ArrayLike,
    *,
    control: Control = "not_yet_treated",
    level: float = 0.95,
) -> StaggeredResult:
    """Callaway–Sant'Anna ATT of a staggered treatment on `y`, overall and by exposure.

    `period` is a number per record (e.g. months as year·12 + month − 1); `first_treated` is the
    period of the record's unit's first treated period, NaN for a unit never treated, and must be the
    same on every record of a unit. Raises EstimationError on mismatched lengths, a unit with two
    start periods, or data with no cohort that has both a period before its start and a comparison
    unit in some period.
    """
    if control not in CONTROLS:
        raise ValueError(f"control must be one of {', '.join(CONTROLS)}; got {control!r}")
    panel, always_treated = _panel(y, unit, period, first_treated)
    cells = _cells(panel, control)
    if not any(c.period >= c.cohort for c in cells):
        raise EstimationError(
            "no cohort can be compared: each needs a period before its start and, in some period after it, "
            "units not yet treated"
        )
    z = float(scipy_stats.norm.ppf(0.5 + level / 2))
    exposures = sorted({c.period - c.cohort for c in cells})
    event_study = tuple(
        ExposureEffect(e, _aggregate(panel, [c for c in cells if c.period - c.cohort == e], z, level))
        for e in exposures
    )
    group_time = tuple(
        GroupTimeEffect(
            c.cohort,
            c.period,
            c.period - c.cohort,
            _aggregate(panel, [c], z, level),
            c.treated_units,
            c.control_units,
        )
        for c in cells
    )
    finite = panel.cohort[np.isfinite(panel.cohort)]
    return StaggeredResult(
        overall=_aggregate(panel, [c for c in cells if c.period >= c.cohort], z, level),
        event_study=event_study,
        group_time=group_time,
        control=control,
        units=int(panel.cohort.size),
        periods=int(panel.periods.size),
        cohorts=int(np.unique(finite).size),
        treated_units=int(finite.size),
        always_treated_units=always_treated,
    )


def _panel(
    y: npt.ArrayLike, unit: Sequence[Any] | npt.NDArray[Any], period: npt.ArrayLike, first_treated: npt.ArrayLike
) -> tuple[_Panel, int]:
    outcome = np.asarray(y, dtype=np.float64).ravel()
    when = np.asarray(period, dtype=np.float64).ravel()
    start = np.asarray(first_treated, dtype=np.float64).ravel()
    n = outcome.size
    if when.size != n or start.size != n or len(unit) != n:
        raise EstimationError(f"y, unit, period and first_treated must have the same length ({n})")
    if n == 0:
        raise EstimationError("no observations")
    if not (np.isfinite(outcome).all() and np.isfinite(when).all()):
        raise EstimationError("y and period must be finite numbers")
    _, unit_codes = np.unique(np.asarray(unit), return_inverse=True)
    unit_codes = unit_codes.ravel()
    periods, period_codes = np.unique(when, return_inverse=True)
    period_codes = period_codes.ravel()
    unit_count = int(unit_codes.max()) + 1
    never = np.isnan(start) | (start > periods[-1])
    start = np.where(never, np.inf, start)
    cohort = np.full(unit_count, np.nan)
    cohort[unit_codes] = start
    if not np.array_equal(cohort[unit_codes], start):
        raise EstimationError("every record of a unit must carry the same first treated period")

    keep = cohort > periods[0]  # treated by the first period: no untreated period to compare with
    always_treated = int(unit_count - np.count_nonzero(keep))
    new_code = np.cumsum(keep) - 1
    rows = keep[unit_codes]
    units = int(np.count_nonzero(keep))
    flat = new_code[unit_codes[rows]] * periods.size + period_codes[rows]
    size = units * periods.size
    records = np.bincount(flat, minlength=size).astype(np.float64).reshape(units, periods.size)
    sums = np.bincount(flat, weights=outcome[rows], minlength=size).reshape(units, periods.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(records > 0, sums / records, np.nan)
    return _Panel(means, records, periods.astype(np.float64), cohort[keep]), always_treated


def _cells(panel: _Panel, control: Control) -> list[_Cell]:
    """Every ATT(g,t) with at least one treated and one comparison unit seen in both its periods."""
    units, period_count = panel.outcome.shape
    seen = ~np.isnan(panel.outcome)
    cohorts = np.unique(panel.cohort[np.isfinite(panel.cohort)])
    never = np.isinf(panel.cohort)
    cells: list[_Cell] = []
    for g in cohorts.tolist():
        treated = panel.cohort == g
        last_before = int(np.searchsorted(panel.periods, g, side="left")) - 1  # index of the last period < g
        for j in range(1, period_count):
            t = float(panel.periods[j])
            base = last_before if t >= g else j - 1
            comparison = never if control == "never_treated" else never | ((panel.cohort > t) & ~treated)
            both = seen[:, j] & seen[:, base]
            in_treated = treated & both
            in_control = comparison & both
            n_treated, n_control = int(in_treated.sum()), int(in_control.sum())
            if n_treated == 0 or n_control == 0:
                continue
            change = np.where(both, panel.outcome[:, j] - panel.outcome[:, base], 0.0)
            mean_treated = float(change[in_treated].mean())
            mean_control = float(change[in_control].mean())
            # Influence function scaled to all units, as the `did` package does: the estimate's error
            # is the mean of these over units.
            influence = np.zeros(units)
            influence[in_treated] = units * (change[in_treated] - mean_treated) / n_treated
            influence[in_control] = -units * (change[in_control] - mean_control) / n_control
            used = np.zeros((units, period_count), dtype=np.bool_)
            used[in_treated | in_control, j] = True
            used[in_treated | in_control, base] = True
            cells.append(_Cell(g, t, mean_treated - mean_control, influence, used, n_treated, n_control))
    return cells


def _aggregate(panel: _Panel, cells: list[_Cell], z: float, level: float) -> Estimate:
    """The cohort-size weighted mean of `cells`, with the influence function of the weights added
    (the `did` package's `aggte`)."""
    units = panel.cohort.size
    if not cells:
        return Estimate(math.nan, math.nan, math.nan, math.nan, 0, 0, level)
    att = np.array([c.att for c in cells])
    membership = np.column_stack([panel.cohort == c.cohort for c in cells]).astype(np.float64)  # units × K
    shares = membership.mean(axis=0)  # P(G = g) of each cell's cohort
    total = float(shares.sum())
    weights = shares / total
    influence = np.column_stack([c.influence for c in cells]) @ weights
    deviation = membership - shares
    weight_influence = deviation / total - np.outer(deviation.sum(axis=1), shares / total**2)
    influence = influence + weight_influence @ att
    value = float(att @ weights)
    std_error = math.sqrt(float(influence @ influence)) / units
    used = np.logical_or.reduce([c.used for c in cells])
    return Estimate(
        value=value,
        std_error=std_error,
        ci_low=value - z * std_error,
        ci_high=value + z * std_error,
        n=int(panel.records[used].sum()),
        clusters=int(np.count_nonzero(used.any(axis=1))),
        level=level,
    )
