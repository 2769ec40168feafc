"""`/api/v1/behaviors/`: the catalog (as worded for a unit on a day), wording history, new
wordings, values and behaviors, rehearsal sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.behaviors import selectors, services
from heartline.behaviors.contracts import BehaviorText
from heartline.core.scoping import caller_of

router = Router(tags=["behaviors"])


class BehaviorOut(Schema):
    code: str
    kind: str
    value: str
    title: str
    description: str
    looks_like: list[str]
    does_not_look_like: list[str]
    version: int
    unit: str | None
    effective_from: dt.datetime
    reinforced_by: list[str]


def behavior_out(b: BehaviorText) -> dict[str, Any]:
    return {
        "code": b.code,
        "kind": b.kind,
        "value": b.value_name,
        "title": b.title,
        "description": b.description,
        "looks_like": list(b.looks_like),
        "does_not_look_like": list(b.does_not_look_like),
        "version": b.version,
        "unit": b.unit_code,
        "effective_from": b.effective_from,
        "reinforced_by": list(b.reinforced_by),
    }


@router.get(
    "",
    response=list[BehaviorOut],
    summary="Every behavior as worded for a unit (default: the division) at a moment (default: now)",
)
def list_behaviors(
    request: HttpRequest, unit: str | None = None, at: dt.datetime | None = None
) -> list[dict[str, Any]]:
    return [behavior_out(b) for value in selectors.catalog(unit, at) for b in (*value.front_line, *value.leadership)]


class WordingIn(Schema):
    unit: str | None = None
    title: str
    description: str = ""
    looks_like: list[str] = []
    does_not_look_like: list[str] = []
    effective_from: dt.datetime | None = None
    note: str = ""


class WordingOut(Schema):
    version: int
    unit: str | None
    title: str
    effective_from: dt.datetime
    note: str


@router.get(
    "/{code}/history",
    response=list[WordingOut],
    summary="A behavior's wordings, the division's and a unit's, newest first",
)
def history(request: HttpRequest, code: str, unit: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "version": w.version,
            "unit": w.unit.code if w.unit else None,
            "title": w.title,
            "effective_from": w.effective_from,
            "note": w.note,
        }
        for w in selectors.wording_history(code, unit)
    ]


@router.post("/{code}/wordings", response=WordingOut, summary="A new wording (version) for the division or your unit")
def post_wording(request: HttpRequest, code: str, body: WordingIn) -> dict[str, Any]:
    caller = caller_of(request)
    w = services.reword_behavior(
        caller,
        code,
        unit_code=body.unit,
        title=body.title,
        description=body.description,
        looks_like=body.looks_like,
        does_not_look_like=body.does_not_look_like,
        effective_from=body.effective_from,
        note=body.note,
    )
    return {
        "version": w.version,
        "unit": body.unit,
        "title": w.title,
        "effective_from": w.effective_from,
        "note": w.note,
    }


class ValueIn(Schema):
    division: str
    code: str
    name: str
    description: str = ""


class BehaviorIn(Schema):
    value: str
    code: str
    kind: str
    title: str
    description: str = ""
    looks_like: list[str] = []
    does_not_look_like: list[str] = []
    reinforced_by: list[str] = []


class Done(Schema):
    code: str


@router.post("/values", response=Done, summary="Define (or rename) one of the division's values")
def post_value(request: HttpRequest, body: ValueIn) -> dict[str, str]:
    caller = caller_of(request)
    services.define_value(
        caller, division_code=body.division, code=body.code, name=body.name, description=body.description
    )
    return {"code": body.code}


@router.post("/definitions", response=Done, summary="Define a new behavior with its first wording")
def post_behavior(request: HttpRequest, body: BehaviorIn) -> dict[str, str]:
    caller = caller_of(request)
    services.define_behavior(
        caller,
        value_code=body.value,
        code=body.code,
        kind=body.kind,
        title=body.title,
        description=body.description,
        looks_like=body.looks_like,
        does_not_look_like=body.does_not_look_like,
        reinforced_by=body.reinforced_by,
    )
    return {"code": body.code}


class RehearsalIn(Schema):
    unit: str
    held_on: dt.date
    behaviors: list[str]
    attendees: list[str]
    notes: str = ""


class RehearsalOut(Schema):
    id: int
    unit: str
    held_on: dt.date
    behaviors: list[str]
    attendees: list[str]
    notes: str


def rehearsal_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "unit": s.unit.code,
        "held_on": s.held_on,
        "behaviors": [b.code for b in s.behaviors.all()],
        "attendees": [e.code for e in s.attendees.all()],
        "notes": s.notes,
    }


@router.get(
    "/rehearsals", response=list[RehearsalOut], summary="Rehearsal sessions of your units (an agent: the ones attended)"
)
def list_rehearsals(request: HttpRequest) -> list[dict[str, Any]]:
    return [rehearsal_out(s) for s in selectors.rehearsals(caller_of(request))[:200]]


@router.post("/rehearsals", response=RehearsalOut, summary="Record a rehearsal session")
def post_rehearsal(request: HttpRequest, body: RehearsalIn) -> dict[str, Any]:
    caller = caller_of(request)
    s = services.record_rehearsal(
        caller,
        unit_code=body.unit,
        held_on=body.held_on,
        behavior_codes=body.behaviors,
        attendee_codes=body.attendees,
        notes=body.notes,
    )
    return rehearsal_out(s)
