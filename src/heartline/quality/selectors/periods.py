"""Which of consecutive periods of the organization's days a stored instant falls in, in the query.

Django's TruncDate/TruncMonth with a zone run in Python for every row on SQLite (0.2 s of the large
demo's 18k audits by month; 52k calls on the leaders' page). A period is instead a range of instants,
each boundary the start of a day by `core.clock` (the one time-zone rule), and the database picks the
range by a binary search of comparisons: a few per row, however many periods there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Field, Value, When

from heartline.core import clock


def period_of(field: str, days: Sequence[dt.date], labels: Sequence[object], output_field: Field[Any, Any]) -> Any:
    """`labels[i]` for an instant in `field` from the start of `days[i]` up to that of `days[i + 1]`
    (`len(days) == len(labels) + 1`; instants outside the first and last day are given the end labels)."""
    if len(days) != len(labels) + 1 or not labels:
        raise ValueError(f"{len(days)} boundaries for {len(labels)} periods: need one more boundary than periods")

    def search(low: int, high: int) -> Any:
        if high - low == 1:
            return Value(labels[low], output_field=output_field)
        middle = (low + high) // 2
        return Case(
            When(**{f"{field}__lt": clock.start_of_day(days[middle])}, then=search(low, middle)),
            default=search(middle, high),
            output_field=output_field,
        )

    return search(0, len(labels))
