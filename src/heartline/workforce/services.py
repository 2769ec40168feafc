"""Writes of the workforce app: the planner's event calendar (PLAN_WORKFORCE)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from heartline.core.bounds import NAME_CHARS, check_day, check_text
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.workforce.calendar_events import EVENT_KINDS
from heartline.workforce.models import PlanningEvent

MAX_EVENT_DAYS = 366


def _checked(name: str, kind: str, starts_on: dt.date | None, ends_on: dt.date | None) -> tuple[str, dt.date, dt.date]:
    name = name.strip()
    if not name:
        raise ActionRefused("name is required")
    check_text(name, "name", NAME_CHARS)
    if kind not in EVENT_KINDS:
        raise ActionRefused(f"kind must be one of {', '.join(EVENT_KINDS)}, not {kind!r}")
    if starts_on is None or ends_on is None:
        raise ActionRefused("starts_on and ends_on are required (YYYY-MM-DD)")
    check_day(starts_on, "starts_on")
    check_day(ends_on, "ends_on")
    if ends_on < starts_on:
        raise ActionRefused(f"ends_on {ends_on} is before starts_on {starts_on}")
    if (ends_on - starts_on).days >= MAX_EVENT_DAYS:
        raise ActionRefused(f"an event lasts at most {MAX_EVENT_DAYS} days")
    return name, starts_on, ends_on


def _queues(queues: Iterable[str]) -> str:
    names = sorted({q.strip() for q in queues if q and q.strip()})
    if any("," in q for q in names):
        raise ActionRefused("a queue name cannot contain a comma")
    text = ",".join(names)
    if len(text) > 500:
        raise ActionRefused("queues: too many (500 characters at most)")
    return text


def add_event(
    caller: Caller,
    *,
    name: str,
    kind: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    queues: Iterable[str] = (),
) -> PlanningEvent:
    """Add an event to the planning calendar (blank queues: every queue)."""
    require(caller, Capability.PLAN_WORKFORCE, "edit the planning calendar")
    name, start, end = _checked(name, kind, starts_on, ends_on)
    event = PlanningEvent.objects.create(
        name=name, kind=kind, starts_on=start, ends_on=end, queues=_queues(queues), created_by=caller.username
    )
    log_access(caller, "workforce.event.add", f"planning_event:{event.pk}", name=name)
    return event


def remove_event(caller: Caller, event_id: int) -> None:
    """Remove a planner's event (the built-in ones are computed and cannot be removed)."""
    require(caller, Capability.PLAN_WORKFORCE, "edit the planning calendar")
    deleted, _ = PlanningEvent.objects.filter(pk=event_id).delete()
    if not deleted:
        raise NotFound(f"no planning event {event_id}")
    log_access(caller, "workforce.event.remove", f"planning_event:{event_id}")
