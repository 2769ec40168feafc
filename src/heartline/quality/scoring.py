"""How an audit's score is computed from its answers (pure; no database).

Each applicable item earns a share of its weight: Yes 1, No 0; on a 1–5 scale (rating − 1) / 4, so
1 earns nothing and 5 everything. Not-applicable items leave the denominator. The score is
100 × earned weight / applicable weight. A critical item that fails — No, or 1 or 2 on a 1–5 scale —
fails the audit: its score is 0 whatever else was earned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from heartline.core.errors import ActionRefused

YES_NO_NA = "yes_no_na"
ONE_TO_FIVE = "one_to_five"
SCALE_RATINGS = {YES_NO_NA: (0, 1), ONE_TO_FIVE: (1, 2, 3, 4, 5)}
CRITICAL_FAIL_BELOW = {YES_NO_NA: 1, ONE_TO_FIVE: 3}  # ratings under this fail a critical item
MET_FROM = {YES_NO_NA: 1, ONE_TO_FIVE: 4}  # ratings from this on count as the behavior shown


class ScoringError(ActionRefused):
    """Answers that cannot be scored (a rating off the item's scale, nothing applicable)."""


@dataclass(frozen=True)
class ScoredItem:
    code: str
    scale: str
    weight: int
    critical: bool
    rating: int | None  # None: not applicable


@dataclass(frozen=True)
class ScoreResult:
    score: float
    passed_critical: bool
    earned: float
    applicable: float


def credit(scale: str, rating: int) -> float:
    """The share of an item's weight a rating earns."""
    ratings = SCALE_RATINGS.get(scale)
    if ratings is None:
        raise ScoringError(f"unknown scale {scale!r}")
    if rating not in ratings:
        raise ScoringError(f"rating {rating} is not on the {scale} scale ({', '.join(map(str, ratings))})")
    return float(rating) if scale == YES_NO_NA else (rating - 1) / 4


def fails_critical(scale: str, rating: int | None) -> bool:
    return rating is not None and rating < CRITICAL_FAIL_BELOW[scale]


def shows_behavior(scale: str, rating: int | None) -> bool | None:
    """Whether a rating counts as the behavior shown (None when not applicable)."""
    return None if rating is None else rating >= MET_FROM[scale]


def score(items: Iterable[ScoredItem]) -> ScoreResult:
    earned = applicable = 0.0
    passed = True
    for item in items:
        if item.rating is None:
            continue
        earned += item.weight * credit(item.scale, item.rating)
        applicable += item.weight
        if item.critical and fails_critical(item.scale, item.rating):
            passed = False
    if applicable == 0:
        raise ScoringError("no item applies: an audit needs at least one rated item")
    value = 100.0 * earned / applicable if passed else 0.0
    return ScoreResult(score=round(value, 2), passed_critical=passed, earned=earned, applicable=applicable)
