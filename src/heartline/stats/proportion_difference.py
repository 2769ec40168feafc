"""The difference between two independent proportions and its interval (a booster's pass rate on a
behavior after it, against before)."""

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
