"""Audit pass rates of behaviors for a set of units or teams over a period: what coaching's leader
follow-up (the front line under a leader) and the library's practice adoption (a behavior a practice
targets) read of audits. Counts are of rated answers (N/A left out) in completed production audits
the caller may see; the agents' audits are not independent, so an interval on these counts is a
guide, not a test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.quality.contracts import BehaviorPassCount
from heartline.quality.models import AuditAnswer, AuditStatus
from heartline.quality.selectors.audits import visible_audits
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


def behavior_pass_counts_by_day(
    caller: Caller,
    behavior_codes: Iterable[str],
    *,
    start: dt.date,
    end: dt.date,
    unit_codes: Iterable[str] | None = None,
    team_codes: Iterable[str] | None = None,
) -> dict[tuple[str, dt.date], BehaviorPassCount]:
    """(behavior code, contact day) → shown/rated, in one query: a caller comparing several periods
    (before and after a day of their own per behavior) sums the days they need."""
    codes = list(behavior_codes)
    audits = _completed(caller, start, end, unit_codes, team_codes)
    grouped = (
        AuditAnswer.objects.filter(audit__in=audits.values("pk"), not_applicable=False, item__behavior__code__in=codes)
        .annotate(day=TruncDate("audit__contact_started_at"))
        .values("item__behavior__code", "day")
        .annotate(rated=Count("pk"), met=Sum(shown()))
    )
    return {
        (str(r["item__behavior__code"]), r["day"]): BehaviorPassCount(
            str(r["item__behavior__code"]), int(r["met"] or 0), int(r["rated"])
        )
        for r in grouped
    }
