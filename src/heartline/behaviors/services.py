"""Every write to values, behaviors, their wordings and rehearsal sessions.

Division wordings are written by executives and admins; a unit's wording by a manager of that unit
(or an admin). A new wording never replaces an old one: it is the next version, in force from its
`effective_from` (now or later; only the operator's imports may backdate), so audits of earlier
calls keep showing the words in force then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from heartline.behaviors.models import Behavior, BehaviorKind, BehaviorWording, RehearsalSession, Value
from heartline.core.bounds import (
    LABEL_CHARS,
    NAME_CHARS,
    NOTE_CHARS,
    SHORT_NOTE_CHARS,
    check_day,
    check_lines,
    check_text,
    check_whole,
)
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.selectors import visible_employees, visible_units
from heartline.core.services import log_access

BACKDATING_SLACK = dt.timedelta(minutes=5)  # a form's "now" sent a moment ago is still now


class BehaviorError(ActionRefused):
    """A behavior change that cannot be made as asked; the message says why."""


MAX_POSITION = 10_000  # an ordering among a value's behaviors, not a count


def define_value(
    caller: Caller, *, division_code: str, code: str, name: str, description: str = "", position: int = 0
) -> Value:
    require(caller, Capability.DEFINE_DIVISION_BEHAVIORS, "define the division's values")
    check_whole(position, "position", 0, MAX_POSITION, BehaviorError)
    check_text(name, "name", LABEL_CHARS, BehaviorError)
    check_text(description, "description", NOTE_CHARS, BehaviorError)
    unit = visible_units(caller).filter(division__code=division_code).first()
    division_id = unit.division_id if unit is not None else None
    if division_id is None:
        raise BehaviorError(f"no division {division_code!r}")
    value, _ = Value.objects.update_or_create(
        code=code, defaults={"division_id": division_id, "name": name, "description": description, "position": position}
    )
    return value


def define_behavior(
    caller: Caller,
    *,
    value_code: str,
    code: str,
    kind: str,
    title: str,
    description: str = "",
    looks_like: Sequence[str] = (),
    does_not_look_like: Sequence[str] = (),
    reinforced_by: Iterable[str] = (),
    position: int | None = None,
) -> Behavior:
    """A new division behavior with its first wording (version 1, in force now); by default it
    comes after the value's other behaviors."""
    require(caller, Capability.DEFINE_DIVISION_BEHAVIORS, "define the division's behaviors")
    if kind not in BehaviorKind.values:
        raise BehaviorError(f"kind must be one of {', '.join(BehaviorKind.values)}, not {kind!r}")
    if position is not None:
        check_whole(position, "position", 0, MAX_POSITION, BehaviorError)
    _check_wording(title, description, looks_like, does_not_look_like, "")
    value = Value.objects.filter(code=value_code).first()
    if value is None:
        raise BehaviorError(f"no value {value_code!r}")
    if Behavior.objects.filter(code=code).exists():
        raise BehaviorError(f"a behavior {code!r} already exists; reword it instead")
    with transaction.atomic():
        if position is None:
            position = (Behavior.objects.filter(value=value).aggregate(p=Max("position"))["p"] or 0) + 1
        behavior = Behavior.objects.create(value=value, code=code, kind=kind, position=position)
        _add_wording(caller, behavior, None, title, description, looks_like, does_not_look_like, None, "")
        set_reinforcing(caller, code, reinforced_by)
    return behavior


def set_reinforcing(caller: Caller, code: str, leadership_codes: Iterable[str]) -> None:
    """Name the leadership behaviors that encourage and reward front-line behavior `code`."""
    require(caller, Capability.DEFINE_DIVISION_BEHAVIORS, "link leadership behaviors")
    behavior = Behavior.objects.filter(code=code).first()
    if behavior is None:
        raise BehaviorError(f"no behavior {code!r}")
    codes = list(leadership_codes)
    leaders = list(Behavior.objects.filter(code__in=codes))
    if len(leaders) != len(set(codes)):
        missing = sorted(set(codes) - {b.code for b in leaders})
        raise BehaviorError(f"no behavior {', '.join(missing)}")
    if any(b.kind != BehaviorKind.LEADERSHIP for b in leaders):
        raise BehaviorError("only leadership behaviors can reinforce a behavior")
    behavior.reinforced_by.set(leaders)


def reword_behavior(
    caller: Caller,
    code: str,
    *,
    unit_code: str | None,
    title: str,
    description: str = "",
    looks_like: Sequence[str] = (),
    does_not_look_like: Sequence[str] = (),
    effective_from: dt.datetime | None = None,
    note: str = "",
) -> BehaviorWording:
    """The next version of a behavior's words, for the division (`unit_code=None`) or one unit."""
    _check_wording(title, description, looks_like, does_not_look_like, note)
    behavior = Behavior.objects.filter(code=code).first()
    if behavior is None:
        raise BehaviorError(f"no behavior {code!r}")
    unit_id: int | None = None
    if unit_code is None:
        require(caller, Capability.DEFINE_DIVISION_BEHAVIORS, "reword the division's behaviors")
    else:
        require(caller, Capability.REWORD_UNIT_BEHAVIORS, "reword a unit's behaviors")
        unit = visible_units(caller).filter(code=unit_code).first()
        if unit is None:
            raise PermissionDenied(f"unit {unit_code!r} is not one of yours")
        unit_id = unit.pk
    if not title.strip():
        raise BehaviorError("a wording needs a title")
    if effective_from is not None and effective_from < timezone.now() - BACKDATING_SLACK and not caller.is_operator:
        # Audits show the words in force on the contact's day; a backdated version would rewrite them.
        raise BehaviorError("a new wording takes effect from now or later (backdating would change past audits)")
    with transaction.atomic():
        wording = _add_wording(
            caller, behavior, unit_id, title, description, looks_like, does_not_look_like, effective_from, note
        )
        log_access(caller, "behaviors.reword", f"behavior:{code}", unit=unit_code, version=wording.version)
    return wording


def _check_wording(
    title: str, description: str, looks_like: Sequence[str], does_not_look_like: Sequence[str], note: str
) -> None:
    check_text(title, "title", NAME_CHARS, BehaviorError)
    check_text(description, "description", NOTE_CHARS, BehaviorError)
    check_lines(looks_like, "looks_like", NOTE_CHARS, BehaviorError)
    check_lines(does_not_look_like, "does_not_look_like", NOTE_CHARS, BehaviorError)
    check_text(note, "note", SHORT_NOTE_CHARS, BehaviorError)


def _add_wording(
    caller: Caller,
    behavior: Behavior,
    unit_id: int | None,
    title: str,
    description: str,
    looks_like: Sequence[str],
    does_not_look_like: Sequence[str],
    effective_from: dt.datetime | None,
    note: str,
) -> BehaviorWording:
    same = BehaviorWording.objects.filter(behavior=behavior)
    same = same.filter(unit__isnull=True) if unit_id is None else same.filter(unit_id=unit_id)
    latest = same.aggregate(v=Max("version"))["v"] or 0
    return BehaviorWording.objects.create(
        behavior=behavior,
        unit_id=unit_id,
        version=latest + 1,
        title=title.strip(),
        description=description.strip(),
        looks_like="\n".join(s.strip() for s in looks_like if s.strip()),
        does_not_look_like="\n".join(s.strip() for s in does_not_look_like if s.strip()),
        effective_from=effective_from or timezone.now(),
        written_by_id=caller.user_id,
        note=note,
    )


def record_rehearsal(
    caller: Caller,
    *,
    unit_code: str,
    held_on: dt.date,
    behavior_codes: Sequence[str],
    attendee_codes: Sequence[str],
    notes: str = "",
) -> RehearsalSession:
    """A small-group session where staff reviewed and practised `behavior_codes`."""
    require(caller, Capability.LEAD_REHEARSALS, "record rehearsal sessions")
    check_day(held_on, "held_on", BehaviorError)
    check_text(notes, "notes", NOTE_CHARS, BehaviorError)
    unit = visible_units(caller).filter(code=unit_code).first()
    if unit is None:
        raise PermissionDenied(f"unit {unit_code!r} is not one of yours")
    behaviors = list(Behavior.objects.filter(code__in=list(behavior_codes)))
    if not behaviors or len(behaviors) != len(set(behavior_codes)):
        missing = sorted(set(behavior_codes) - {b.code for b in behaviors})
        raise BehaviorError(f"name the behaviors practised; unknown: {', '.join(missing) or '(none given)'}")
    attendees = list(visible_employees(caller).filter(code__in=list(attendee_codes)))
    if len(attendees) != len(set(attendee_codes)):
        missing = sorted(set(attendee_codes) - {e.code for e in attendees})
        raise BehaviorError(f"attendees not in your units: {', '.join(missing)}")
    facilitator = visible_employees(caller).filter(code=caller.employee_code).first() if caller.employee_code else None
    with transaction.atomic():
        session = RehearsalSession.objects.create(unit=unit, held_on=held_on, facilitator=facilitator, notes=notes)
        session.behaviors.set(behaviors)
        session.attendees.set(attendees)
    return session
