"""A manager's or executive's home: their units (or division) at a glance — one-and-done, handoffs,
service level, quality and NPS, each with its trend, n and interval and what changed since the week
(or month) before — and each unit's figures, with links to drill down."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller
from heartline.core.home.figures import RECENT_DAYS, rate_trend
from heartline.core.selectors import unit_names
from heartline.quality.selectors.scores import ScoreFilters, scores_by
from heartline.voice.analytics import default_period, monthly_trend, nps_block

MONTHS_SHOWN = 6
RATES = (
    ("one-and-done", "One and done", "contacts:one-and-done", True),
    ("handoff-rate", "Handoffs", "contacts:one-and-done", False),
    ("service-level", "Service level", "contacts:list", True),
)


def _first_of_month(day: dt.date, months_back: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - months_back
    return dt.date(month // 12, month % 12 + 1, 1)


def _quality(caller: Caller, through: dt.date | None) -> dict[str, Any]:
    """Mean audit score by month: the MONTHS_SHOWN months up to the contacts' latest day (all months
    when there are no contacts to date them by)."""
    start = _first_of_month(through, MONTHS_SHOWN - 1) if through else None
    months = scores_by(caller, "month", ScoreFilters(start=start))[-MONTHS_SHOWN:]
    return {
        "months": months,
        "latest": months[-1] if months else None,
        "before": months[-2] if len(months) > 1 else None,
    }


def _nps(caller: Caller) -> dict[str, Any] | None:
    period = default_period(caller.scope)
    if period is None:
        return None
    return {
        "period": period,
        "block": nps_block(caller.scope, period),
        "months": monthly_trend(caller.scope, MONTHS_SHOWN),
    }


def _units(caller: Caller, through: dt.date | None) -> list[dict[str, Any]]:
    """One-and-done and quality per unit over the latest RECENT_DAYS, worst one-and-done first."""
    if through is None:
        return []
    start = through - dt.timedelta(days=RECENT_DAYS - 1)
    rows = run_metric(caller, "one-and-done", build_query("one-and-done", ["unit"], start, through)).rows
    quality = {r.key: r for r in scores_by(caller, "unit", ScoreFilters(start=start, end=through))}
    names = unit_names(caller)
    units = [
        {
            "code": r["unit"],
            "name": names.get(str(r["unit"]), r["unit"]),
            "rate": r,
            "quality": quality.get(str(r["unit"])),
        }
        for r in rows
        if r["unit"]
    ]
    return sorted(units, key=lambda u: (u["rate"]["value"] is None, u["rate"]["value"] or 0))


def build(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    trends = [rate_trend(caller.scope, metric) for metric, _, _, _ in RATES]
    rates = [
        {"trend": trend, "label": label, "url_name": url_name, "higher_is_better": better}
        for trend, (_, label, url_name, better) in zip(trends, RATES, strict=True)
    ]
    through = trends[0].through
    return {
        "rates": rates,
        "quality": _quality(caller, through),
        "nps": _nps(caller),
        "units": _units(caller, through),
        "through": through,
        "recent_days": RECENT_DAYS,
    }
