"""Dates and times, by one rule.

Instants are stored in UTC. A *day* — a credential's grant date, a due date, "overdue", a month in a
grouping, a day-counted clock — is a calendar day in the organization's time zone (the `TIME_ZONE`
setting, America/New_York unless the environment says otherwise). Every conversion between the two
goes through this module, so nothing takes `instant.date()` of a UTC time and calls it a day. Pages
show instants in the viewer's time zone, labelled with it (see `core.templatetags.when`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from heartline.warehouse.calendar import Calendar


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=8)
def _calendar(name: str) -> Calendar:
    return Calendar(name)


def organization_zone() -> ZoneInfo:
    """The time zone whose calendar days the organization counts in (the `TIME_ZONE` setting)."""
    return _zone(str(settings.TIME_ZONE))


def calendar() -> Calendar:
    """The organization's calendar as the warehouse readers take it (one definition of a day's bounds)."""
    return _calendar(str(settings.TIME_ZONE))


def now() -> dt.datetime:
    """This instant, aware, in UTC."""
    return timezone.now().astimezone(dt.UTC)


def today() -> dt.date:
    """The organization's calendar day at this instant."""
    return day_of(now())


def day_of(instant: dt.datetime) -> dt.date:
    """The organization's calendar day `instant` falls on. `instant` must be aware."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant.isoformat()}: instants must carry their time zone")
    return instant.astimezone(organization_zone()).date()


def month_of(instant: dt.datetime) -> dt.date:
    """The first day of the organization's calendar month `instant` falls in."""
    return day_of(instant).replace(day=1)


def start_of_day(day: dt.date) -> dt.datetime:
    """The instant (in UTC) the organization's calendar day `day` begins."""
    return calendar().day_start(day)


def end_of_day(day: dt.date) -> dt.datetime:
    """The instant (in UTC) the organization's calendar day `day` ends: the next day's start (exclusive)."""
    return calendar().day_end(day)


def day_span(start: dt.date | None, end: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Instants bounding the inclusive day period `start`..`end`: `[begins, ends)`, either open."""
    return (start_of_day(start) if start else None, end_of_day(end) if end else None)


def instant(value: object) -> dt.datetime:
    """An instant read back from storage (an ISO string or a datetime); a naive one is UTC, as the
    warehouse stores every instant in UTC."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
