"""Audit scores by agent, team, unit, behavior or month, with n and a 95% interval.

Means of audit scores carry Student's t interval; a behavior's figure is the share of its rated
answers that showed it (Yes, or 4–5 on a 1–5 scale), with a Wilson interval. Groups resting on fewer
than MIN_N audits (answers, for behaviors) are returned flagged `below_min`, after the others, and
never ranked.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    When,
)

from heartline.core import clock
from heartline.core.bounds import check_day
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.quality.intervals import mean_interval
from heartline.quality.models import Audit, AuditAnswer, AuditStatus
from heartline.quality.scoring import MET_FROM, ONE_TO_FIVE, YES_NO_NA
from heartline.quality.selectors.audits import visible_audits
from heartline.quality.selectors.periods import period_of
from heartline.stats.proportions import wilson_interval

MIN_N = 5
DIMENSIONS = ("agent", "team", "unit", "month", "behavior", "scorecard")
_KEYS = {
    "agent": ("agent__code", "agent__user__first_name", "agent__user__last_name"),
    "team": ("team__code", "team__name"),
    "unit": ("unit__code", "unit__name"),
    "scorecard": ("scorecard_version__scorecard__code", "scorecard_version__scorecard__name"),
}


class ScoreQueryError(ActionRefused):
    """A scores query that cannot be answered (unknown dimension, bad period)."""


@dataclass(frozen=True)
class ScoreFilters:
    start: dt.date | None = None
    end: dt.date | None = None
    unit: str | None = None
    team: str | None = None
    agent: str | None = None
    scorecard: str | None = None


@dataclass(frozen=True)
class ScoreRow:
    key: str
    label: str
    n: int
    value: float  # mean score 0–100, or for behaviors the share (0–1) of answers showing it
    ci_low: float
    ci_high: float
    below_min: bool
    rank: int | None


def scored(caller: Caller, filters: ScoreFilters) -> QuerySet[Audit]:
    """The completed audits the caller may see, within `filters` (period on the contact's date)."""
    audits = visible_audits(caller).filter(status=AuditStatus.COMPLETED)
    for field, day in (("from", filters.start), ("to", filters.end)):
        if day is not None:
            check_day(day, field, ScoreQueryError)  # a day near the calendar's end overflows its span
    begins, ends = clock.day_span(filters.start, filters.end)
    if begins:
        audits = audits.filter(contact_started_at__gte=begins)
    if ends:
        audits = audits.filter(contact_started_at__lt=ends)
    if filters.unit:
        audits = audits.filter(unit__code=filters.unit)
    if filters.team:
        audits = audits.filter(team__code=filters.team)
    if filters.agent:
        audits = audits.filter(agent__code=filters.agent)
    if filters.scorecard:
        audits = audits.filter(scorecard_version__scorecard__code=filters.scorecard)
    return audits


def scores_by(caller: Caller, dimension: str, filters: ScoreFilters | None = None) -> list[ScoreRow]:
    """Mean audit score per group of `dimension` (or behavior shown-rate), ranked best first."""
    if dimension not in DIMENSIONS:
        raise ScoreQueryError(f"dimension must be one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    audits = scored(caller, filters or ScoreFilters())
    if dimension == "behavior":
        return _behavior_rows(audits)
    sums = {"n": Count("pk"), "total": Sum("score"), "squares": Sum(F("score") * F("score"), output_field=FloatField())}
    rows: list[ScoreRow] = []
    if dimension == "month":
        month = local_month(audits)
        if month is None:
            return []
        for r in audits.annotate(period=month).values("period").annotate(**sums).order_by("period"):
            rows.append(_mean_row(r["period"], r["period"], r))
        return _flag(rows, rank=False)
    keys = _KEYS[dimension]
    for r in audits.values(*keys).annotate(**sums).order_by(keys[0]):
        label = " ".join(str(r[k]) for k in keys[1:] if r[k]).strip() or str(r[keys[0]] or "(none)")
        rows.append(_mean_row(str(r[keys[0]] or ""), label, r))
    return _flag(rows, rank=True)


def local_month(audits: QuerySet[Audit]) -> Any:
    """The organization's calendar month ("2026-03") of each audit's contact, as the warehouse groups too,
    picked in the query (`periods.period_of`). None when no audit has a contact time."""
    span = audits.aggregate(first=Min("contact_started_at"), last=Max("contact_started_at"))
    if span["first"] is None:
        return None
    months = [clock.month_of(span["first"])]
    while months[-1] <= clock.month_of(span["last"]):
        months.append((months[-1] + dt.timedelta(days=32)).replace(day=1))
    return period_of("contact_started_at", months, [f"{m:%Y-%m}" for m in months[:-1]], CharField())


def _mean_row(key: str, label: str, r: dict[str, object]) -> ScoreRow:
    n = int(r["n"])  # type: ignore[call-overload]
    total = float(r["total"] or 0.0)  # type: ignore[arg-type]
    low, high = mean_interval(n, total, float(r["squares"] or 0.0))  # type: ignore[arg-type]
    return ScoreRow(key, label, n, total / n if n else math.nan, low, high, n < MIN_N, None)


def _flag(rows: list[ScoreRow], rank: bool) -> list[ScoreRow]:
    if not rank:
        return rows
    ranked = sorted((r for r in rows if not r.below_min), key=lambda r: -r.value)
    few = sorted((r for r in rows if r.below_min), key=lambda r: r.label)
    return [
        ScoreRow(r.key, r.label, r.n, r.value, r.ci_low, r.ci_high, False, i) for i, r in enumerate(ranked, start=1)
    ] + few


def shown(field: str = "rating") -> Case:
    """1 when a rating counts as the behavior shown, else 0 (N/A answers are excluded before)."""
    return Case(
        When(Q(item__scale=YES_NO_NA) & Q(**{f"{field}__gte": MET_FROM[YES_NO_NA]}), then=1),
        When(Q(item__scale=ONE_TO_FIVE) & Q(**{f"{field}__gte": MET_FROM[ONE_TO_FIVE]}), then=1),
        default=0,
        output_field=IntegerField(),
    )


def _behavior_rows(audits: QuerySet[Audit]) -> list[ScoreRow]:
    answers = AuditAnswer.objects.filter(
        audit__in=audits.values("pk"), not_applicable=False, item__behavior__isnull=False
    )
    grouped = (
        answers.values("item__behavior__code", "item__behavior__value__name")
        .annotate(n=Count("pk"), met=Sum(shown()))
        .order_by("item__behavior__code")
    )
    rows = []
    for r in grouped:
        n, met = int(r["n"]), int(r["met"] or 0)
        low, high = wilson_interval(met, n)
        code = str(r["item__behavior__code"])
        rows.append(ScoreRow(code, code.replace("-", " ").capitalize(), n, met / n, low, high, n < MIN_N, None))
    return _flag(rows, rank=True)


def agent_trend(caller: Caller, agent_code: str, filters: ScoreFilters | None = None) -> list[ScoreRow]:
    """One agent's mean score by month (what the agent sees of themselves)."""
    base = filters or ScoreFilters()
    return scores_by(
        caller,
        "month",
        ScoreFilters(start=base.start, end=base.end, agent=agent_code, scorecard=base.scorecard),
    )
