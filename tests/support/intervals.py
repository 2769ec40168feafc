"""Reference 95% intervals from libraries independent of heartline.stats, for expected metric rows."""

from __future__ import annotations

import math

import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint


def wilson(numerator: int, denominator: int) -> tuple[object, object]:
    """The Wilson score interval from statsmodels, as approximate values; (None, None) with no trials."""
    if denominator == 0:
        return None, None
    low, high = proportion_confint(numerator, denominator, alpha=0.05, method="wilson")
    return pytest.approx(float(low)), pytest.approx(float(high))


def student_t(mean: float, sd: float | None, n: int) -> tuple[object, object]:
    """The t interval of a mean from scipy, as approximate values; (None, None) for one record (no sd)."""
    if sd is None or n < 2:
        return None, None
    low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=sd / math.sqrt(n))
    return pytest.approx(float(low)), pytest.approx(float(high))
