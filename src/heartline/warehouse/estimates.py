"""What a metric's value estimates, and so how the framework builds its 95% interval.

A runner declares `estimate`: `PROPORTION` (a share of records: Wilson score interval from numerator
and denominator), `MEAN` (a mean over records: Student's t interval from value, sd and n), an
`Estimate` of its own (a figure with a published interval of its own, such as NPS), or `None` (a count:
no interval). The framework adds `ci_low` and `ci_high` to every row from that declaration, so no
entry point (page, API, command line) computes an interval of its own, and none can forget one.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from heartline.stats.means import t_interval
from heartline.stats.proportions import wilson_interval

Interval = tuple[float | None, float | None]
NO_INTERVAL: Interval = (None, None)


def _finite(low: float, high: float) -> Interval:
    """NaN (undefined: no records, one record for a mean) becomes None, which JSON can carry."""
    if math.isnan(low) or math.isnan(high):
        return NO_INTERVAL
    return (low, high)


class Estimate(ABC):
    """A kind of figure: its name (shown in `GET /api/v1/metrics`), the row columns its interval needs,
    and the interval itself."""

    name: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]

    @abstractmethod
    def interval(self, row: Mapping[str, Any]) -> Interval:
        """The 95% interval of `row`'s value; (None, None) where it is undefined."""


class Proportion(Estimate):
    """A share of records (value = numerator / denominator): the Wilson score interval (Newcombe 1998)."""

    name = "proportion"
    columns = ("numerator", "denominator")

    def interval(self, row: Mapping[str, Any]) -> Interval:
        numerator, denominator = row.get("numerator"), row.get("denominator")
        if numerator is None or not denominator:
            return NO_INTERVAL
        return _finite(*wilson_interval(int(numerator), int(denominator)))


class Mean(Estimate):
    """A mean over n records (value) with their sample standard deviation (sd): Student's t interval."""

    name = "mean"
    columns = ("value", "sd", "n")

    def interval(self, row: Mapping[str, Any]) -> Interval:
        mean, sd, n = row.get("value"), row.get("sd"), row.get("n")
        if mean is None or sd is None or n is None:
            return NO_INTERVAL
        return _finite(*t_interval(float(mean), float(sd), int(n)))


PROPORTION = Proportion()
MEAN = Mean()


def with_interval(row: Mapping[str, Any], estimate: Estimate | None) -> dict[str, Any]:
    """`row` with `ci_low` and `ci_high` just after `value` (both None when `estimate` is None)."""
    low, high = NO_INTERVAL if estimate is None else estimate.interval(row)
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("ci_low", "ci_high"):
            continue
        out[key] = value
        if key == "value":
            out["ci_low"], out["ci_high"] = low, high
    if "value" not in out:
        out["ci_low"], out["ci_high"] = low, high
    return out
