"""The API of members' preferences and consent, under /api/v1/members (next to the member view's router).

- `GET /members/index?limit=N`: members by id with plan, language and preferred channel.
- `GET /members/{member_id}/preferences`: current preferences, consent per channel and purpose, history.
- `POST /members/{member_id}/preferences`: change preferences (only the fields given).
- `POST /members/{member_id}/consent`: record a yes or no for a channel and purpose.
- `GET /members/{member_id}/reach?channel=&purpose=&at=`: may Heartline reach them, and why.

The list is at `/members/index`, not `/members/`, so it cannot clash with the member search. Permission
is checked by the services and selectors; errors come back as `{"detail": message}`.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from heartline.core import clock
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.core.services import log_member_access
from heartline.members import preference_selectors, preferences, reach
from heartline.members.contracts import MemberPreferences

router = Router(tags=["members"])


class ConsentOut(Schema):
    channel: str
    purpose: str
    granted: bool
    express: bool
    source: str
    recorded_at: dt.datetime
    recorded_by: str


class HistoryOut(Schema):
    recorded_at: dt.datetime
    kind: str
    what: str
    old_value: str
    new_value: str
    source: str
    recorded_by: str
    reference: str


class PreferencesOut(Schema):
    member_id: str
    preferred_channel: str
    language: str
    time_zone: str
    quiet_hours: str | None
    consent: list[ConsentOut]
    history: list[HistoryOut]


class PreferencesIn(Schema):
    preferred_channel: str | None = None
    language: str | None = None
    time_zone: str | None = None
    quiet_hours: str | None = None  # HH:MM-HH:MM, "" to clear
    source: str = "portal"


class ConsentIn(Schema):
    channel: str
    purpose: str
    granted: bool
    express: bool = False
    source: str = "portal"
    reference: str = ""


class ChangedOut(Schema):
    changed: bool
    preferences: PreferencesOut


class MemberSummaryOut(Schema):
    member_id: str
    plan: str
    language: str
    preferred_channel: str


class ReachQuery(Schema):
    channel: str
    purpose: str
    at: dt.datetime | None = None  # default: now


class ReachOut(Schema):
    member_id: str
    channel: str
    purpose: str
    allowed: bool
    rule: str
    reason: str
    local_time: dt.datetime | None


def preferences_out(found: MemberPreferences) -> PreferencesOut:
    """The preferences as the API and `heartline members preferences --json` give them."""
    return PreferencesOut(
        member_id=found.member_id,
        preferred_channel=found.preferred_channel,
        language=found.language,
        time_zone=found.time_zone,
        quiet_hours=found.quiet_hours or None,
        consent=[ConsentOut(**vars(state)) for state in found.consent],
        history=[HistoryOut(**vars(entry)) for entry in found.history],
    )


@router.get("/index", response=list[MemberSummaryOut], summary="Members by id, with plan and preferences")
def member_index(request: HttpRequest, limit: int = 100) -> list[MemberSummaryOut]:
    found = preference_selectors.member_index(caller_of(request), limit=limit, channel="api")
    return [MemberSummaryOut(**vars(member)) for member in found]


@router.get("/{member_id}/preferences", response=PreferencesOut, summary="A member's preferences and consent")
def member_preferences(request: HttpRequest, member_id: str) -> PreferencesOut:
    return preferences_out(preference_selectors.member_preferences(caller_of(request), member_id, channel="api"))


@router.post("/{member_id}/preferences", response=ChangedOut, summary="Change a member's preferences")
def change_preferences(request: HttpRequest, member_id: str, body: PreferencesIn) -> ChangedOut:
    caller = caller_of(request)
    require(caller, Capability.RECORD_MEMBER_PREFERENCES, "record a member's preferences")
    given = {field: getattr(body, field) for field in preferences.FIELDS if getattr(body, field) is not None}
    if not given:
        raise ActionRefused(f"name at least one preference to change: {', '.join(preferences.FIELDS)}")
    changed = False
    for field, value in given.items():
        changed = preferences.record_preference(caller, member_id, field, value, body.source) or changed
    found = preference_selectors.member_preferences(caller, member_id, channel="api")
    return ChangedOut(changed=changed, preferences=preferences_out(found))


@router.post("/{member_id}/consent", response=ChangedOut, summary="Record a member's consent or opt-out")
def record_consent(request: HttpRequest, member_id: str, body: ConsentIn) -> ChangedOut:
    caller = caller_of(request)
    changed = preferences.record_consent(
        caller, member_id, body.channel, body.purpose, body.granted, body.express, body.source, body.reference
    )
    found = preference_selectors.member_preferences(caller, member_id, channel="api")
    return ChangedOut(changed=changed, preferences=preferences_out(found))


@router.get("/{member_id}/reach", response=ReachOut, summary="May Heartline reach this member now, and why")
def may_reach(request: HttpRequest, member_id: str, query: Query[ReachQuery]) -> ReachOut:
    caller = caller_of(request)
    require(caller, Capability.LOOK_UP_MEMBERS, "look up members")
    if not preference_selectors.member_exists(member_id):
        raise NotFound(f"no member {member_id!r}")
    decision = reach.may_reach(member_id, query.channel, query.purpose, query.at or clock.now())
    log_member_access(caller, member_id, "member.reach.check", ["preferences", "consent"], "api")
    return ReachOut(**vars(decision))
