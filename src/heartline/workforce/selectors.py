"""Reads of the workforce app: the planning calendar (built-in events and the planner's)."""

from __future__ import annotations

import datetime as dt

from heartline.core.errors import ActionRefused
from heartline.workforce.calendar_events import CalendarEvent, default_events, events_between
from heartline.workforce.models import PlanningEvent

MAX_CALENDAR_DAYS = 4 * 366  # a forecast's three years of history and its weeks ahead


def planner_events() -> list[PlanningEvent]:
    return list(PlanningEvent.objects.all())


def calendar_events(start: dt.date, end: dt.date, queue: str | None = None) -> list[CalendarEvent]:
    """Every event overlapping `start`..`end`: the built-in ones of those years (and the year before,
    whose ACA enrollment runs into January) and the planner's; only those of `queue` when given.
    ActionRefused for a span longer than MAX_CALENDAR_DAYS."""
    if (end - start).days > MAX_CALENDAR_DAYS:
        raise ActionRefused(f"ask for at most {MAX_CALENDAR_DAYS} days of the calendar at a time")
    built_in = default_events(range(start.year - 1, end.year + 1))
    stored = [e.as_event() for e in PlanningEvent.objects.filter(starts_on__lte=end, ends_on__gte=start)]
    events = events_between([*built_in, *stored], start, end)
    return [e for e in events if queue is None or e.applies_to(queue)]
