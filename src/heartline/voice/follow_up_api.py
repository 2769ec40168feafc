"""`/api/v1/voice/follow-ups`: the closed loop. A unit's follow-ups, one follow-up, opening new ones
from the survey responses, recording an outcome, and the loop's figures per unit and period.

Follow-ups name members: every answer that lists them is access-logged. Supervisors
(FOLLOW_UP_DETRACTORS) work the follow-ups of their units; the figures need READ_LOOP_FIGURES.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from heartline.core import clock
from heartline.core.errors import ActionRefused
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.voice.follow_up_selectors import (
    figures_summary,
    follow_up_for,
    follow_up_record,
    loop_figures,
    unit_queue,
)
from heartline.voice.follow_up_services import open_follow_ups, record_outcome
from heartline.voice.models import FollowUp

router = Router(tags=["voice"])


class FollowUpOut(Schema):
    id: int
    response_id: str
    member_id: str
    contact_id: str
    unit: str
    trigger: str
    nps: int | None
    csat: int | None
    complaint_themes: list[str]
    verbatim: str
    responded_at: dt.datetime
    opened_at: dt.datetime
    due_at: dt.datetime
    business_days: int
    standing: str
    outcome: str
    note: str
    called_at: dt.datetime | None
    closed_by: str
    case_id: str


class FollowUpQueueOut(Schema):
    unit: str
    unit_name: str
    open: int
    overdue: int
    due_today: int
    follow_ups: list[FollowUpOut]


class FollowUpOutcomeIn(Schema):
    outcome: str
    note: str = ""
    called_at: dt.datetime | None = None
    line_of_business: str = ""


class FollowUpOpenIn(Schema):
    since: dt.date | None = None
    until: dt.date | None = None


class FollowUpOpeningOut(Schema):
    considered: int
    opened: int
    already_open: int
    not_called_for: int
    without_member: int
    without_unit: int


class FollowUpErrorOut(Schema):
    detail: str


def _out(f: FollowUp) -> dict[str, Any]:
    return follow_up_record(f, clock.now())


def _day(request: HttpRequest, name: str) -> dt.date | None:
    value = request.GET.get(name) or ""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ActionRefused(f"{name} must be a date (YYYY-MM-DD), got {value!r}") from None


@router.get(
    "/follow-ups/unit/{unit}",
    response=FollowUpQueueOut,
    summary="A unit's open follow-ups, most urgent first, with how many are overdue and due today",
)
def queue(request: HttpRequest, unit: str) -> dict[str, Any]:
    caller = caller_of(request)
    found = unit_queue(caller, unit)
    log_access(caller, "voice.follow_ups.queue", f"unit:{unit}", channel="api", members=len(found["open"]))
    return {
        "unit": unit,
        "unit_name": found["unit_name"],
        "open": len(found["open"]),
        "overdue": found["overdue"],
        "due_today": found["due_today"],
        "follow_ups": [_out(row.follow_up) for row in found["open"]],
    }


@router.get(
    "/follow-ups/unit/{unit}/figures",
    summary="The loop's figures: share closed in time (Wilson 95% CI, n), outcome mix, the member's next score",
    description="Follow-ups opened `from`..`to` (YYYY-MM-DD; default the 91 days to today). Shares are 0–1.",
)
def figures(request: HttpRequest, unit: str) -> dict[str, Any]:
    data = loop_figures(caller_of(request), unit, _day(request, "from"), _day(request, "to"))
    return figures_summary(data)


@router.post(
    "/follow-ups/open",
    response={200: FollowUpOpeningOut, 400: FollowUpErrorOut, 403: FollowUpErrorOut},
    summary="Open follow-ups for the low or complaining responses of your units (idempotent)",
)
def open_new(request: HttpRequest, body: FollowUpOpenIn) -> Status[dict[str, Any]]:
    report = open_follow_ups(caller_of(request), since=body.since, until=body.until, channel="api")
    return Status(200, report.__dict__)


# After `/follow-ups/open`: the URL resolver takes the first pattern that matches, whatever the method.
@router.get("/follow-ups/{follow_up_id}", response=FollowUpOut, summary="One follow-up")
def one(request: HttpRequest, follow_up_id: int) -> dict[str, Any]:
    caller = caller_of(request)
    found = follow_up_for(caller, follow_up_id)
    log_access(caller, "voice.follow_up", f"follow_up:{found.pk}", channel="api", member_id=found.member_id)
    return _out(found)


@router.post(
    "/follow-ups/{follow_up_id}/outcome",
    response={200: FollowUpOut, 400: FollowUpErrorOut, 403: FollowUpErrorOut, 404: FollowUpErrorOut},
    summary="Record the call back: resolved, explained or grievance_filed (opens a regulated case)",
)
def outcome(request: HttpRequest, follow_up_id: int, body: FollowUpOutcomeIn) -> Status[dict[str, Any]]:
    done = record_outcome(
        caller_of(request),
        follow_up_id,
        body.outcome,
        note=body.note,
        called_at=body.called_at,
        line_of_business=body.line_of_business,
        channel="api",
    )
    return Status(200, _out(done))
