"""When a member's call back is due, counted in business days, and how a follow-up stands. Pure apart
from reading the settings.

A business day is a weekday that is not a US federal holiday as observed (the planning calendar's
`federal_holidays`, 5 U.S.C. 6103), in the organization's time zone. The day a follow-up opens is
day 0, whatever day it is; the call back is due by the END of the Nth business day after it (N =
`VOICE_FOLLOW_UP_BUSINESS_DAYS`, default 2, or the unit's own number in `VOICE_FOLLOW_UP_UNIT_DAYS`).
Opened on a Friday with N = 2, it is due by the end of Tuesday; opened on a Saturday, too.

A follow-up is `on_time` (closed by its due time), `late` (closed after it), `open` (not yet due)
or `overdue` (open past its due time). The share closed in time counts on-time follow-ups over
those whose standing is settled — closed, or open past due — so one still inside its time counts
neither way.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings

from heartline.workforce.calendar_events import federal_holidays

DEFAULT_BUSINESS_DAYS = 2
LAST_INSTANT = dt.timedelta(microseconds=1)
ON_TIME, LATE, OPEN, OVERDUE = "on_time", "late", "open", "overdue"
STANDINGS = (ON_TIME, LATE, OPEN, OVERDUE)


class FollowUpSettingError(ValueError):
    """A follow-up setting that cannot be used (a negative or non-whole number of days)."""


@lru_cache(maxsize=32)
def holidays(year: int) -> frozenset[dt.date]:
    return frozenset(day for _, day in federal_holidays(year))


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The `count`th business day after `day` (`day` itself when count is 0)."""
    if count < 0:
        raise FollowUpSettingError(f"business days cannot be negative, got {count}")
    while count:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def business_days_for(unit_code: str) -> int:
    """The unit's allowance: its entry in VOICE_FOLLOW_UP_UNIT_DAYS, else VOICE_FOLLOW_UP_BUSINESS_DAYS."""
    per_unit: dict[str, int] = getattr(settings, "VOICE_FOLLOW_UP_UNIT_DAYS", {}) or {}
    chosen = per_unit.get(unit_code, getattr(settings, "VOICE_FOLLOW_UP_BUSINESS_DAYS", DEFAULT_BUSINESS_DAYS))
    if not isinstance(chosen, int) or isinstance(chosen, bool) or chosen < 0:
        where = (
            f"VOICE_FOLLOW_UP_UNIT_DAYS[{unit_code!r}]" if unit_code in per_unit else "VOICE_FOLLOW_UP_BUSINESS_DAYS"
        )
        raise FollowUpSettingError(f"{where} must be a whole number of business days ≥ 0, got {chosen!r}")
    return chosen


def due_at(opened_at: dt.datetime, business_days: int, zone: ZoneInfo) -> dt.datetime:
    """The last instant (UTC) the member may be called back: the end of the `business_days`th
    business day after the day `opened_at` falls on in `zone`."""
    if opened_at.tzinfo is None:
        raise ValueError(f"opened_at {opened_at.isoformat()} has no time zone")
    last_day = add_business_days(opened_at.astimezone(zone).date(), business_days)
    next_midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return next_midnight.astimezone(dt.UTC) - LAST_INSTANT


def standing(due: dt.datetime, called_at: dt.datetime | None, closed: bool, as_of: dt.datetime) -> str:
    """on_time, late, open or overdue (see the module docstring)."""
    if closed:
        return ON_TIME if called_at is not None and called_at <= due else LATE
    return OVERDUE if as_of > due else OPEN
