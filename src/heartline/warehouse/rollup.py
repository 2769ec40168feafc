"""Rolling a rate's finest grouping up to coarser ones, exactly.

A page that shows one rate several ways (overall, by month, by unit, by reason…) asks the warehouse
once, grouped by all those dimensions together, and adds numerators and denominators up here:
sums of counts are exact, so every figure equals what its own query would return, for the cost of
one query instead of one per view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from heartline.warehouse.estimates import PROPORTION, with_interval


def roll_up(rows: Iterable[dict[str, Any]], by: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of a rate metric (numerator, denominator) regrouped by `by` (a subset of their dimensions),
    in the metric's row shape with each regrouped row's Wilson interval, sorted by `by`. With no `by`,
    one row (zero counts, no value or interval, when `rows` is empty)."""
    totals: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        key = tuple(row[d] for d in by)
        counts = totals.setdefault(key, [0, 0])
        counts[0] += int(row["numerator"] or 0)
        counts[1] += int(row["denominator"] or 0)
    if not by and not totals:
        totals[()] = [0, 0]
    rolled = []
    for key in sorted(totals, key=lambda k: tuple((v is None, v) for v in k)):
        numerator, denominator = totals[key]
        row = {
            **dict(zip(by, key, strict=True)),
            "value": numerator / denominator if denominator else None,
            "numerator": numerator,
            "denominator": denominator,
            "n": denominator,
        }
        rolled.append(with_interval(row, PROPORTION))
    return rolled
