"""`/api/v1/compliance/universes`: CMS program-audit universes as CSV, in the caller's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from heartline.compliance.universe_layouts import UNIVERSES, column_notes, universe_named
from heartline.compliance.universes import universe_csv, universe_rows
from heartline.core.analytics import parse_date
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.warehouse.runners import MetricQueryError

router = Router(tags=["compliance"])


class UniverseColumnOut(Schema):
    column: str
    heading: str
    fills: str


class UniverseOut(Schema):
    name: str
    title: str
    cms_table: str
    in_force: bool
    superseded_by: str
    columns: list[str]
    mapping: list[UniverseColumnOut]


class Period(Schema):
    from_: str | None = Field(None, alias="from")
    to: str | None = None


@router.get("/universes", response=list[UniverseOut], summary="The audit universes Heartline can export")
def universes(request: HttpRequest) -> list[dict[str, Any]]:
    """Each universe's name (for the CSV address), title, the CMS table it answers, whether that
    layout is the one CMS asks for now (`in_force`; else `superseded_by` says by what), its columns in
    order and, per column (A, B, …), what Heartline puts there or why it is blank."""
    if not caller_of(request).can(Capability.FOLLOW_DECISION_CLOCKS):
        raise NotAllowed("you may not export audit universes")
    return [
        {
            "name": u.name,
            "title": u.title,
            "cms_table": u.cms_table,
            "in_force": u.in_force,
            "superseded_by": u.superseded_by,
            "columns": u.header,
            "mapping": column_notes(u),
        }
        for u in UNIVERSES.values()
    ]


@router.get("/universes/{name}.csv", summary="One audit universe (a CMS table: part-c-sod, part-c-eod…) as CSV")
def universe(request: HttpRequest, name: str, period: Query[Period]) -> HttpResponse:
    """The cases received `from` to `to` (YYYY-MM-DD, both included, in the plan's time zone) in the
    universe's CMS record layout: a header line, then one line per case you may see."""
    caller = caller_of(request)
    if not caller.can(Capability.FOLLOW_DECISION_CLOCKS):
        raise NotAllowed("you may not export audit universes")
    try:
        start = parse_date(period.from_, "from")
        end = parse_date(period.to, "to")
    except MetricQueryError as exc:
        raise ActionRefused(str(exc)) from exc
    if start is None or end is None:
        raise ActionRefused("give the audit period: from=YYYY-MM-DD and to=YYYY-MM-DD")
    chosen = universe_named(name)
    rows = universe_rows(caller, chosen, start, end, channel="api")
    response = HttpResponse(universe_csv(chosen, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chosen.name}_{start}_{end}.csv"'
    return response
