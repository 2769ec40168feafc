"""Survey scores members see on the voice-of-the-member pages: NPS, CSAT top-box and CAHPS scores.

Net Promoter Score comes from 0–10 likelihood-to-recommend ratings (promoters 9–10, passives 7–8,
detractors 0–6; NPS = % promoters − % detractors) with the adjusted Wald interval of Rocks (2016) —
good coverage at small n, and never of zero width — and a z test for the change between two
independent periods. CSAT top-box is the share of 4–5 on a
1–5 scale. CAHPS items are scored two ways, as CMS publishes them: top-box ("Always", "Yes", or 9–10
on a 0–10 rating) and the linear mean score on 0–100 (Never 0, Sometimes 33⅓, Usually 66⅔, Always 100;
No 0, Yes 100; a 0–10 rating × 10). Shares carry Wilson intervals; means carry normal intervals. Every
result says how many responses it rests on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from heartline.stats.proportions import Z_95, wilson_interval

CahpsScale = Literal["frequency", "yes_no", "rating"]

# CAHPS response words and their linear-mean values (CMS HCAHPS scoring: 0, 33⅓, 66⅔, 100).
_FREQUENCY_SCORES = {"never": 0.0, "sometimes": 100 / 3, "usually": 200 / 3, "always": 100.0}
_YES_NO_SCORES = {"no": 0.0, "yes": 100.0}


@dataclass(frozen=True)
class NpsResult:
    """Net Promoter Score (−100 to 100) with its adjusted Wald interval and the counts it rests on."""

    nps: float
    ci_low: float
    ci_high: float
    n: int
    promoters: int
    passives: int
    detractors: int


@dataclass(frozen=True)
class NpsChange:
    """The change `later − earlier` between two independent NPS values, with its interval and z test."""

    change: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float


@dataclass(frozen=True)
class TopBoxResult:
    """The share (0–1) of responses in the top box, with its Wilson interval and counts."""

    share: float
    ci_low: float
    ci_high: float
    top_box: int
    n: int


@dataclass(frozen=True)
class MeanScoreResult:
    """A 0–100 mean score with its normal interval and the number of responses."""

    mean: float
    ci_low: float
    ci_high: float
    n: int


def net_promoter_score(ratings: Iterable[float], *, z: float = Z_95) -> NpsResult:
    """NPS from 0–10 ratings; ValueError on a rating that is not a whole number from 0 to 10.

    See `nps_from_counts` for the interval.
    """
    values = _whole_numbers(ratings, 0, 10, "rating")
    promoters = int(np.count_nonzero(values >= 9))
    detractors = int(np.count_nonzero(values <= 6))
    return nps_from_counts(promoters, values.size - promoters - detractors, detractors, z=z)


def nps_from_counts(promoters: int, passives: int, detractors: int, *, z: float = Z_95) -> NpsResult:
    """NPS = 100·(P − D)/n with the adjusted Wald interval, clipped to [−100, 100].

    Rocks, B. (2016), "Interval estimation for the 'net promoter score'", The American Statistician
    70(4):365–372: add three pseudo-responses — ¾ promoter, ¾ detractor, 1½ passive — so ñ = n + 3,
    p̃ = (P + ¾)/ñ, d̃ = (D + ¾)/ñ, and take 100·(p̃ − d̃) ± z·100·√((p̃ + d̃ − (p̃ − d̃)²)/ñ). The plain
    Wald interval (no pseudo-responses) covers a 95% interval's truth as rarely as 83% of the time at
    n = 30 when most members are promoters, and collapses to a point when every response is in one
    group; this one stays at or above 93% across share mixes at n = 30 (tests/stats/test_nps.py) and
    always has width. The NPS itself is the plain share difference. With no responses every number is
    NaN.
    """
    if min(promoters, passives, detractors) < 0:
        raise ValueError(f"counts must be >= 0, got {promoters}/{passives}/{detractors}")
    n = promoters + passives + detractors
    if n == 0:
        return NpsResult(math.nan, math.nan, math.nan, 0, 0, 0, 0)
    nps = 100 * (promoters - detractors) / n
    adjusted_n = n + 3
    share_promoters = (promoters + 0.75) / adjusted_n
    share_detractors = (detractors + 0.75) / adjusted_n
    centre = 100 * (share_promoters - share_detractors)
    spread = share_promoters + share_detractors - (share_promoters - share_detractors) ** 2
    margin = z * 100 * math.sqrt(spread / adjusted_n)
    return NpsResult(nps, max(-100.0, centre - margin), min(100.0, centre + margin), n, promoters, passives, detractors)


def nps_change(earlier: NpsResult, later: NpsResult, *, z: float = Z_95) -> NpsChange:
    """Test the change in NPS between two independent samples (two periods, two units).

    change = later − earlier; SE = √(Var_earlier + Var_later) with each the plain multinomial variance
    100²·(p_P + p_D − (p_P − p_D)²)/n (no pseudo-responses: this is the test of the observed change);
    z = change / SE and a two-sided normal p-value; the interval change ± z·SE is
    clipped to [−200, 200]. z and p are NaN when SE is 0 (both samples all in one group) or a sample
    is empty.
    """
    if earlier.n == 0 or later.n == 0:
        return NpsChange(math.nan, math.nan, math.nan, math.nan, math.nan)
    change = later.nps - earlier.nps
    standard_error = math.sqrt(
        _nps_variance(earlier.promoters, earlier.detractors, earlier.n)
        + _nps_variance(later.promoters, later.detractors, later.n)
    )
    if standard_error == 0:
        return NpsChange(change, change, change, math.nan, math.nan)
    statistic = change / standard_error
    margin = z * standard_error
    return NpsChange(
        change,
        max(-200.0, change - margin),
        min(200.0, change + margin),
        statistic,
        math.erfc(abs(statistic) / math.sqrt(2)),
    )


def csat_top_box(ratings: Iterable[float]) -> TopBoxResult:
    """Share of 4s and 5s among 1–5 satisfaction ratings, with a Wilson interval.

    ValueError on a rating that is not a whole number from 1 to 5.
    """
    values = _whole_numbers(ratings, 1, 5, "rating")
    return _top_box(int(np.count_nonzero(values >= 4)), values.size)


def cahps_top_box(responses: Iterable[str | float], scale: CahpsScale) -> TopBoxResult:
    """CAHPS top-box share with a Wilson interval: "Always" (frequency), "Yes" (yes_no), 9–10 (rating).

    Words are matched ignoring case and surrounding spaces; ValueError on a response the scale does
    not have.
    """
    scores = _cahps_scores(responses, scale)
    return _top_box(int(np.count_nonzero(scores >= 90)), scores.size)


def cahps_linear_mean(responses: Iterable[str | float], scale: CahpsScale, *, z: float = Z_95) -> MeanScoreResult:
    """CAHPS linear mean score on 0–100 with the interval mean ± z·s/√n, clipped to [0, 100].

    Never 0, Sometimes 33⅓, Usually 66⅔, Always 100; No 0, Yes 100; a 0–10 rating × 10. s is the
    sample standard deviation; the interval is NaN with fewer than two responses, everything with none.
    """
    scores = _cahps_scores(responses, scale)
    n = scores.size
    if n == 0:
        return MeanScoreResult(math.nan, math.nan, math.nan, 0)
    mean = float(scores.mean())
    if n < 2:
        return MeanScoreResult(mean, math.nan, math.nan, n)
    margin = z * float(scores.std(ddof=1)) / math.sqrt(n)
    return MeanScoreResult(mean, max(0.0, mean - margin), min(100.0, mean + margin), n)


def _nps_variance(promoters: int, detractors: int, n: int) -> float:
    share_promoters = promoters / n
    share_detractors = detractors / n
    spread = share_promoters + share_detractors - (share_promoters - share_detractors) ** 2
    return 100.0**2 * spread / n


def _top_box(top_box: int, n: int) -> TopBoxResult:
    low, high = wilson_interval(top_box, n)
    share = top_box / n if n else math.nan
    return TopBoxResult(share, low, high, top_box, n)


def _cahps_scores(responses: Iterable[str | float], scale: CahpsScale) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    if scale == "rating":
        return _whole_numbers(responses, 0, 10, "rating") * 10.0
    if scale == "frequency":
        table = _FREQUENCY_SCORES
    elif scale == "yes_no":
        table = _YES_NO_SCORES
    else:
        raise ValueError(f"scale must be frequency, yes_no or rating; got {scale!r}")
    scores: list[float] = []
    for position, response in enumerate(responses):
        score = table.get(str(response).strip().casefold())
        if score is None:
            allowed = ", ".join(word.capitalize() for word in table)
            raise ValueError(f"response {response!r} at position {position} is not one of {allowed}")
        scores.append(score)
    return np.asarray(scores, dtype=np.float64)


def _whole_numbers(
    values: Iterable[str | float], lowest: int, highest: int, what: str
) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """The values as floats, after checking each is a whole number from lowest to highest."""
    checked: list[float] = []
    for position, value in enumerate(values):
        number = _as_number(value)
        if number is None or not number.is_integer() or not lowest <= number <= highest:
            raise ValueError(
                f"{what} {value!r} at position {position} is not a whole number from {lowest} to {highest}"
            )
        checked.append(number)
    return np.asarray(checked, dtype=np.float64)


def _as_number(value: str | float) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
