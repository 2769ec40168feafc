"""`/workforce/forecast/` and `/workforce/events/`: the forecast beside its backtest; the planning calendar.

The forecast page: a queue picker (the queues the caller may see, with their n), daily history and
forecast with its prediction interval (Altair), the backtest table with n, and the first week's
intervals. The calendar page lists the events of the next year; planners (PLAN_WORKFORCE) add and
remove their own. Both need FOLLOW_WORKFORCE.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.core import clock
from heartline.core.bounds import parse_day
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.warehouse.runners import MetricQueryError
from heartline.workforce import charts, services
from heartline.workforce.calendar_events import EVENT_KINDS
from heartline.workforce.forecast import MAX_WEEKS, ForecastError, forecast_for, queues, records
from heartline.workforce.forecast_model import LAST_YEAR, MODEL, SEASONAL_NAIVE
from heartline.workforce.selectors import calendar_events

METHOD_LABELS = {
    MODEL: "Forecast (ARIMA with events)",
    SEASONAL_NAIVE: "Seasonal naive (last week repeated)",
    LAST_YEAR: "Last year, same week",
}
HISTORY_SHOWN_DAYS = 182


def _follower(request: HttpRequest) -> Caller:
    caller = caller_of(request)
    if not caller.can(Capability.FOLLOW_WORKFORCE):
        raise NotAllowed("Workforce forecasts are for workforce planners, managers and leaders.")
    return caller


def _weeks(text: str | None) -> int:
    if not text:
        return 8
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_WEEKS:
        raise ActionRefused(f"weeks must be a whole number from 1 to {MAX_WEEKS}, not {text!r}")
    return int(text)


@login_required
def forecast_page(request: HttpRequest) -> HttpResponse:
    caller = _follower(request)
    weeks = _weeks(request.GET.get("weeks"))
    first_day = clock.today()
    seen = queues(caller, first_day - dt.timedelta(days=365), first_day - dt.timedelta(days=1))
    queue = request.GET.get("queue") or (seen[0]["queue"] if seen else "")
    context: dict[str, Any] = {"queues": seen, "queue": queue, "weeks": weeks, "first_day": first_day}
    if queue:
        try:
            result = forecast_for(queue, weeks, caller=caller, first_day=first_day)
        except (ForecastError, MetricQueryError) as exc:
            context["error"] = str(exc)
        else:
            history = result.history.tail(HISTORY_SHOWN_DAYS)
            daily = result.daily
            context.update(
                result=result,
                history_n=int(result.history["calls"].sum()),
                history_days=len(result.history),
                scores=[{**s.as_json(), "label": METHOD_LABELS.get(s.method, s.method)} for s in result.backtest],
                daily=records(daily),
                forecast_total=float(daily["calls"].sum()),
                chart_spec=json.dumps(
                    charts.forecast_chart(
                        [
                            {"day": d.isoformat(), "calls": c}
                            for d, c in zip(history["day"], history["calls"], strict=True)
                        ],
                        [{**r, "day": r["day"].isoformat()} for r in records(daily)],
                        result.level,
                    )
                ),
            )
            log_access(caller, "workforce.forecast", f"warehouse:contact_intervals:{queue}", weeks=weeks)
    return render(request, "workforce/forecast.html", context)


@login_required
def events_page(request: HttpRequest) -> HttpResponse:
    caller = _follower(request)
    start = parse_day(request.GET.get("from"), "from") or clock.today()
    end = parse_day(request.GET.get("to"), "to") or start + dt.timedelta(days=365)
    return _events(request, caller, start, end)


def _events(
    request: HttpRequest, caller: Caller, start: dt.date, end: dt.date, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "events": calendar_events(start, end),
        "start": start,
        "end": end,
        "kinds": EVENT_KINDS,
        "may_plan": caller.can(Capability.PLAN_WORKFORCE),
        "error": error,
    }
    return render(request, "workforce/events.html", context, status=status)


def _date(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ActionRefused(f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


@require_POST
@login_required
def add_event(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if not caller.can(Capability.PLAN_WORKFORCE):
        raise NotAllowed("Only workforce planners edit the planning calendar.")
    form = request.POST
    try:
        services.add_event(
            caller,
            name=form.get("name", ""),
            kind=form.get("kind", ""),
            starts_on=_date(form.get("starts_on"), "starts_on"),
            ends_on=_date(form.get("ends_on"), "ends_on"),
            queues=form.get("queues", "").split(","),
        )
    except ActionRefused as refused:
        today = clock.today()
        return _events(request, caller, today, today + dt.timedelta(days=365), str(refused), status=400)
    return redirect("workforce:events")


@require_POST
@login_required
def remove_event(request: HttpRequest, event_id: int) -> HttpResponse:
    caller = caller_of(request)
    if not caller.can(Capability.PLAN_WORKFORCE):
        raise NotAllowed("Only workforce planners edit the planning calendar.")
    services.remove_event(caller, event_id)
    return redirect("workforce:events")


@login_required
def intraday_page(request: HttpRequest) -> HttpResponse:
    """`/workforce/intraday/?queue=&day=` (and the staffing target: service_level, answer_within,
    max_occupancy, shrinkage): one queue's day by interval; the table refreshes every 60 s."""
    from heartline.workforce.intraday import intraday, last_day_with_contacts
    from heartline.workforce.targets import TARGET_FIELDS, target_from, target_values

    caller = _follower(request)
    seen = queues(caller)
    queue = request.GET.get("queue") or (seen[0]["queue"] if seen else "")
    day = parse_day(request.GET.get("day"), "day")
    values = target_values(request.GET)
    context: dict[str, Any] = {
        "queues": seen,
        "queue": queue,
        "day": day,
        "numbers": [(name, label, values[name]) for name, label, *_ in TARGET_FIELDS],
        "target_query": urlencode(values),
    }
    if queue:
        day = day or last_day_with_contacts(caller, queue)
        context["day"] = day
        if day is not None:
            try:
                context["view"] = intraday(caller, queue, day, target_from(values))
            except MetricQueryError as exc:
                context["error"] = str(exc)
            else:
                log_access(caller, "workforce.intraday", f"warehouse:contact_intervals:{queue}", day=day.isoformat())
    template = "workforce/intraday_table.html" if request.headers.get("HX-Request") else "workforce/intraday.html"
    return render(request, template, context)
