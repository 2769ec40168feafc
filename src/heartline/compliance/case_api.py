"""`/api/v1/compliance/cases/…`: one regulated case with its history, and the steps that work it.

Each POST calls the same service as the case page (compliance.case_services): the permission check,
the validation (a refusal is a 400 naming the field), the history event and the access-log entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.compliance import case_services
from heartline.compliance.case_selectors import case_file
from heartline.core.scoping import caller_of

router = Router(tags=["compliance"])


class StepOut(Schema):
    case_id: str
    event_id: str
    action: str


class IntakeIn(Schema):
    contact_id: str
    line_of_business: str
    category: str
    priority: str = "standard"
    request: str = "service"
    received_at: dt.datetime


class ExtensionIn(Schema):
    days: int
    reason: str


class DecisionIn(Schema):
    outcome: str
    decided_at: dt.datetime


class NotificationIn(Schema):
    notified_at: dt.datetime


class OwnerIn(Schema):
    owner_id: str


def _step(step: case_services.CaseStep) -> dict[str, Any]:
    return {"case_id": step.case_id, "event_id": step.event_id, "action": step.action}


# Declared before `/cases/{case_id}` so "intake" is not read as a case id. (GET /cases lives in
# compliance.api's router, which would answer a POST to /cases with 405: intake has its own path.)
@router.post("/cases/intake", response=StepOut, summary="Open a regulated case from a contact")
def open_case(request: HttpRequest, payload: IntakeIn) -> dict[str, Any]:
    """The case takes the contact's member and unit, and you own it. `received_at` needs an offset."""
    return _step(
        case_services.open_case_from_contact(
            caller_of(request),
            payload.contact_id,
            payload.line_of_business,
            payload.category,
            payload.priority,
            payload.request,
            payload.received_at,
        )
    )


@router.get("/cases/{case_id}", response=dict[str, Any], summary="One regulated case, its clock and history")
def case(request: HttpRequest, case_id: str) -> dict[str, Any]:
    """The case judged now (rule, citation, due_at, status, at_risk), its `history` newest first and
    the `next_steps` you may take."""
    return case_file(caller_of(request), case_id, channel="api").as_json()


@router.post("/cases/{case_id}/extension", response=StepOut, summary="Extend a case's clock")
def extend(request: HttpRequest, case_id: str, payload: ExtensionIn) -> dict[str, Any]:
    return _step(case_services.extend_case(caller_of(request), case_id, payload.days, payload.reason))


@router.post("/cases/{case_id}/decision", response=StepOut, summary="Record a case's decision")
def decide(request: HttpRequest, case_id: str, payload: DecisionIn) -> dict[str, Any]:
    return _step(case_services.record_decision(caller_of(request), case_id, payload.outcome, payload.decided_at))


@router.post("/cases/{case_id}/notification", response=StepOut, summary="Record the member's notification")
def notify(request: HttpRequest, case_id: str, payload: NotificationIn) -> dict[str, Any]:
    return _step(case_services.record_notification(caller_of(request), case_id, payload.notified_at))


@router.post("/cases/{case_id}/owner", response=StepOut, summary="Reassign a case")
def reassign(request: HttpRequest, case_id: str, payload: OwnerIn) -> dict[str, Any]:
    return _step(case_services.reassign_case(caller_of(request), case_id, payload.owner_id))
