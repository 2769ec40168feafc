"""The 95% interval of a mean score, from the sums a database aggregate returns (pure)."""

from __future__ import annotations

import math

from scipy import stats


def mean_interval(n: int, total: float, sum_of_squares: float, confidence: float = 0.95) -> tuple[float, float]:
    """Student's t interval of the mean of `n` values with sum `total` and sum of squares
    `sum_of_squares`: mean ± t(1 − (1 − confidence)/2, n − 1) · s / √n. NaN bounds when n < 2."""
    if n < 2:
        return (math.nan, math.nan)
    mean = total / n
    variance = max((sum_of_squares - n * mean * mean) / (n - 1), 0.0)
    half = float(stats.t.ppf(1 - (1 - confidence) / 2, n - 1)) * math.sqrt(variance / n)
    return (mean - half, mean + half)
