"""`/api/v1/learning/`: programs, waves, plans, overdue work, completions (one, CSV in and out),
credentials with their history, notifications and program impact — each limited to the caller's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from heartline.core import clock
from heartline.core.scoping import caller_of
from heartline.learning import analytics, selectors, services

router = Router(tags=["learning"])


class ComponentOut(Schema):
    code: str
    title: str
    kind: str
    week: int


class ProgramOut(Schema):
    code: str
    name: str
    weeks: int
    components: list[ComponentOut]


class ComponentIn(Schema):
    code: str
    title: str
    kind: str = Field(description="course, workshop, call_listening or booster")
    week: int = Field(description="Due by the end of this week of the wave (1 = first week)")


class ProgramIn(Schema):
    code: str
    name: str
    weeks: int
    components: list[ComponentIn]
    description: str = ""


class WaveIn(Schema):
    program: str
    unit: str
    starts_on: dt.date


class WaveOut(Schema):
    wave_id: int
    program_code: str
    number: int
    unit_code: str
    unit_name: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    enrolled: int
    due: int
    done_of_due: int
    overdue: int
    credentialed: int


class PlanItemOut(Schema):
    employee_code: str
    employee_name: str
    program_code: str
    component_code: str
    component_title: str
    kind: str
    week: int
    due_on: dt.date
    completed_on: dt.date | None
    days_overdue: int


class CompletionIn(Schema):
    employee_code: str
    program: str
    component: str
    completed_on: dt.date


class CompletionOut(Schema):
    employee_code: str
    program: str
    component: str
    completed_on: dt.date
    changed: bool


class ImportOut(Schema):
    file: str
    accepted: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    problems: list[str]


class EventOut(Schema):
    from_state: str
    to_state: str
    effective_on: dt.date
    reason: str
    audit_ids: list[int]
    recorded_by: str


class CredentialOut(Schema):
    id: int
    employee_code: str
    credential_type: str
    state: str
    state_since: dt.date | None
    granted_on: dt.date | None
    expires_on: dt.date | None
    events: list[EventOut]


class RevokeIn(Schema):
    reason: str


class NotificationOut(Schema):
    id: int
    message: str
    created_at: dt.datetime
    read: bool


@router.get("/programs", response=list[ProgramOut], summary="Programs and their components")
def list_programs(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code,
            "name": p.name,
            "weeks": p.weeks,
            "components": [
                {"code": c.code, "title": c.title, "kind": c.kind, "week": c.week} for c in p.components.all()
            ],
        }
        for p in selectors.programs()
    ]


@router.post("/programs", response=ProgramOut, summary="Define (or update) a program (trainers)")
def define_program(request: HttpRequest, body: ProgramIn) -> dict[str, Any]:
    plans = [services.ComponentPlan(c.code, c.title, c.kind, c.week) for c in body.components]
    program = services.define_program(caller_of(request), body.code, body.name, body.weeks, plans, body.description)
    return {
        "code": program.code,
        "name": program.name,
        "weeks": program.weeks,
        "components": [
            {"code": c.code, "title": c.title, "kind": c.kind, "week": c.week} for c in program.components.all()
        ],
    }


@router.get("/waves", response=list[WaveOut], summary="Each wave's progress in your units")
def list_waves(request: HttpRequest) -> list[selectors.WaveProgress]:
    return selectors.wave_progress(caller_of(request), clock.today())


@router.post("/waves", response=WaveOut, summary="Deploy a program to a unit from a day; enrolls its representatives")
def schedule_wave(request: HttpRequest, body: WaveIn) -> selectors.WaveProgress:
    caller = caller_of(request)
    wave = services.schedule_wave(caller, body.program, body.unit, body.starts_on)
    return next(w for w in selectors.wave_progress(caller, clock.today()) if w.wave_id == wave.pk)


def _plan_out(items: list[selectors.PlanItem], today: dt.date) -> list[dict[str, Any]]:
    return [{**item.__dict__, "days_overdue": item.days_overdue(today)} for item in items]


@router.get(
    "/plan", response=list[PlanItemOut], summary="Components, due days and completions of the people you may see"
)
def plan(request: HttpRequest, employee: str | None = None) -> list[dict[str, Any]]:
    return _plan_out(selectors.plan_items(caller_of(request), employee_code=employee), clock.today())


@router.get("/overdue", response=list[PlanItemOut], summary="What your people should have finished and have not")
def overdue(request: HttpRequest) -> list[dict[str, Any]]:
    today = clock.today()
    return _plan_out(selectors.overdue_items(caller_of(request), today), today)


@router.post("/completions", response=CompletionOut, summary="Record one completion (idempotent)")
def record_completion(request: HttpRequest, body: CompletionIn) -> dict[str, Any]:
    _, changed = services.record_completion(
        caller_of(request), body.employee_code, body.program, body.component, body.completed_on, source="api"
    )
    return {**body.dict(), "changed": changed}


@router.post(
    "/completions/import",
    response={200: ImportOut, 422: ImportOut},
    summary="Load completions from a CSV body (text/csv)",
    description="Columns employee_code, program, component, completed_on. A file with a bad row is refused "
    "whole (422) with each problem named by row and field; loading it again changes nothing.",
)
def import_completions(request: HttpRequest, name: str = "api.csv") -> Status[dict[str, object]]:
    try:
        report = services.import_completions(caller_of(request), request.body.decode("utf-8-sig"), name)
    except UnicodeDecodeError as exc:
        raise HttpError(400, "the body is not UTF-8 text") from exc
    return Status(200 if report.accepted else 422, report.as_dict())


@router.get("/completions/export", summary="Completions of the people you may see, as CSV")
def export_completions(request: HttpRequest, program: str | None = None) -> HttpResponse:
    return HttpResponse(
        services.export_completions(caller_of(request), program), content_type="text/csv; charset=utf-8"
    )


def _credential_out(credential: Any, events: Any) -> dict[str, Any]:
    """A credential already read with the caller's scope, and its events in order."""
    return {
        "id": credential.pk,
        "employee_code": credential.employee.code,
        "credential_type": credential.credential_type.code,
        "state": credential.state,
        "state_since": credential.state_since,
        "granted_on": credential.granted_on,
        "expires_on": credential.expires_on,
        "events": [
            {
                "from_state": e.from_state,
                "to_state": e.to_state,
                "effective_on": e.effective_on,
                "reason": e.reason,
                "audit_ids": e.audit_ids,
                "recorded_by": e.recorded_by,
            }
            for e in events
        ],
    }


@router.get("/credentials", response=list[CredentialOut], summary="Credentials and their history")
def list_credentials(
    request: HttpRequest, state: str | None = None, employee: str | None = None
) -> list[dict[str, Any]]:
    found = selectors.credentials(caller_of(request), state=state, employee_code=employee)
    # One query for every event (CredentialEvent's default order: effective day, then id).
    return [_credential_out(c, c.events.all()) for c in found.prefetch_related("events")]


@router.post(
    "/credentials/{credential_id}/revoke", response=CredentialOut, summary="Revoke a credential, with a reason"
)
def revoke(request: HttpRequest, credential_id: int, body: RevokeIn) -> dict[str, Any]:
    caller = caller_of(request)
    services.revoke_credential(caller, credential_id, body.reason)
    credential = selectors.credential(caller, credential_id)
    return _credential_out(credential, selectors.credential_events(caller, credential_id))


@router.get("/notifications", response=list[NotificationOut], summary="Your own notifications")
def notifications(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": n.pk, "message": n.message, "created_at": n.created_at, "read": n.read_at is not None}
        for n in selectors.inbox(caller_of(request), limit=100).items
    ]


@router.post("/notifications/read", summary="Mark your notifications read")
def read_notifications(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_notifications_read(caller_of(request))}


@router.get(
    "/impact",
    summary="Trained vs not-yet-trained audit scores and member NPS, and the difference-in-differences, with 95% CIs",
)
def impact(request: HttpRequest, scorecard: str | None = None, program: str | None = None) -> dict[str, Any]:
    code = scorecard or analytics.default_scorecard(program)
    if code is None:
        raise HttpError(400, "no scorecard given and no credential type names one")
    report = analytics.impact_report(caller_of(request), scorecard_code=code, program_code=program)
    return report.as_dict()


# Recognition and boosters: their schemas and answers in reinforcement_api.py.
from heartline.learning.reinforcement_api import router as reinforcement_router  # noqa: E402

router.add_router("", reinforcement_router)
