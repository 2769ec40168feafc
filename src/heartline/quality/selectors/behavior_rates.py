"""Audit pass rates of behaviors for a set of units or teams over a period: what coaching's leader
follow-up (the front line under a leader) and the library's practice adoption (a behavior a practice
targets) read of audits. Counts are of rated answers (N/A left out) in completed production audits
the caller may see; the agents' audits are not independent, so an interval on these counts is a
guide, not a test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, IntegerField, Sum

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.quality.contracts import BehaviorPassCount
from heartline.quality.models import AuditAnswer, AuditStatus
from heartline.quality.selectors.audits import visible_audits
from heartline.quality.selectors.periods import period_of
from heartline.quality.selectors.scores import shown


def behavior_pass_counts(
    caller: Caller,
    behavior_codes: Iterable[str],
    *,
    start: dt.date,
    end: dt.date,
    unit_codes: Iterable[str] | None = None,
    team_codes: Iterable[str] | None = None,
) -> dict[str, BehaviorPassCount]:
    """Behavior code → shown/rated in audits of contacts from `start` to `end` (inclusive, by the
    contact's day) of agents in `unit_codes` (or `team_codes`); codes never rated are left out."""
    codes = list(behavior_codes)
    audits = _completed(caller, start, end, unit_codes, team_codes)
    grouped = (
        AuditAnswer.objects.filter(audit__in=audits.values("pk"), not_applicable=False, item__behavior__code__in=codes)
        .values("item__behavior__code")
        .annotate(rated=Count("pk"), met=Sum(shown()))
    )
    return {
        str(r["item__behavior__code"]): BehaviorPassCount(
            str(r["item__behavior__code"]), int(r["met"] or 0), int(r["rated"])
        )
        for r in grouped
    }


def _completed(
    caller: Caller, start: dt.date, end: dt.date, unit_codes: Iterable[str] | None, team_codes: Iterable[str] | None
) -> Any:
    """Completed audits the caller may see of contacts from `start` to `end` (the organization's days)."""
    audits = visible_audits(caller).filter(
        status=AuditStatus.COMPLETED,
        contact_started_at__gte=clock.start_of_day(start),
        contact_started_at__lt=clock.start_of_day(end + dt.timedelta(days=1)),
    )
    if unit_codes is not None:
        audits = audits.filter(unit__code__in=list(unit_codes))
    if team_codes is not None:
        audits = audits.filter(team__code__in=list(team_codes))
    return audits


Cell = tuple[str, str, int]  # (behavior code, team or unit code, period)


@dataclass(frozen=True)
class PassCountsByPeriod:
    """Shown/rated of behaviors per period between consecutive `boundaries` (the organization's days:
    a period runs from one boundary up to the next), by the audited agent's team and by their unit."""

    boundaries: tuple[dt.date, ...]
    by_team: dict[Cell, tuple[int, int]]
    by_unit: dict[Cell, tuple[int, int]]

    @cached_property
    def _index(self) -> dict[dt.date, int]:
        return {day: i for i, day in enumerate(self.boundaries)}

    def between(
        self, code: str, start: dt.date, end: dt.date, *, team_codes: Iterable[str] = (), unit_codes: Iterable[str] = ()
    ) -> BehaviorPassCount:
        """`code` from `start` up to `end` (two of the boundaries; `end` left out) in the teams `team_codes`
        and the units `unit_codes` (give one of them)."""
        periods = range(self._index[start], self._index[end])
        cells = [self.by_team.get((code, t, p)) for t in team_codes for p in periods]
        cells += [self.by_unit.get((code, u, p)) for u in unit_codes for p in periods]
        return BehaviorPassCount(code, sum(c[0] for c in cells if c), sum(c[1] for c in cells if c))


def behavior_pass_counts_by_period(
    caller: Caller, behavior_codes: Iterable[str], boundaries: Iterable[dt.date]
) -> PassCountsByPeriod:
    """Shown/rated of each behavior in the periods between `boundaries`, by team and by unit, in one
    query: a page comparing periods of its own for several teams and units (each leader's before and
    after) sums the cells it needs. A period is a range of instants (`core.clock`), so no function runs
    per audited answer (SQLite ran a zoned TruncDate in Python for each)."""
    codes, days = sorted(set(behavior_codes)), tuple(sorted(set(boundaries)))
    by_team: dict[Cell, tuple[int, int]] = {}
    by_unit: dict[Cell, tuple[int, int]] = {}
    if not codes or len(days) < 2:
        return PassCountsByPeriod(days, by_team, by_unit)
    audits = _completed(caller, days[0], days[-1] - dt.timedelta(days=1), None, None)
    period = period_of("audit__contact_started_at", days, range(len(days) - 1), IntegerField())
    grouped = (
        AuditAnswer.objects.filter(audit__in=audits.values("pk"), not_applicable=False, item__behavior__code__in=codes)
        .annotate(period=period)
        .values("audit__team__code", "audit__unit__code", "item__behavior__code", "period")
        .annotate(rated=Count("pk"), met=Sum(shown()))
    )
    for r in grouped:
        code, cell, met, rated = str(r["item__behavior__code"]), int(r["period"]), int(r["met"] or 0), int(r["rated"])
        for counts, where in ((by_team, r["audit__team__code"]), (by_unit, r["audit__unit__code"])):
            if where is not None:
                before = counts.get((code, where, cell), (0, 0))
                counts[(code, where, cell)] = (before[0] + met, before[1] + rated)
    return PassCountsByPeriod(days, by_team, by_unit)
