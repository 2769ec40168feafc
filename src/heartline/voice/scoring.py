"""Scores as people read them: NPS, CSAT and CAHPS with their 95% intervals and n, groups under the
minimum n greyed and never ranked, and whether a change between two periods is significant.

Built on `heartline.stats.nps` (the definitions and intervals) and the survey runners' counts.
The minimum n is `settings.VOICE_MIN_RESPONSES` (default 30).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings

from heartline.stats.nps import (
    MeanScoreResult,
    NpsChange,
    NpsResult,
    TopBoxResult,
    cahps_linear_mean,
    cahps_top_box,
    csat_top_box,
    nps_change,
    nps_from_counts,
)
from heartline.voice.surveys import FREQUENCY_ANSWERS, ITEMS_BY_CODE, Scale

DEFAULT_MIN_RESPONSES = 30


def min_responses() -> int:
    """Groups with fewer responses than this are shown greyed, with their n, and never ranked."""
    return int(getattr(settings, "VOICE_MIN_RESPONSES", DEFAULT_MIN_RESPONSES))


@dataclass(frozen=True)
class ScoredGroup:
    """One group's NPS; `rank` is None for groups under the minimum n or with a zero-width interval
    (and 1 for the best otherwise)."""

    key: dict[str, Any]
    label: str
    nps: NpsResult
    below_minimum: bool
    rank: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.key,
            "label": self.label,
            **nps_dict(self.nps),
            "below_minimum": self.below_minimum,
            "rank": self.rank,
        }


def nps_dict(result: NpsResult) -> dict[str, Any]:
    return {
        "nps": _finite(result.nps),
        "ci_low": _finite(result.ci_low),
        "ci_high": _finite(result.ci_high),
        "n": result.n,
        "promoters": result.promoters,
        "passives": result.passives,
        "detractors": result.detractors,
    }


def nps_of_row(row: dict[str, Any]) -> NpsResult:
    """NPS with its interval from a `survey-nps` runner row (or any row with the three counts)."""
    return nps_from_counts(int(row["promoters"]), int(row["passives"]), int(row["detractors"]))


def nps_total(rows: Iterable[dict[str, Any]]) -> NpsResult:
    """NPS over several `survey-nps` rows (counts add up exactly)."""
    promoters = passives = detractors = 0
    for row in rows:
        promoters += int(row["promoters"])
        passives += int(row["passives"])
        detractors += int(row["detractors"])
    return nps_from_counts(promoters, passives, detractors)


def ranked_groups(
    rows: Sequence[dict[str, Any]], dimension: str, labels: dict[str, str] | None = None, minimum: int | None = None
) -> list[ScoredGroup]:
    """Groups with at least `minimum` responses ranked by NPS (best first), then the rest, unranked, by n.

    A group whose interval has no width (or none at all) is not ranked either: a rank read off a point
    pretends to a certainty the responses do not give. The adjusted Wald interval always has width, so
    this guards the contract rather than a case the intervals produce today.
    """
    minimum = min_responses() if minimum is None else minimum
    labels = labels or {}
    scored = [
        ScoredGroup(
            key={dimension: row[dimension]},
            label=labels.get(str(row[dimension]), str(row[dimension] or "(none)")),
            nps=nps_of_row(row),
            below_minimum=int(row["n"]) < minimum,
        )
        for row in rows
    ]
    ranked = sorted((g for g in scored if _rankable(g)), key=lambda g: (-g.nps.nps, g.label))
    unranked = sorted((g for g in scored if not _rankable(g)), key=lambda g: (-g.nps.n, g.label))
    return [ScoredGroup(g.key, g.label, g.nps, False, rank) for rank, g in enumerate(ranked, start=1)] + unranked


def _rankable(group: ScoredGroup) -> bool:
    return not group.below_minimum and group.nps.ci_high > group.nps.ci_low  # False for NaN too


@dataclass(frozen=True)
class Change:
    """A change between two periods with its interval, p-value and whether it is significant at 5%."""

    change: float
    ci_low: float
    ci_high: float
    p_value: float
    significant: bool
    earlier_n: int
    later_n: int

    def as_dict(self) -> dict[str, Any]:
        return {k: _finite(v) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def nps_period_change(earlier: NpsResult, later: NpsResult) -> Change:
    """later − earlier with the z test of `stats.nps.nps_change`; significant when p < 0.05."""
    result: NpsChange = nps_change(earlier, later)
    significant = not math.isnan(result.p_value) and result.p_value < 0.05
    return Change(result.change, result.ci_low, result.ci_high, result.p_value, significant, earlier.n, later.n)


@dataclass(frozen=True)
class ItemScore:
    """One item's scores: top-box share (Wilson CI) and, for CAHPS scales, the 0–100 linear mean."""

    code: str
    label: str
    scale: str
    top_box: TopBoxResult
    mean: MeanScoreResult | None
    below_minimum: bool
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "item": self.code,
            "label": self.label,
            "scale": self.scale,
            "n": self.top_box.n,
            "top_box": _finite(self.top_box.share),
            "top_box_ci_low": _finite(self.top_box.ci_low),
            "top_box_ci_high": _finite(self.top_box.ci_high),
            "below_minimum": self.below_minimum,
            "counts": self.counts,
        }
        if self.mean is not None:
            answer.update(
                mean=_finite(self.mean.mean),
                mean_ci_low=_finite(self.mean.ci_low),
                mean_ci_high=_finite(self.mean.ci_high),
            )
        return answer


def item_score(code: str, counts: dict[str, int], minimum: int | None = None) -> ItemScore:
    """Score one item from its answer counts (`survey-answers` rows rolled up to answer → n).

    CSAT (1–5 satisfaction) and agreement items: top box is 4–5. CAHPS frequency: top box "Always",
    linear mean Never 0 … Always 100; Yes/No: top box "Yes", mean 0/100; 0–10 ratings: top box 9–10,
    mean rating × 10.
    """
    item = ITEMS_BY_CODE[code]
    minimum = min_responses() if minimum is None else minimum
    expanded = [answer for answer, n in counts.items() for _ in range(int(n))]
    mean = None
    if item.scale in (Scale.SATISFACTION, Scale.AGREEMENT):
        top = csat_top_box([int(a) for a in expanded])
    elif item.scale == Scale.FREQUENCY:
        top = cahps_top_box(expanded, "frequency")
        mean = cahps_linear_mean(expanded, "frequency")
    elif item.scale == Scale.YES_NO:
        top = cahps_top_box(expanded, "yes_no")
        mean = cahps_linear_mean(expanded, "yes_no")
    elif item.scale in (Scale.RATING, Scale.LIKELIHOOD):
        numbers = np.asarray([int(a) for a in expanded], dtype=np.float64)
        top = cahps_top_box(numbers.tolist(), "rating")
        mean = cahps_linear_mean(numbers.tolist(), "rating")
    else:
        raise ValueError(f"item {code} is free text and has no score")
    ordered = _answer_order(item.scale, counts)
    return ItemScore(code, item.label, item.scale.value, top, mean, top.n < minimum, ordered)


def _answer_order(scale: Scale, counts: dict[str, int]) -> dict[str, int]:
    if scale == Scale.FREQUENCY:
        return {a: int(counts.get(a, 0)) for a in FREQUENCY_ANSWERS}
    if scale == Scale.YES_NO:
        return {a: int(counts.get(a, 0)) for a in ("Yes", "No")}
    return {a: int(counts[a]) for a in sorted(counts, key=lambda a: int(a))}


def _finite(value: float) -> float | None:
    """NaN (no data) as None, so JSON and templates show a dash instead of "nan"."""
    return None if value is None or math.isnan(value) else round(float(value), 4)
