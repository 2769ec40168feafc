"""`/api/v1/coaching/`: sessions (front line and leadership), the pre-filled form, follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from heartline.coaching import selectors, services
from heartline.coaching.models import CoachingLevel, CoachingSession
from heartline.core import clock
from heartline.core.scoping import caller_of
from heartline.core.selectors import full_name

router = Router(tags=["coaching"])


class SessionOut(Schema):
    id: int
    coach: str
    coach_name: str
    coachee: str
    coachee_name: str
    level: str
    held_on: dt.date
    audits: list[int]
    focus_behaviors: list[str]
    focus_behavior_names: list[str]
    form_ratings: dict[str, int]
    notes: str
    commitments: str
    follow_up_on: dt.date | None
    followed_up_on: dt.date | None
    overdue: bool


def session_out(
    s: CoachingSession, today: dt.date | None = None, focus: dict[int, tuple[str, ...]] | None = None
) -> dict[str, Any]:
    """A session as the API answers it; `focus` (session id → focus behavior titles) when the caller
    named many sessions' behaviors at once."""
    today = today or clock.today()
    focus = focus if focus is not None else selectors.focus_titles([s])
    return {
        "id": s.pk,
        "coach": s.coach.code,
        "coach_name": full_name(s.coach),
        "coachee": s.coachee.code,
        "coachee_name": full_name(s.coachee),
        "level": s.level,
        "held_on": s.held_on,
        "audits": list(s.audits.values_list("pk", flat=True)),
        "focus_behaviors": [b.code for b in s.focus_behaviors.all()],
        "focus_behavior_names": list(focus[s.pk]),
        "form_ratings": s.form_ratings,
        "notes": s.notes,
        "commitments": s.commitments,
        "follow_up_on": s.follow_up_on,
        "followed_up_on": s.followed_up_on,
        "overdue": s.followed_up_on is None and s.follow_up_on is not None and s.follow_up_on < today,
    }


class SessionIn(Schema):
    coachee: str
    held_on: dt.date
    level: str = "front_line"
    audits: list[int] = []
    focus_behaviors: list[str]
    notes: str = ""
    commitments: str = ""
    follow_up_on: dt.date | None = None
    form_ratings: dict[str, int] = {}


@router.get("/sessions", response=list[SessionOut], summary="Coaching sessions you held, received, or of your units")
def list_sessions(request: HttpRequest, coachee: str | None = None) -> list[dict[str, Any]]:
    sessions = list(selectors.sessions_of(caller_of(request), coachee=coachee)[:200])
    focus = selectors.focus_titles(sessions)
    return [session_out(s, focus=focus) for s in sessions]


@router.post("/sessions", response=SessionOut, summary="Record a coaching session you held")
def post_session(request: HttpRequest, body: SessionIn) -> dict[str, Any]:
    caller = caller_of(request)
    s = services.hold_session(
        caller,
        coachee_code=body.coachee,
        held_on=body.held_on,
        level=body.level,
        audit_ids=body.audits,
        focus_behavior_codes=body.focus_behaviors,
        notes=body.notes,
        commitments=body.commitments,
        follow_up_on=body.follow_up_on,
        form_ratings=body.form_ratings or None,
    )
    return session_out(s)


class FollowUpIn(Schema):
    notes: str
    on: dt.date | None = None


@router.post("/sessions/{session_id}/follow-up", response=SessionOut, summary="Record that you followed up")
def post_follow_up(request: HttpRequest, session_id: int, body: FollowUpIn) -> dict[str, Any]:
    caller = caller_of(request)
    return session_out(services.record_follow_up(caller, session_id, notes=body.notes, on=body.on))


class QueueOut(Schema):
    overdue: list[SessionOut]
    upcoming: list[SessionOut]


@router.get("/queue", response=QueueOut, summary="Your follow-ups: overdue first, then upcoming")
def get_queue(request: HttpRequest) -> dict[str, Any]:
    queue = selectors.follow_up_queue(caller_of(request))
    focus = selectors.focus_titles([*queue.overdue, *queue.upcoming])
    return {
        "overdue": [session_out(s, focus=focus) for s in queue.overdue],
        "upcoming": [session_out(s, focus=focus) for s in queue.upcoming],
    }


class PrefillParams(Schema):
    coachee: str
    level: str = "front_line"
    audit: list[int] = []


class PrefillOut(Schema):
    focus_behaviors: list[str]
    focus_behavior_names: list[str]
    reasons: dict[str, str]
    audits: list[int]


@router.get(
    "/prefill", response=PrefillOut, summary="What the coaching form opens with: behaviors missed in recent audits"
)
def get_prefill(request: HttpRequest, params: Query[PrefillParams]) -> dict[str, Any]:
    caller = caller_of(request)
    if params.level not in CoachingLevel.values:
        raise HttpError(400, f"level must be one of {', '.join(CoachingLevel.values)}")
    if params.coachee not in {code for code, _ in selectors.coachees(caller, params.level)}:
        raise HttpError(404, f"{params.coachee!r} is not someone you can coach at this level")
    found = selectors.prefill(caller, params.coachee, params.level, tuple(params.audit))
    return {
        "focus_behaviors": list(found.focus_behavior_codes),
        "focus_behavior_names": [found.titles.get(code, code) for code in found.focus_behavior_codes],
        "reasons": found.reasons,
        "audits": list(found.audit_ids),
    }
