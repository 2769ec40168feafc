"""`/api/v1/workforce/`: interval forecasts and the planning calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from heartline.core import clock
from heartline.core.bounds import check_day, check_id, days_after
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.workforce import services
from heartline.workforce.forecast import MAX_WEEKS, ForecastError, as_json, forecast_for
from heartline.workforce.selectors import calendar_events

router = Router(tags=["workforce"])


class WorkforceForecastQuery(Schema):
    queue: str
    weeks: int = Field(8, ge=1, le=MAX_WEEKS)
    first_day: dt.date | None = Field(None, alias="from")
    level: int = Field(80, ge=50, le=99)


class WorkforceForecastOut(Schema):
    queue: str
    level: int
    regressors: list[str]
    history_ends: str | None
    backtest: dict[str, Any]
    daily: list[dict[str, Any]]
    intervals: list[dict[str, Any]]


class WorkforceIntradayQuery(Schema):
    queue: str
    day: dt.date | None = None
    service_level: float = Field(0.8, gt=0, lt=1, description="share answered within answer_within")
    answer_within: float = Field(30.0, ge=10, le=300, description="seconds (the service-level metric's 10–300 s)")
    max_occupancy: float = Field(0.85, gt=0, le=1)
    shrinkage: float = Field(0.3, ge=0, lt=1, description="share of paid time off the phones")


class WorkforceIntradayOut(Schema):
    queue: str
    day: str | None
    line_of_business: str | None = None
    target: dict[str, Any] = {}
    hold_standard_seconds: float | None = None
    forecast_error: str | None = None
    offered: int = 0
    forecast_calls: float | None = None
    intervals: list[dict[str, Any]] = []


class WorkforceScenarioQuery(Schema):
    queue: str
    weeks: int = Field(8, ge=1, le=MAX_WEEKS)
    first_day: dt.date | None = Field(None, alias="from")
    volume: float = Field(1.0, ge=0, le=100, description="multiply calls by this on the scenario's days")
    aht_change: float = Field(1.0, gt=0, le=10, description="multiply handle time by this")
    scenario_from: dt.date | None = Field(None, description="first day the change applies (UTC; default: all)")
    scenario_to: dt.date | None = Field(None, description="last day the change applies (UTC)")
    service_level: float = Field(0.8, gt=0, lt=1)
    answer_within: float = Field(30.0, ge=0, le=3600)
    max_occupancy: float = Field(0.85, gt=0, le=1)
    shrinkage: float = Field(0.3, ge=0, lt=1)
    patience: float | None = Field(None, gt=0, le=3600, description="callers' mean patience, s (Erlang A)")


class WorkforceScenarioOut(Schema):
    queue: str
    first_day: str
    weeks: int
    schedule: str
    target: dict[str, Any]
    scenario: dict[str, Any]
    unchanged: dict[str, Any]
    days: list[dict[str, Any]]


class WorkforceEventQuery(Schema):
    first_day: dt.date | None = Field(None, alias="from")
    last_day: dt.date | None = Field(None, alias="to")
    queue: str | None = None


class WorkforceEventIn(Schema):
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    queues: list[str] = []


class WorkforceEventsOut(Schema):
    events: list[dict[str, Any]]


class WorkforceEventCreated(Schema):
    id: int


def _follower(request: HttpRequest) -> Any:
    caller = caller_of(request)
    if not caller.can(Capability.FOLLOW_WORKFORCE):
        raise NotAllowed("workforce forecasts are for workforce planners, managers and leaders")
    return caller


@router.get("/forecast", response=WorkforceForecastOut, summary="Calls and handle time per interval for the next weeks")
def forecast(request: HttpRequest, params: Query[WorkforceForecastQuery]) -> dict[str, Any]:
    """Per interval of the next `weeks` weeks (from `from`, default today): `calls` (median forecast),
    `calls_low`/`calls_high` (the `level`% prediction interval) and `aht_seconds`; the daily totals;
    the rolling-origin backtest (MASE, WAPE, coverage, n) beside seasonal-naive and last-year-same-week."""
    caller = _follower(request)
    try:
        result = forecast_for(params.queue, params.weeks, caller=caller, first_day=params.first_day, level=params.level)
    except ForecastError as exc:
        raise ActionRefused(str(exc)) from exc
    log_access(
        caller, "workforce.forecast", f"warehouse:contact_intervals:{params.queue}", channel="api", weeks=params.weeks
    )
    return as_json(result)


@router.get("/events", response=WorkforceEventsOut, summary="The planning calendar")
def events(request: HttpRequest, params: Query[WorkforceEventQuery]) -> dict[str, Any]:
    """Built-in (AEP, ACA open enrollment, federal holidays) and planner events overlapping `from`..`to`
    (default: today and the year after), only those of `queue` when given."""
    _follower(request)
    first = check_day(params.first_day or clock.today(), "from")
    last = check_day(params.last_day or days_after(first, 365), "to")
    if last < first:
        raise ActionRefused(f"to {last} is before from {first}")
    return {"events": [e.as_json() for e in calendar_events(first, last, params.queue)]}


@router.post("/events", response={201: WorkforceEventCreated}, summary="Add an event to the planning calendar")
def add_event(request: HttpRequest, body: WorkforceEventIn) -> tuple[int, dict[str, Any]]:
    """Planners only (PLAN_WORKFORCE). `queues` empty: every queue."""
    event = services.add_event(
        caller_of(request),
        name=body.name,
        kind=body.kind,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        queues=body.queues,
    )
    return 201, {"id": event.pk}


@router.delete("/events/{event_id}", response={204: None}, summary="Remove a planner's event")
def remove_event(request: HttpRequest, event_id: int) -> tuple[int, None]:
    services.remove_event(caller_of(request), check_id(event_id, "event_id"))
    return 204, None


@router.get("/intraday", response=WorkforceIntradayOut, summary="One queue's day by interval: forecast, staff, service")
def intraday(request: HttpRequest, params: Query[WorkforceIntradayQuery]) -> dict[str, Any]:
    """Per interval of `day` (default: the last day with contacts): forecast and actual calls offered,
    agents required (Erlang C, against the target given: by default 80% in 30 s, 85% occupancy, 30%
    shrinkage), scheduled (the loaded staffing
    plan) and who handled contacts, service level, ASA and abandonment with their n; Medicare queues carry
    the 2-minute hold-time standard."""
    from heartline.workforce.intraday import intraday as intraday_view
    from heartline.workforce.intraday import last_day_with_contacts
    from heartline.workforce.staffing import StaffingTarget

    caller = _follower(request)
    day = check_day(params.day, "day") if params.day else last_day_with_contacts(caller, params.queue)
    if day is None:
        raise ActionRefused(f"queue {params.queue!r} has no offered contacts you may see")
    log_access(
        caller, "workforce.intraday", f"warehouse:contact_intervals:{params.queue}", channel="api", day=day.isoformat()
    )
    target = StaffingTarget(
        service_level=params.service_level,
        answer_within=params.answer_within,
        max_occupancy=params.max_occupancy,
        shrinkage=params.shrinkage,
    )
    from heartline.warehouse.runners import MetricQueryError

    try:
        return intraday_view(caller, params.queue, day, target)
    except MetricQueryError as exc:  # e.g. an answered-within the interval table does not count
        raise ActionRefused(str(exc)) from exc


@router.get(
    "/scenario", response=WorkforceScenarioOut, summary="What if volume or handle time change: staff and service"
)
def scenario(request: HttpRequest, params: Query[WorkforceScenarioQuery]) -> dict[str, Any]:
    """The queue's forecast for `weeks` weeks with calls × `volume` and handle time × `aht_change` from
    `scenario_from` to `scenario_to`: agents needed, overtime hours against the loaded staffing plan (or the
    plan for the unchanged forecast) and the service level, ASA and abandonment to expect if the schedule
    stays — beside the same schedule with nothing changed; per day too. Erlang A with `patience`, else C."""
    from heartline.workforce.plan import scenario_for
    from heartline.workforce.scenarios import Scenario
    from heartline.workforce.staffing import StaffingInputError, StaffingTarget

    caller = _follower(request)
    try:
        what_if = Scenario(
            volume_multiplier=params.volume,
            aht_multiplier=params.aht_change,
            first_day=params.scenario_from,
            last_day=params.scenario_to,
        )
        target = StaffingTarget(
            service_level=params.service_level,
            answer_within=params.answer_within,
            max_occupancy=params.max_occupancy,
            shrinkage=params.shrinkage,
            patience=params.patience,
        )
        answer = scenario_for(caller, params.queue, params.weeks, what_if, target, first_day=params.first_day)
    except (ForecastError, StaffingInputError) as exc:
        raise ActionRefused(str(exc)) from exc
    log_access(
        caller, "workforce.scenario", f"warehouse:contact_intervals:{params.queue}", channel="api", weeks=params.weeks
    )
    return answer
