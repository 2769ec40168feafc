"""When a case is due and whether it was (or is) on time. Pure: no database, no clock of its own.

Timeliness is judged on when the member was **notified** of the decision, as CMS judges it.
- An hour clock runs in absolute time: due = received + N hours (+ the extension's days × 24 hours);
  a change to or from daylight saving time does not move it.
- A day clock counts calendar days in the plan's time zone: the day of receipt is day 0 and the case
  is due by the END of calendar day N (+ the extension's days) — the last instant of that day.
A closed case is `on_time` or `late`; one withdrawn or dismissed is `not_judged`; an open case is
`open` or, once its due time has passed, `overdue`, and `at_risk` is flagged on open cases with less
than a given share of their time left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from heartline.compliance.rules import ClockRule

LAST_INSTANT = dt.timedelta(microseconds=1)
NOT_JUDGED_OUTCOMES = frozenset({"withdrawn", "dismissed"})


class ClockError(ValueError):
    """A case whose dates cannot be judged (e.g. notified before received); the message says which."""


@dataclass(frozen=True)
class Clock:
    """A case's deadline and standing at one moment."""

    due_at: dt.datetime  # the last instant the member may be notified, UTC
    status: str  # on_time, late, not_judged, open, overdue
    at_risk: bool
    time_left: dt.timedelta | None  # open cases: due_at - as_of (negative once overdue)


def due_at(rule: ClockRule, received_at: dt.datetime, extension_days: int, zone: ZoneInfo) -> dt.datetime:
    """The last instant the member may be notified of the decision under `rule` (UTC)."""
    if received_at.tzinfo is None:
        raise ClockError(f"received_at {received_at.isoformat()} has no time zone")
    if extension_days < 0:
        raise ClockError(f"extension_days is {extension_days}; it cannot be negative")
    if extension_days > rule.max_extension_days:
        raise ClockError(
            f"an extension of {extension_days} days is longer than {rule.citation} allows "
            f"({rule.max_extension_days} days)"
        )
    if rule.unit == "hours":
        # In UTC: arithmetic on a datetime in a zone adds wall-clock time, which a DST change moves.
        return received_at.astimezone(dt.UTC) + dt.timedelta(hours=rule.limit, days=extension_days)
    received_day = received_at.astimezone(zone).date()
    last_day = received_day + dt.timedelta(days=rule.limit + extension_days)
    next_midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return next_midnight.astimezone(dt.UTC) - LAST_INSTANT


def judge(
    rule: ClockRule,
    *,
    received_at: dt.datetime,
    extension_days: int,
    notified_at: dt.datetime | None,
    outcome: str | None,
    as_of: dt.datetime,
    zone: ZoneInfo,
    at_risk_share: float = 0.25,
) -> Clock:
    """The case's due time and status at `as_of`. A case notified after `as_of` is still open then."""
    due = due_at(rule, received_at, extension_days, zone)
    if notified_at is not None and notified_at < received_at:
        raise ClockError(f"notified_at {notified_at.isoformat()} is before received_at {received_at.isoformat()}")
    if notified_at is not None and notified_at <= as_of:
        if outcome in NOT_JUDGED_OUTCOMES:
            return Clock(due_at=due, status="not_judged", at_risk=False, time_left=None)
        return Clock(due_at=due, status="on_time" if notified_at <= due else "late", at_risk=False, time_left=None)
    left = due - as_of.astimezone(dt.UTC)
    if left < dt.timedelta(0):
        return Clock(due_at=due, status="overdue", at_risk=False, time_left=left)
    whole = due - received_at.astimezone(dt.UTC)
    return Clock(due_at=due, status="open", at_risk=left < whole * at_risk_share, time_left=left)
