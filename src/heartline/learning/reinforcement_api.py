"""`/api/v1/learning/`: recognition (give, list, counts by behavior, members' praise to pass on) and
boosters (catalog, assignments, running the rules, completion, did it help) — each limited to the
caller's scope, through the same services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.learning import booster_rules, selectors, services

router = Router(tags=["learning"])


class RecognitionIn(Schema):
    recipient: str = Field(description="Employee code of the representative")
    behavior: str = Field(description="Behavior code (the behaviors catalog)")
    message: str
    contact_id: str = ""
    audit_id: int | None = None


class RecognitionOut(Schema):
    id: int
    recipient: str
    unit: str | None
    behavior: str
    giver_kind: str
    given_by: str | None
    message: str
    contact_id: str
    audit_id: int | None
    survey_response_id: str
    given_on: dt.date


class RecognitionCountOut(Schema):
    behavior: str
    shown: bool = Field(description="False when fewer than the minimum number of people were recognised")
    recognitions: int | None
    people: int | None


class PraiseOut(Schema):
    response_id: str
    contact_id: str
    agent_code: str
    responded_on: dt.date
    nps: int | None
    csat: int | None
    verbatim: str


class PassOnIn(Schema):
    behavior: str
    note: str = ""


class BoosterIn(Schema):
    code: str
    title: str
    behavior: str
    body: str
    minutes: int = 10
    misses_to_assign: int = 2
    of_last_audits: int = 3
    due_days: int = 14
    link: str = ""


class BoosterOut(Schema):
    code: str
    title: str
    behavior: str
    minutes: int
    body: str
    link: str
    rule: str
    due_days: int
    active: bool


class BoosterAssignmentIn(Schema):
    booster: str
    employee: str
    due_on: dt.date | None = None


class BoosterAssignmentOut(Schema):
    id: int
    booster: str
    employee: str
    reason: str
    evidence_audit_ids: list[int]
    evidence_contact_ids: list[str]  # contacts whose trusted auto-QA answers missed the behavior
    assigned_on: dt.date
    due_on: dt.date
    completed_on: dt.date | None


class BoosterRunOut(Schema):
    agents: int
    assigned: dict[str, int]
    assignment_ids: list[int]


class BoosterImpactOut(Schema):
    booster: str
    behavior: str
    assigned: int
    completed: int
    followed_by_audits: int
    before_shown: int
    before_n: int
    after_shown: int
    after_n: int
    auto_n: int = Field(0, description="Of before_n + after_n, outcomes from trusted auto-QA (no audit rated them)")
    difference: float | None = Field(description="After − before pass rate (a proportion)")
    ci_low: float | None = Field(description="95% Newcombe hybrid score interval")
    ci_high: float | None


def _recognition_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "recipient": r.recipient.code,
        "unit": r.unit.code if r.unit else None,
        "behavior": r.behavior_code,
        "giver_kind": r.giver_kind,
        "given_by": r.given_by.code if r.given_by else None,
        "message": r.message,
        "contact_id": r.contact_id,
        "audit_id": r.audit_id,
        "survey_response_id": r.survey_response_id,
        "given_on": r.given_on,
    }


@router.get("/recognitions", response=list[RecognitionOut], summary="Recognitions you may see, newest first")
def list_recognitions(
    request: HttpRequest, unit: str | None = None, recipient: str | None = None
) -> list[dict[str, Any]]:
    found = selectors.recognitions(caller_of(request), unit_code=unit, recipient_code=recipient)[:500]
    return [_recognition_out(r) for r in found]


@router.post("/recognitions", response={201: RecognitionOut}, summary="Recognise a representative for a behavior")
def give_recognition(request: HttpRequest, body: RecognitionIn) -> tuple[int, dict[str, Any]]:
    made = services.give_recognition(
        caller_of(request),
        body.recipient,
        body.behavior,
        body.message,
        contact_id=body.contact_id,
        audit_id=body.audit_id,
    )
    return 201, _recognition_out(made)


@router.get(
    "/recognitions/counts",
    response=list[RecognitionCountOut],
    summary="A unit's recognitions by behavior (withheld below the minimum number of people)",
)
def recognition_counts(request: HttpRequest, unit: str, since: dt.date | None = None) -> list[dict[str, Any]]:
    return [
        {
            "behavior": c.behavior_code,
            "shown": c.shown,
            "recognitions": c.recognitions if c.shown else None,
            "people": c.people if c.shown else None,
        }
        for c in selectors.counts_by_behavior(caller_of(request), unit, since)
    ]


@router.get("/praise", response=list[PraiseOut], summary="Members' praise of your people, to pass on")
def praise(request: HttpRequest, since: dt.date | None = None) -> list[Any]:
    caller = caller_of(request)
    require(caller, Capability.PASS_ON_MEMBER_PRAISE, "pass on members' praise")
    found = selectors.praise_to_pass_on(caller, selectors.visible_agent_codes(caller), since=since, limit=100)
    if found:  # members' words, redacted: logged like the unit's quotes
        log_access(caller, "learning.praise", "praise", "api", responses=[p.response_id for p in found])
    return found


@router.post(
    "/praise/{response_id}/pass-on", response={201: RecognitionOut}, summary="Pass a member's praise on as recognition"
)
def pass_on(request: HttpRequest, response_id: str, body: PassOnIn) -> tuple[int, dict[str, Any]]:
    made = services.pass_on_praise(caller_of(request), response_id, body.behavior, note=body.note)
    return 201, _recognition_out(made)


def _booster_out(b: Any) -> dict[str, Any]:
    return {
        "code": b.code,
        "title": b.title,
        "behavior": b.behavior_code,
        "minutes": b.minutes,
        "body": b.body,
        "link": b.link,
        "rule": booster_rules.AssignmentRule(b.misses_to_assign, b.of_last_audits).describe(),
        "due_days": b.due_days,
        "active": b.active,
    }


@router.get("/boosters", response=list[BoosterOut], summary="The booster catalog and each booster's rule")
def list_boosters(request: HttpRequest) -> list[dict[str, Any]]:
    return [_booster_out(b) for b in selectors.boosters()]


@router.post("/boosters", response=BoosterOut, summary="Define or update a booster (by code)")
def define_booster(request: HttpRequest, body: BoosterIn) -> dict[str, Any]:
    plan = services.BoosterPlan(
        body.code,
        body.title,
        body.behavior,
        body.body,
        body.minutes,
        body.misses_to_assign,
        body.of_last_audits,
        body.due_days,
        body.link,
    )
    return _booster_out(services.define_booster(caller_of(request), plan))


def _assignment_out(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "booster": a.booster.code,
        "employee": a.employee.code,
        "reason": a.reason,
        "evidence_audit_ids": list(a.evidence_audit_ids or []),
        "evidence_contact_ids": list(a.evidence_contact_ids or []),
        "assigned_on": a.assigned_on,
        "due_on": a.due_on,
        "completed_on": a.completed_on,
    }


@router.get(
    "/booster-assignments", response=list[BoosterAssignmentOut], summary="Boosters assigned to people you may see"
)
def list_assignments(
    request: HttpRequest, employee: str | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    found = selectors.booster_assignments(caller_of(request), employee_code=employee, open_only=open_only)[:1000]
    return [_assignment_out(a) for a in found]


@router.post(
    "/booster-assignments", response={201: BoosterAssignmentOut}, summary="Assign a booster to a representative"
)
def assign_booster(request: HttpRequest, body: BoosterAssignmentIn) -> tuple[int, dict[str, Any]]:
    made = services.assign_booster(caller_of(request), body.booster, body.employee, due_on=body.due_on)
    return 201, _assignment_out(made)


@router.post("/booster-assignments/run", response=BoosterRunOut, summary="Run the booster rules for your people")
def run_rules(request: HttpRequest) -> dict[str, Any]:
    return services.assign_boosters(caller_of(request)).as_dict()


@router.post(
    "/booster-assignments/{assignment_id}/complete", response=BoosterAssignmentOut, summary="Record a booster done"
)
def complete(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    caller = caller_of(request)
    if selectors.booster_assignment(caller, assignment_id) is None and not caller.is_operator:
        raise HttpError(404, f"no booster assignment {assignment_id} that you may see")
    return _assignment_out(services.complete_booster(caller, assignment_id))


@router.get(
    "/boosters/impact", response=list[BoosterImpactOut], summary="Did each booster help? Before/after with a 95% CI"
)
def impact(request: HttpRequest) -> list[dict[str, Any]]:
    caller = caller_of(request)
    require(caller, Capability.FOLLOW_BOOSTERS, "follow boosters")
    rows = []
    for i in selectors.booster_impacts(caller, services.boosters.quality_outcomes):
        e = i.effect
        rows.append(
            {
                "booster": i.booster.code,
                "behavior": i.booster.behavior_code,
                "assigned": i.assigned,
                "completed": i.completed,
                "followed_by_audits": e.assignments,
                "before_shown": e.before_shown,
                "before_n": e.before_n,
                "after_shown": e.after_shown,
                "after_n": e.after_n,
                "auto_n": e.auto_n,
                "difference": e.difference,
                "ci_low": e.ci_low,
                "ci_high": e.ci_high,
            }
        )
    return rows
