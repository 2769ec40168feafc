"""`/api/v1/insights/next-best-actions/{member_id}`: a member's next best actions (`?at=` an ISO
instant, default now), and `POST …/outcomes` to record the member's answer to one.

Only callers who may look up members get an answer; the read is in the access log as the member
view's is, and the answer rests only on what the caller may see of the member.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.core.scoping import caller_of
from heartline.insights.actions.contracts import as_contract
from heartline.insights.actions.selectors import next_best_actions, parse_at
from heartline.insights.actions.services import record_action_outcome

router = Router(tags=["insights"])


class NextBestActionOut(Schema):
    action: str
    channel: str
    send_at: str | None  # ISO with the member's UTC offset; null: offered in contact
    score: float
    reasons: list[str]


class NextBestActionsOut(Schema):
    member_id: str
    actions: list[NextBestActionOut]


class ActionOutcomeIn(Schema):
    action: str
    outcome: str  # accepted, declined, not_now
    channel: str = ""
    contact_id: str = ""


class ActionOutcomeOut(Schema):
    member_id: str
    action: str
    channel: str
    outcome: str
    recorded_by: str


@router.get(
    "/next-best-actions/{member_id}", response=NextBestActionsOut, summary="A member's next best actions, with reasons"
)
def member_actions(request: HttpRequest, member_id: str, at: str = "") -> dict[str, object]:
    """The actions to propose, best first: channel, send_at in the member's zone (null in contact),
    score = propensity × value × lever, and the reasons. Never an action `may_reach` refuses."""
    found = next_best_actions(caller_of(request), member_id, parse_at(at), channel="api")
    return as_contract(found)


@router.post(
    "/next-best-actions/{member_id}/outcomes",
    response=ActionOutcomeOut,
    summary="Record a member's answer to an action",
)
def record_outcome(request: HttpRequest, member_id: str, payload: ActionOutcomeIn) -> dict[str, Any]:
    """Record `accepted`, `declined` or `not_now`: it feeds the action's propensity and cool-offs."""
    saved = record_action_outcome(
        caller_of(request),
        member_id,
        payload.action,
        payload.outcome,
        payload.channel,
        payload.contact_id,
        via="api",
    )
    return {
        "member_id": saved.member_id,
        "action": saved.action,
        "channel": saved.channel,
        "outcome": saved.outcome,
        "recorded_by": saved.recorded_by,
    }
