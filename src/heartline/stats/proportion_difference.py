"""The difference between two independent proportions and its interval: Newcombe's hybrid score
interval (a booster's pass rate on a behavior after it, against before), and the change of a share
between two periods with the pooled two-proportion z test as well ("themes trending up",
period-over-period top-box changes, a practice's unit before and after adopting it)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from heartline.stats.proportions import Z_95, wilson_interval


@dataclass(frozen=True)
class ProportionDifference:
    """p1 − p2 with its interval; nan throughout when either group is empty."""

    difference: float
    ci_low: float
    ci_high: float


def newcombe_difference(
    successes_1: int, trials_1: int, successes_2: int, trials_2: int, z: float = Z_95
) -> ProportionDifference:
    """p1 − p2 = s1/n1 − s2/n2 with Newcombe's hybrid score interval (Newcombe 1998, "Interval
    estimation for the difference between independent proportions", method 10): each proportion's
    Wilson interval (l, u) combined as

        low  = d − sqrt((p1 − l1)² + (u2 − p2)²)
        high = d + sqrt((u1 − p1)² + (p2 − l2)²)

    It stays within [−1, 1] and behaves at 0 and at n, where the Wald interval does not.
    """
    if trials_1 == 0 or trials_2 == 0:
        return ProportionDifference(math.nan, math.nan, math.nan)
    p1 = successes_1 / trials_1
    p2 = successes_2 / trials_2
    l1, u1 = wilson_interval(successes_1, trials_1, z)
    l2, u2 = wilson_interval(successes_2, trials_2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return ProportionDifference(d, low, high)


@dataclass(frozen=True)
class ProportionChange:
    """later share − earlier share, its 95% interval, the z test's p-value and both counts."""

    earlier: float
    later: float
    change: float
    ci_low: float
    ci_high: float
    p_value: float
    earlier_n: int
    later_n: int

    @property
    def label(self) -> str:
        """ "+8.0 points (−2.1 to +18.3)"."""
        return f"{self.change * 100:+.1f} points ({self.ci_low * 100:+.1f} to {self.ci_high * 100:+.1f})"


def proportion_change(
    earlier_hits: int, earlier_n: int, later_hits: int, later_n: int, z: float = Z_95
) -> ProportionChange:
    """Change from earlier_hits/earlier_n to later_hits/later_n (Newcombe's interval, as above, and the
    pooled z test); ValueError when a sample is empty."""
    if earlier_n <= 0 or later_n <= 0:
        raise ValueError("both periods need at least one response")
    difference = newcombe_difference(later_hits, later_n, earlier_hits, earlier_n, z)
    pooled = (earlier_hits + later_hits) / (earlier_n + later_n)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / earlier_n + 1 / later_n))
    p_value = math.erfc(abs(difference.difference / spread) / math.sqrt(2)) if spread > 0 else math.nan
    return ProportionChange(
        earlier_hits / earlier_n,
        later_hits / later_n,
        difference.difference,
        difference.ci_low,
        difference.ci_high,
        p_value,
        earlier_n,
        later_n,
    )
