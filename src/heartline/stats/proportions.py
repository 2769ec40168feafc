"""Confidence intervals for proportions (rates such as one-and-done or service level)."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for successes/trials (Newcombe 1998, method 3); (nan, nan) when trials is 0.

    Unlike the normal approximation it stays within [0, 1] and behaves at 0 and at n.
    """
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes}/{trials}")
    if trials == 0:
        return (math.nan, math.nan)
    p = successes / trials
    z2 = z * z
    centre = p + z2 / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    denominator = 1 + z2 / trials
    low = (centre - spread) / denominator
    high = (centre + spread) / denominator
    return (max(0.0, low), min(1.0, high))


@dataclass(frozen=True)
class Share:
    """hits of n: the share and its Wilson interval (nan throughout when n is 0)."""

    hits: int
    n: int
    value: float
    ci_low: float
    ci_high: float

    @classmethod
    def of(cls, hits: int, n: int, z: float = Z_95) -> Share:
        low, high = wilson_interval(hits, n, z)
        return cls(hits, n, hits / n if n else math.nan, low, high)

    @property
    def label(self) -> str:
        """ "78% (70–85%), 31 of 40", or "no data (n = 0)"."""
        if not self.n:
            return "no data (n = 0)"
        return f"{self.value:.0%} ({self.ci_low:.0%}–{self.ci_high:.0%}), {self.hits:,} of {self.n:,}"
