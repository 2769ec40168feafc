"""`/api/v1/voice/`: survey definitions, unit and division results, key drivers, themes, and ideas.

Results are aggregates limited to the units the caller may read (`analytics.results_units`); every
answer that carries quotes is written to the access log. Ideas: any employee proposes, votes and
comments; leaders move an idea with `POST /ideas/{reference}/{review|test|adopt|decline}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from heartline.core.errors import NotFound
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.voice.analytics import Period, division_results, unit_results
from heartline.voice.benchmarks_compare import units_benchmarks
from heartline.voice.models import Idea, IdeaStatus
from heartline.voice.selectors import (
    NotAnEmployeeError,
    idea_for,
    idea_link_label,
    idea_unit_names,
    ideas_list,
    you_said_we_did,
)
from heartline.voice.services import (
    TRANSITIONS,
    comment_on_idea,
    propose_idea,
    vote_for_idea,
    withdraw_vote,
)
from heartline.voice.surveys import SURVEYS
from heartline.voice.taxonomy import TAXONOMY

router = Router(tags=["voice"])


def _period(start: str | None, end: str | None) -> Period | None:
    return Period.parse(start, end)


@router.get("/surveys", summary="Survey definitions: items, scales and wording in en, es and zh")
def surveys(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "items": [
                {"code": i.code, "scale": i.scale.value, "label": i.label, "driver": i.driver, "wording": i.wording}
                for i in s.items
            ],
        }
        for s in SURVEYS.values()
    ]


@router.get("/themes", summary="The theme taxonomy")
def taxonomy(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"code": t.code, "label": t.label, "polarity": t.polarity} for t in TAXONOMY]


@router.get(
    "/results/{unit}",
    summary="A unit's results beside its division's",
    description="NPS with 95% CI and n, change from the previous period, monthly trend, CSAT/CAHPS items, key "
    "drivers with bootstrap CIs, themes with n, share and CI, redacted quotes. `from`/`to` (YYYY-MM-DD) pick "
    "the period; default the 91 days up to the latest response.",
)
def results(request: HttpRequest, unit: str) -> dict[str, Any]:
    caller = caller_of(request)
    answer = unit_results(caller, unit, _period(request.GET.get("from"), request.GET.get("to")))
    log_access(caller, "voice.results", f"unit:{unit}", channel="api")
    return answer


@router.get("/analysis", summary="Drivers, themes and units ranked over everything the caller may see")
def analysis(request: HttpRequest) -> dict[str, Any]:
    caller = caller_of(request)
    if not caller.can(Capability.ANALYZE_MEMBER_VOICE) and not caller.scope.unrestricted:
        raise HttpError(403, "the analysis covers several units; ask for /voice/results/{unit} instead")
    answer = division_results(caller, _period(request.GET.get("from"), request.GET.get("to")))
    log_access(caller, "voice.analysis", "warehouse:survey_responses", channel="api")
    return answer


@router.get(
    "/benchmarks",
    summary="Every unit you may read beside the outside benchmarks",
    description="Per loaded benchmark row mapped to one of our items: its value, n and period once, and for "
    "each unit the caller may read its top-box share (95% CI, n, under the minimum or not) and the difference "
    "in points (not tested), over one period for all units; with the comparison's caveats. `from`/`to` "
    "(YYYY-MM-DD) pick the period; default the 91 days up to the latest response in those units.",
)
def benchmarks(request: HttpRequest) -> dict[str, Any]:
    return units_benchmarks(caller_of(request), _period(request.GET.get("from"), request.GET.get("to")))


# -- ideas ----------------------------------------------------------------------------------------


class IdeaIn(Schema):
    title: str
    description: str = ""
    link_kind: str
    link_code: str


class CommentIn(Schema):
    text: str


class MoveIn(Schema):
    reason: str = ""


class IdeaOut(Schema):
    reference: str
    title: str
    description: str
    link_kind: str
    link_code: str
    link_label: str
    status: str
    outcome: str
    proposer: str
    unit: str
    unit_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    votes: int
    comments: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []


class ErrorOut(Schema):
    detail: str


def _idea_out(idea: Idea, full: bool = False, units: dict[str, str] | None = None) -> dict[str, Any]:
    """An idea as the API answers it; `units` (code → name) when the caller answers many ideas."""
    units = units if units is not None else idea_unit_names()
    answer: dict[str, Any] = {
        "reference": idea.reference,
        "title": idea.title,
        "description": idea.description,
        "link_kind": idea.link_kind,
        "link_code": idea.link_code,
        "link_label": idea_link_label(idea.link_kind, idea.link_code),
        "status": idea.status,
        "outcome": idea.outcome,
        "proposer": idea.proposer_name,
        "unit": idea.unit_code,
        "unit_name": units.get(idea.unit_code, idea.unit_code),
        "created_at": idea.created_at,
        "updated_at": idea.updated_at,
        "votes": getattr(idea, "vote_count", None) if hasattr(idea, "vote_count") else idea.votes.count(),
    }
    if full:
        answer["comments"] = [
            {"author": c.author_name, "text": c.text, "at": c.created_at.isoformat()} for c in idea.comments.all()
        ]
        answer["history"] = [
            {"from": t.from_status, "to": t.to_status, "by": t.by_name, "reason": t.reason, "at": t.at.isoformat()}
            for t in idea.transitions.all()
        ]
    return answer


@router.get("/ideas", response={200: list[IdeaOut], 400: ErrorOut}, summary="Ideas of your division, most voted first")
def list_ideas(request: HttpRequest, status: str | None = None) -> Status[Any]:
    if status and status not in IdeaStatus.values:
        return Status(400, {"detail": f"status must be one of {', '.join(IdeaStatus.values)}; got {status!r}"})
    units = idea_unit_names()
    return Status(200, [_idea_out(i, units=units) for i in ideas_list(caller_of(request), status=status)[:500]])


@router.get("/ideas/you-said-we-did", response=list[IdeaOut], summary="Adopted ideas and what was done")
def adopted(request: HttpRequest) -> list[dict[str, Any]]:
    units = idea_unit_names()
    return [_idea_out(i, units=units) for i in you_said_we_did(caller_of(request))]


@router.post("/ideas", response={201: IdeaOut, 400: ErrorOut, 403: ErrorOut}, summary="Propose an idea")
def create_idea(request: HttpRequest, body: IdeaIn) -> Status[dict[str, Any]]:
    idea = propose_idea(
        caller_of(request),
        title=body.title,
        description=body.description,
        link_kind=body.link_kind,
        link_code=body.link_code,
    )
    return Status(201, _idea_out(idea, full=True))


def _found(request: HttpRequest, reference: str) -> Idea:
    try:
        return idea_for(caller_of(request), reference)
    except NotAnEmployeeError as exc:  # reading an idea: not one you may see, so "not found"
        raise NotFound(str(exc)) from exc


@router.get("/ideas/{reference}", response=IdeaOut, summary="One idea with its comments and history")
def get_idea(request: HttpRequest, reference: str) -> dict[str, Any]:
    return _idea_out(_found(request, reference), full=True)


@router.post(
    "/ideas/{reference}/vote", response={200: IdeaOut, 403: ErrorOut, 404: ErrorOut}, summary="Vote for an idea (once)"
)
def vote(request: HttpRequest, reference: str) -> Status[dict[str, Any]]:
    _found(request, reference)
    vote_for_idea(caller_of(request), reference)
    return Status(200, _idea_out(_found(request, reference), full=True))


@router.delete(
    "/ideas/{reference}/vote", response={200: IdeaOut, 403: ErrorOut, 404: ErrorOut}, summary="Withdraw your vote"
)
def unvote(request: HttpRequest, reference: str) -> Status[dict[str, Any]]:
    _found(request, reference)
    withdraw_vote(caller_of(request), reference)
    return Status(200, _idea_out(_found(request, reference), full=True))


@router.post("/ideas/{reference}/comments", response={201: IdeaOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def comment(request: HttpRequest, reference: str, body: CommentIn) -> Status[dict[str, Any]]:
    _found(request, reference)
    comment_on_idea(caller_of(request), reference, body.text)
    return Status(201, _idea_out(_found(request, reference), full=True))


@router.post(
    "/ideas/{reference}/{action}",
    response={200: IdeaOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Move an idea: review, test, adopt (reason: what was done) or decline (reason required)",
)
def move(request: HttpRequest, reference: str, action: str, body: MoveIn) -> Status[dict[str, Any]]:
    if action not in TRANSITIONS:
        return Status(404, {"detail": f"no action {action!r}; use one of {', '.join(TRANSITIONS)}"})
    _found(request, reference)
    TRANSITIONS[action](caller_of(request), reference, body.reason)
    return Status(200, _idea_out(_found(request, reference), full=True))
