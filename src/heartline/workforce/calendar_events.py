"""The planning calendar: the days on which contact volume is known to change, for the forecast.

Each year brings the same events without anyone entering them (`default_events`): Medicare's Annual
Election Period (15 October – 7 December), the ACA Marketplace open enrollment (1 November –
15 January of the next year) and the US federal holidays, observed on the Friday before a Saturday
and the Monday after a Sunday (5 U.S.C. 6103). The planner adds their own (ID-card mailings,
a campaign, a local closure) as `PlanningEvent` records; a record may name queues (blank: all queues).

The forecast turns the events of a queue into known regressors: one per enrollment period or
mailing by name, one for all holidays (`regressor_of`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

ENROLLMENT_PERIOD = "enrollment_period"
MAILING = "mailing"
HOLIDAY = "holiday"
OTHER = "other"
EVENT_KINDS = (ENROLLMENT_PERIOD, MAILING, HOLIDAY, OTHER)

MEDICARE_AEP = "Medicare Annual Election Period"
ACA_OPEN_ENROLLMENT = "ACA open enrollment"


@dataclass(frozen=True)
class CalendarEvent:
    """An event from `starts_on` to `ends_on` (both included) for `queues` (empty: every queue)."""

    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    queues: frozenset[str] = field(default_factory=frozenset)
    built_in: bool = False
    event_id: int | None = None  # the planner's record (None for a built-in event)

    def applies_to(self, queue: str) -> bool:
        return not self.queues or queue in self.queues

    def days(self) -> Iterator[dt.date]:
        day = self.starts_on
        while day <= self.ends_on:
            yield day
            day += dt.timedelta(days=1)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "queues": sorted(self.queues),
            "built_in": self.built_in,
            "id": self.event_id,
        }


def regressor_of(event: CalendarEvent) -> str:
    """The forecast regressor an event counts towards: `holiday` for every holiday, else its name."""
    return HOLIDAY if event.kind == HOLIDAY else f"{event.kind}:{event.name}"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The `n`th `weekday` (Monday 0) of the month; n = -1 for the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def federal_holidays(year: int) -> list[tuple[str, dt.date]]:
    """The US federal holidays observed in `year` (5 U.S.C. 6103), by name."""
    monday, thursday = 0, 3
    fixed = [
        ("New Year's Day", dt.date(year, 1, 1)),
        ("Juneteenth", dt.date(year, 6, 19)),
        ("Independence Day", dt.date(year, 7, 4)),
        ("Veterans Day", dt.date(year, 11, 11)),
        ("Christmas Day", dt.date(year, 12, 25)),
    ]
    floating = [
        ("Martin Luther King Jr. Day", _nth_weekday(year, 1, monday, 3)),
        ("Presidents' Day", _nth_weekday(year, 2, monday, 3)),
        ("Memorial Day", _nth_weekday(year, 5, monday, -1)),
        ("Labor Day", _nth_weekday(year, 9, monday, 1)),
        ("Columbus Day", _nth_weekday(year, 10, monday, 2)),
        ("Thanksgiving Day", _nth_weekday(year, 11, thursday, 4)),
    ]
    return sorted([(name, _observed(day)) for name, day in fixed] + floating, key=lambda pair: pair[1])


def default_events(years: Iterable[int]) -> list[CalendarEvent]:
    """The built-in events of `years`: AEP, ACA open enrollment (starting that year) and the federal holidays."""
    events = []
    for year in sorted(set(years)):
        events.append(
            CalendarEvent(MEDICARE_AEP, ENROLLMENT_PERIOD, dt.date(year, 10, 15), dt.date(year, 12, 7), built_in=True)
        )
        events.append(
            CalendarEvent(
                ACA_OPEN_ENROLLMENT, ENROLLMENT_PERIOD, dt.date(year, 11, 1), dt.date(year + 1, 1, 15), built_in=True
            )
        )
        events.extend(CalendarEvent(name, HOLIDAY, day, day, built_in=True) for name, day in federal_holidays(year))
    return events


def events_between(events: Iterable[CalendarEvent], start: dt.date, end: dt.date) -> list[CalendarEvent]:
    """The events overlapping `start`..`end` (both included), by start."""
    return sorted((e for e in events if e.starts_on <= end and e.ends_on >= start), key=lambda e: (e.starts_on, e.name))
