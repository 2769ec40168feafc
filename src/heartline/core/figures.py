"""Figures rounded for people: a value with its 95% interval, as the command line and pages print it.

Machines get full precision (the API, `heartline metrics --json`); people get `78.0% (77.7–78.0)` for a
proportion, `312.4 (305.1–319.8)` for a mean, `1,204` for a count. One function for both, so a page and
the command line never round the same figure differently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

DASH = "–"  # an en dash between an interval's ends


def decimals(value: float) -> int:
    """Decimals that show a figure's meaningful digits: 1 from 10 up, 2 from 1 up, 3 below."""
    size = abs(value)
    if size >= 10:
        return 1
    if size >= 1 or size == 0:
        return 2
    return 3


def number(value: Any, places: int | None = None) -> str:
    """`value` with thousands separators: whole numbers as such, others to `places` (else `decimals`)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, int) or (places is None and float(value).is_integer()):
        return f"{int(value):,}"
    return f"{float(value):,.{decimals(float(value)) if places is None else places}f}"


def _float(value: Any) -> float | None:
    """`value` as a float; None when it is missing or NaN (undefined)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def figure_value(row: Mapping[str, Any], percent: bool = False) -> str:
    """A row's value alone: a percentage to one decimal, else a number (see `number`)."""
    value = _float(row.get("value"))
    if value is None:
        return "—"
    if percent:
        return f"{value * 100:.1f}%"
    return number(value, decimals(value) if _float(row.get("ci_low")) is not None else None)


def figure_interval(row: Mapping[str, Any], percent: bool = False) -> str:
    """A row's 95% interval as `low–high` (percentages without the sign), or "" when it has none."""
    low, high = _float(row.get("ci_low")), _float(row.get("ci_high"))
    if low is None or high is None:
        return ""
    if percent:
        return f"{low * 100:.1f}{DASH}{high * 100:.1f}"
    value = _float(row.get("value"))
    places = 1 if value is None else decimals(value)
    return f"{number(low, places)}{DASH}{number(high, places)}"


def figure(row: Mapping[str, Any], percent: bool = False) -> str:
    """`value (low–high)`: `78.0% (77.7–78.0)` for a proportion with `percent`, `312.4 (305.1–319.8)`
    for a mean; the value alone when the row has no interval (a count, a mean of one record)."""
    interval = figure_interval(row, percent)
    value = figure_value(row, percent)
    return f"{value} ({interval})" if interval else value
