"""`/api/v1/coaching/leaders`: who a level down keeps their follow-ups; a leader's commitments and
monthly check-ins (docs/leadership.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from heartline.coaching import leader_follow_up as follow_up
from heartline.coaching import services
from heartline.coaching.models import LeaderCheckIn
from heartline.core import clock
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.stats.proportions import Share

router = Router(tags=["coaching"])


class LeaderRateOut(Schema):
    hits: int
    n: int
    value: float | None
    ci_low: float | None
    ci_high: float | None


class LeaderSignalOut(Schema):
    behavior: str
    title: str
    since: dt.date
    before: LeaderRateOut
    after: LeaderRateOut
    change: float | None
    change_ci_low: float | None
    change_ci_high: float | None


class LeaderRowOut(Schema):
    code: str
    name: str
    level: str
    where: str
    months: list[dt.date]
    verdict: str
    open_commitments: int
    months_due: int
    check_ins_on_time: int
    check_ins_late: int
    check_ins_missing: int
    commitments_kept: LeaderRateOut
    front_line: list[LeaderSignalOut]


class LeaderFollowUpsOut(Schema):
    lookback: list[dt.date]
    grace_days: int
    leaders: list[LeaderRowOut]


def _num(x: float) -> float | None:
    return None if x != x else x  # NaN (no data) as null


def _rate(r: Share) -> dict[str, Any]:
    return {"hits": r.hits, "n": r.n, "value": _num(r.value), "ci_low": _num(r.ci_low), "ci_high": _num(r.ci_high)}


def _row(r: follow_up.LeaderRow) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "level": r.level,
        "where": r.where,
        "months": list(r.months),
        "verdict": r.verdict,
        "open_commitments": r.open_commitments,
        "months_due": r.months_due,
        "check_ins_on_time": r.on_time,
        "check_ins_late": r.late,
        "check_ins_missing": r.missing,
        "commitments_kept": _rate(r.kept),
        "front_line": [
            {
                "behavior": s.behavior_code,
                "title": s.title,
                "since": s.since,
                "before": _rate(s.before),
                "after": _rate(s.after),
                "change": s.change.change if s.change else None,
                "change_ci_low": s.change.ci_low if s.change else None,
                "change_ci_high": s.change.ci_high if s.change else None,
            }
            for s in r.signals
        ],
    }


@router.get("", response=LeaderFollowUpsOut, summary="Who, a level down, keeps their follow-ups")
def get_leaders(request: HttpRequest) -> dict[str, Any]:
    caller = caller_of(request)
    require(caller, Capability.FOLLOW_LEADERS, "follow leaders' follow-ups")
    view = follow_up.follow_up_view(caller)
    rows = [_row(r) for _, level_rows in view.levels for r in level_rows]
    return {"lookback": list(view.lookback), "grace_days": follow_up.GRACE_DAYS, "leaders": rows}


class LeaderCommitmentOut(Schema):
    id: int
    text: str
    leadership_behavior: str
    leadership_behavior_name: str
    reinforces: list[str]
    reinforces_names: list[str]  # in the order of `reinforces`
    made_on: dt.date
    closed_on: dt.date | None


class LeaderCheckInOut(Schema):
    month: dt.date
    held_on: dt.date
    recorded_by: str
    progress: dict[int, str]


class LeaderRecordOut(Schema):
    code: str
    name: str
    commitments: list[LeaderCommitmentOut]
    check_ins: list[LeaderCheckInOut]


def _commitment(named: follow_up.NamedCommitment) -> dict[str, Any]:
    c = named.commitment
    reinforces = sorted(zip((b.code for b in c.reinforces.all()), named.reinforces, strict=True))
    return {
        "id": c.pk,
        "text": c.text,
        "leadership_behavior": c.leadership_behavior.code,
        "leadership_behavior_name": named.leadership_behavior,
        "reinforces": [code for code, _ in reinforces],
        "reinforces_names": [title for _, title in reinforces],
        "made_on": c.made_on,
        "closed_on": c.closed_on,
    }


def _check_in(ci: LeaderCheckIn) -> dict[str, Any]:
    return {
        "month": ci.month,
        "held_on": ci.held_on,
        "recorded_by": ci.recorded_by.code,
        "progress": {p.commitment_id: p.progress for p in ci.progress.all()},
    }


@router.get("/{code}", response=LeaderRecordOut, summary="A leader's commitments and monthly check-ins")
def get_leader(request: HttpRequest, code: str) -> dict[str, Any]:
    caller = caller_of(request)
    require(caller, Capability.KEEP_LEADER_FOLLOW_UPS, "keep leaders' follow-ups")
    page = follow_up.leader_page(caller, code)
    if page is None:
        raise HttpError(404, f"no leader {code!r} that you follow")
    return {
        "code": page.code,
        "name": page.name,
        "commitments": [_commitment(n) for n in page.named_commitments],
        "check_ins": [_check_in(ci) for ci in page.check_ins],
    }


class LeaderCommitmentIn(Schema):
    leadership_behavior: str
    text: str
    made_on: dt.date
    reinforces: list[str] = []
    session: int | None = None


@router.post("/{code}/commitments", response=LeaderCommitmentOut, summary="Record a leader's commitment")
def post_commitment(request: HttpRequest, code: str, body: LeaderCommitmentIn) -> dict[str, Any]:
    commitment = services.add_commitment(
        caller_of(request),
        leader_code=code,
        leadership_behavior_code=body.leadership_behavior,
        text=body.text,
        made_on=body.made_on,
        reinforces=body.reinforces,
        session_id=body.session,
    )
    unit = commitment.leader.unit
    (named,) = follow_up.name_commitments((commitment,), unit.code if unit else None)
    return _commitment(named)


class LeaderProgressIn(Schema):
    commitment: int
    progress: str
    note: str = ""


class LeaderCheckInIn(Schema):
    month: dt.date
    progress: list[LeaderProgressIn]
    notes: str = ""
    held_on: dt.date | None = None


@router.post("/{code}/check-ins", response=LeaderCheckInOut, summary="Record a leader's monthly check-in")
def post_check_in(request: HttpRequest, code: str, body: LeaderCheckInIn) -> dict[str, Any]:
    check_in = services.record_check_in(
        caller_of(request),
        leader_code=code,
        month=body.month,
        progress={p.commitment: (p.progress, p.note) for p in body.progress},
        notes=body.notes,
        held_on=body.held_on,
    )
    return _check_in(check_in)


class LeaderCommitmentCloseIn(Schema):
    closed_on: dt.date | None = None  # today when not given


@router.post(
    "/{code}/commitments/{id}/close",
    response=LeaderCommitmentOut,
    summary="Close a leader's commitment (kept for good, or dropped): no later check-in asks about it",
)
def post_close_commitment(request: HttpRequest, code: str, id: int, body: LeaderCommitmentCloseIn) -> dict[str, Any]:
    commitment = services.close_commitment(caller_of(request), id, on=body.closed_on or clock.today(), leader_code=code)
    unit = commitment.leader.unit
    (named,) = follow_up.name_commitments((commitment,), unit.code if unit else None)
    return _commitment(named)
