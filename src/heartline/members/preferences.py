"""The one write path for a member's preferences and consent: check, validate, version, log.

A representative on a call, the member portal, a FHIR Consent and an import all change preferences
through `record_preference` and consent through `record_consent`. Each change is a new
`PreferenceChange` or `ConsentDecision` row with its source, time and author; a request that would
change nothing writes nothing (so re-loading the same FHIR Consent is a no-op) and returns False.
Every change is written to the access log against the member.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db import transaction

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_member_access
from heartline.members.models import Channel, ConsentDecision, Member, PreferenceChange, Purpose, Source

FIELDS = tuple(PreferenceChange.Field.values)
_QUIET_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def _choice(value: str, allowed: list[str], what: str) -> str:
    if value not in allowed:
        raise ActionRefused(f"{value!r} is not a {what}; choose one of: {', '.join(allowed)}")
    return value


def _member(member_id: str) -> Member:
    member = Member.objects.filter(member_id=member_id).first()
    if member is None:
        raise NotFound(f"no member {member_id!r}")
    return member


def parse_quiet_hours(value: str) -> tuple[dt.time, dt.time] | None:
    """`"22:00-07:00"` (or with an en dash) as (start, end) in the member's time; blank: no quiet hours.

    Quiet hours may cross midnight; start and end must differ."""
    if not value.strip():
        return None
    match = _QUIET_HOURS.match(value)
    if match is None:
        raise ActionRefused(f"quiet hours {value!r} must read HH:MM-HH:MM, e.g. 21:00-08:00")
    hours_1, minutes_1, hours_2, minutes_2 = (int(part) for part in match.groups())
    try:
        start, end = dt.time(hours_1, minutes_1), dt.time(hours_2, minutes_2)
    except ValueError as exc:
        raise ActionRefused(
            f"quiet hours {value!r}: {hours_1:02}:{minutes_1:02} or {hours_2:02}:{minutes_2:02} is not a time of day"
        ) from exc
    if start == end:
        raise ActionRefused(f"quiet hours {value!r} start and end at the same time; leave blank for none")
    return start, end


def format_quiet_hours(start: dt.time | None, end: dt.time | None) -> str:
    """Quiet hours as stored on the member, written `HH:MM-HH:MM` (blank: none)."""
    if start is None or end is None:
        return ""
    return f"{start:%H:%M}-{end:%H:%M}"


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())  # reads the tz database from disk: once per process


def valid_time_zone(value: str) -> str:
    """`value` if it is an IANA time zone name (blank: the organization's), else ActionRefused."""
    name = value.strip()
    if not name:
        return ""
    if name not in _zone_names():
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ActionRefused(f"{value!r} is not an IANA time zone name (e.g. America/Chicago)") from exc
    return name


def _current_value(member: Member, field: str) -> str:
    if field == PreferenceChange.Field.QUIET_HOURS:
        return format_quiet_hours(member.quiet_hours_start, member.quiet_hours_end)
    return str(getattr(member, field))


def normalized_preference(field: str, value: str) -> str:
    """`value` as stored for preference `field` (a blank quiet hours or time zone is "none");
    ActionRefused when it is not valid for the field."""
    _choice(field, list(FIELDS), "preference")
    return _normalized(field, value)


def _normalized(field: str, value: str) -> str:
    if field == PreferenceChange.Field.PREFERRED_CHANNEL:
        return _choice(value.strip(), Member.Channel.values, "preferred channel")
    if field == PreferenceChange.Field.LANGUAGE:
        return _choice(value.strip(), Member.Language.values, "language")
    if field == PreferenceChange.Field.TIME_ZONE:
        return valid_time_zone(value)
    hours = parse_quiet_hours(value)
    return format_quiet_hours(*hours) if hours else ""


def _apply(member: Member, field: str, value: str) -> None:
    if field == PreferenceChange.Field.QUIET_HOURS:
        hours = parse_quiet_hours(value)
        member.quiet_hours_start, member.quiet_hours_end = hours if hours else (None, None)
        member.save(update_fields=["quiet_hours_start", "quiet_hours_end"])
        return
    setattr(member, field, value)
    member.save(update_fields=[field])


def _log_channel(caller: Caller) -> str:
    return "cli" if caller.is_operator else "app"


def record_preference(
    caller: Caller, member_id: str, field: str, value: str, source: str, at: dt.datetime | None = None
) -> bool:
    """Set one of the member's preferences (`preferred_channel`, `language`, `time_zone`,
    `quiet_hours` as HH:MM-HH:MM) from `source`, as of `at` (default now).

    Returns True when it changed (a new `PreferenceChange` row), False when the member already had it
    (nothing written). Raises NotAllowed without RECORD_MEMBER_PREFERENCES, NotFound for an unknown
    member, ActionRefused for a value that is not valid for the field."""
    require(caller, Capability.RECORD_MEMBER_PREFERENCES, "record a member's preferences")
    _choice(field, list(FIELDS), "preference")
    _choice(source, Source.values, "source")
    if at is not None and (at.tzinfo is None or at.utcoffset() is None):
        raise ActionRefused(f"the time of the change {at.isoformat()} must carry its time zone")
    new_value = _normalized(field, value)
    with transaction.atomic():
        member = _member(member_id)
        old_value = _current_value(member, field)
        if new_value == old_value:
            return False
        _apply(member, field, new_value)
        PreferenceChange.objects.create(
            member=member,
            field=field,
            old_value=old_value,
            new_value=new_value,
            source=source,
            recorded_at=(at or clock.now()).astimezone(dt.UTC),
            recorded_by=caller.username,
        )
        log_member_access(
            caller, member_id, "member.preference.record", ["preferences"], _log_channel(caller), field=field
        )
    return True


def record_consent(
    caller: Caller,
    member_id: str,
    channel: str,
    purpose: str,
    granted: bool,
    express: bool,
    source: str,
    reference: str = "",
) -> bool:
    """Record the member's yes (`granted`) or no to being reached on `channel` for `purpose`, now.

    `express` marks express (written) consent, which SMS and autodialed calls need (TCPA); a no is
    never express. Returns True when it changed the member's current answer (a new
    `ConsentDecision`), False when that answer was already on record (nothing written). Raises
    NotAllowed without RECORD_MEMBER_PREFERENCES, NotFound for an unknown member, ActionRefused for an
    unknown channel, purpose or source."""
    require(caller, Capability.RECORD_MEMBER_PREFERENCES, "record a member's consent")
    _choice(channel, Channel.values, "channel")
    _choice(purpose, Purpose.values, "purpose")
    _choice(source, Source.values, "source")
    express = bool(express) and bool(granted)
    with transaction.atomic():
        member = _member(member_id)
        latest = (
            ConsentDecision.objects.filter(member=member, channel=channel, purpose=purpose)
            .order_by("-recorded_at", "-id")
            .first()
        )
        if latest is not None and latest.granted == granted and latest.express == express:
            return False
        ConsentDecision.objects.create(
            member=member,
            channel=channel,
            purpose=purpose,
            granted=granted,
            express=express,
            source=source,
            recorded_at=clock.now(),
            recorded_by=caller.username,
            reference=reference[:200],
        )
        log_member_access(
            caller,
            member_id,
            "member.consent.record",
            ["consent"],
            _log_channel(caller),
            consent=f"{channel}:{purpose}",
            granted=granted,
        )
    return True
