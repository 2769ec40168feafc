"""Whether a share changed between two periods: Newcombe's hybrid score interval for a difference of
two independent proportions (Newcombe 1998, method 10, built from the two Wilson intervals) and the
pooled two-proportion z test. Used for "themes trending up" and period-over-period top-box changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from heartline.stats.proportions import Z_95, wilson_interval


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


def proportion_change(
    earlier_hits: int, earlier_n: int, later_hits: int, later_n: int, z: float = Z_95
) -> ProportionChange:
    """Change from earlier_hits/earlier_n to later_hits/later_n; ValueError when a sample is empty."""
    if earlier_n <= 0 or later_n <= 0:
        raise ValueError("both periods need at least one response")
    p1, p2 = later_hits / later_n, earlier_hits / earlier_n
    l1, u1 = wilson_interval(later_hits, later_n, z)
    l2, u2 = wilson_interval(earlier_hits, earlier_n, z)
    change = p1 - p2
    low = change - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = change + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    pooled = (earlier_hits + later_hits) / (earlier_n + later_n)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / earlier_n + 1 / later_n))
    p_value = math.erfc(abs(change / spread) / math.sqrt(2)) if spread > 0 else math.nan
    return ProportionChange(p2, p1, change, low, high, p_value, earlier_n, later_n)
