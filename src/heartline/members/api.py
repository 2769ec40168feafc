"""`/api/v1/members`: search (`?q=`) and one member's view (`/{member_id}`), as the pages show them.

The preferences router (another module) shares the `/members` prefix with `/members/{id}/preferences`
and the `/members/list` listing; this router defines neither. A section the caller's role may not
see is an empty list and is named in `withheld`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.core.scoping import caller_of
from heartline.members.contracts import (
    ClaimLineView,
    ConditionView,
    CoveragePeriod,
    EncounterView,
    MedicationView,
    MemberHit,
    OpenItem,
    TimelineEntry,
)
from heartline.members.selectors import find_members, member_view

router = Router(tags=["members"])


class MemberConsentOut(Schema):
    channel: str
    purpose: str
    granted: bool
    express: bool
    source: str
    recorded_at: dt.datetime


class MemberOut(Schema):
    member_id: str
    name: str
    birth_date: dt.date | None
    age: int | None
    sex: str
    plan: str
    language: str
    preferred_channel: str
    time_zone: str
    quiet_hours_start: dt.time | None
    quiet_hours_end: dt.time | None
    flags: list[str]
    pcp_name: str
    phone: str
    email: str
    coverage: list[CoveragePeriod]
    consent: list[MemberConsentOut]
    shown: list[str]
    withheld: list[str]
    counts: dict[str, int]
    open_items: list[OpenItem]
    timeline: list[TimelineEntry]
    claims: list[ClaimLineView]
    encounters: list[EncounterView]
    conditions: list[ConditionView]
    medications: list[MedicationView]


class MemberSearchOut(Schema):
    query: str
    matched_by: str
    truncated: bool
    members: list[MemberHit]


@router.get("", response=MemberSearchOut, summary="Search members by id, name, phone or birth date")
def search(request: HttpRequest, q: str = "") -> dict[str, Any]:
    """Members matching `q` (rules in docs/members.md); the search is written to the access log."""
    found = find_members(caller_of(request), q, channel="api")
    return {"query": found.query, "matched_by": found.matched_by, "truncated": found.truncated, "members": found.hits}


@router.get("/{member_id}", response=MemberOut, summary="One member: header, open items, timeline, history")
def member(request: HttpRequest, member_id: str) -> dict[str, Any]:
    """Everything the caller may see about the member; sections withheld from their role are empty
    lists named in `withheld`. The view is written to the access log."""
    view = member_view(caller_of(request), member_id, channel="api")
    header = asdict(view.header)
    header.pop("consents")
    header.pop("pcp_npi")
    return {
        **header,
        "consent": [asdict(c) for c in view.header.consents],
        "shown": list(view.shown),
        "withheld": list(view.withheld),
        "counts": view.counts,
        "open_items": view.open_items,
        "timeline": view.timeline,
        "claims": view.claims,
        "encounters": view.encounters,
        "conditions": view.conditions,
        "medications": view.medications,
    }
