"""`/workforce/scenario/`: what if volume or handle time change — agents needed, overtime, and the service
the schedule gives, beside the same schedule with nothing changed. FOLLOW_WORKFORCE; same figures as
`GET /api/v1/workforce/scenario` and `heartline workforce scenario`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.core import clock
from heartline.core.bounds import parse_day
from heartline.core.services import log_access
from heartline.warehouse.runners import MetricQueryError
from heartline.workforce.forecast import MAX_WEEKS, ForecastError, queues
from heartline.workforce.plan import scenario_for
from heartline.workforce.scenarios import Scenario
from heartline.workforce.staffing import StaffingInputError
from heartline.workforce.targets import TARGET_FIELDS, number_from, target_from
from heartline.workforce.views import _follower, _weeks

# (name, label, default, lowest, highest): the form's numbers, bounded as the API bounds them; the
# staffing target's four follow (workforce.targets).
NUMBERS = (
    ("volume", "Calls ×", 1.0, 0.0, 100.0),
    ("aht_change", "Handle time ×", 1.0, 0.01, 10.0),
    *TARGET_FIELDS,
)


@login_required
def scenario_page(request: HttpRequest) -> HttpResponse:
    caller = _follower(request)
    weeks = _weeks(request.GET.get("weeks"))
    first_day = clock.today()
    values = {name: number_from(request.GET, name, default, low, high) for name, _, default, low, high in NUMBERS}
    patience_text = (request.GET.get("patience") or "").strip()
    patience = number_from(request.GET, "patience", 0.0, 1.0, 3600.0) if patience_text else None
    scenario_from = parse_day(request.GET.get("scenario_from"), "scenario_from")
    scenario_to = parse_day(request.GET.get("scenario_to"), "scenario_to")
    seen = queues(caller, first_day - dt.timedelta(days=365), first_day - dt.timedelta(days=1))
    queue = request.GET.get("queue") or (seen[0]["queue"] if seen else "")
    context: dict[str, Any] = {
        "queues": seen,
        "queue": queue,
        "weeks": weeks,
        "max_weeks": MAX_WEEKS,
        "first_day": first_day,
        "numbers": [(name, label, values[name]) for name, label, *_ in NUMBERS],
        "patience": patience,
        "scenario_from": scenario_from,
        "scenario_to": scenario_to,
    }
    if queue and "queue" in request.GET:
        try:
            what_if = Scenario(
                volume_multiplier=values["volume"],
                aht_multiplier=values["aht_change"],
                first_day=scenario_from,
                last_day=scenario_to,
            )
            target = target_from(values, patience)
            answer = scenario_for(caller, queue, weeks, what_if, target, first_day=first_day)
            for day in answer["days"]:
                day["service_level_shown"] = _share(day["service_level"])
            context.update(answer=answer, summary=summary_rows(answer))
        except (ForecastError, StaffingInputError, MetricQueryError) as exc:
            context["error"] = str(exc)
        else:
            log_access(caller, "workforce.scenario", f"warehouse:contact_intervals:{queue}", weeks=weeks)
    return render(request, "workforce/scenario.html", context)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def summary_rows(answer: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, with the change, nothing changed), formatted for reading."""
    within = answer["target"]["answer_within"]
    changed, unchanged = answer["scenario"], answer["unchanged"]

    def both(key: str, show: Any) -> tuple[str, str]:
        return show(changed[key]), show(unchanged[key])

    return [
        ("Calls forecast (n)", *both("calls", lambda v: f"{v:,.0f}")),
        ("Most agents needed in an interval", *both("peak_agents", str)),
        ("Overtime (agent-hours beyond the schedule)", *both("overtime_hours", lambda v: f"{v:,.1f}")),
        (f"Service level if the schedule stays ({within:g} s)", *both("service_level", _share)),
        ("Average speed of answer if it stays", *both("asa", lambda v: "unbounded" if v is None else f"{v:,.0f} s")),
        ("Calls abandoned if it stays (0 under Erlang C)", *both("abandon_share", _share)),
    ]
