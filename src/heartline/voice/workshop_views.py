"""The workshop page (one program's NPS, drivers, verbatims, pain points and recommendations, printable)
and a unit's results beside the outside benchmarks.

The workshop covers several units and shows quotes, so it is for those who may analyze member voice
(trainers among them) or see every unit; each view with quotes is written to the access log. The
benchmark page is for anyone who may read the unit's results.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.core.contracts import Scope
from heartline.core.errors import NotAllowed, NotFound
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.voice.analytics import Period, results_units
from heartline.voice.benchmarks_compare import comparison, unit_benchmarks, units_benchmarks
from heartline.voice.workshop import ProgramNotFoundError, program_choices, workshop


def _period(request: HttpRequest) -> Period | None:
    return Period.parse(request.GET.get("from"), request.GET.get("to"))


@login_required
def workshop_page(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if not caller.can(Capability.ANALYZE_MEMBER_VOICE) and not caller.scope.unrestricted:
        raise NotAllowed("The workshop covers a program's units; your unit's results are under Member voice.")
    choices = program_choices(caller)
    program = request.GET.get("program") or choices[0][0]
    period = _period(request)
    try:
        data = workshop(caller, program, period)
    except ProgramNotFoundError as exc:
        raise NotFound(str(exc)) from exc
    log_access(caller, "voice.workshop", f"program:{program}", quotes=len(data.get("verbatims", [])))
    units = [u["code"] for u in data["units"]]
    context: dict[str, Any] = {
        "w": data,
        "programs": choices,
        "program": program,
        "benchmarks": comparison(Scope.of_units(*units), period) if data["period"] else None,
    }
    return render(request, "voice/workshop.html", context)


@login_required
def benchmarks_page(request: HttpRequest, unit: str) -> HttpResponse:
    caller = caller_of(request)
    data = unit_benchmarks(caller, unit, _period(request))
    return render(
        request,
        "voice/benchmarks.html",
        {"b": data, "units": sorted(results_units(caller).items(), key=lambda u: u[1])},
    )


@login_required
def units_benchmarks_page(request: HttpRequest) -> HttpResponse:
    """Every unit the caller may read beside the outside benchmarks, one table per benchmark."""
    return render(request, "voice/benchmarks_units.html", {"b": units_benchmarks(caller_of(request), _period(request))})
