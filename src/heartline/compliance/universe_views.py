"""`/compliance/universes/`: download CMS program-audit universes for an audit period.

The page lists each universe with the CMS table it answers and its columns; choosing one with a period
(`?universe=` or `?table=`, with `&from=&to=`, days in the plan's time zone) returns its CSV. Only those
who follow decision clocks may open it (Capability.FOLLOW_DECISION_CLOCKS); every download, and each
member it names, is access-logged by the selector.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.compliance.universe_layouts import UNIVERSES, universe_named
from heartline.compliance.universes import universe_csv, universe_rows
from heartline.core import clock
from heartline.core.analytics import parse_date
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.warehouse.runners import MetricQueryError

DEFAULT_DAYS = 90  # the period the page offers first: the last 90 days, today included


@login_required
def universes(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if not caller.can(Capability.FOLLOW_DECISION_CLOCKS):
        raise NotAllowed("Audit universes are for those who follow decision clocks.")
    today = clock.today()
    try:
        end = parse_date(request.GET.get("to"), "to") or today
        start = parse_date(request.GET.get("from"), "from") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    except MetricQueryError as exc:
        raise ActionRefused(str(exc)) from exc
    chosen = request.GET.get("universe") or request.GET.get("table")
    if chosen:
        universe = universe_named(chosen)
        rows = universe_rows(caller, universe, start, end)
        response = HttpResponse(universe_csv(universe, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{universe.name}_{start}_{end}.csv"'
        return response
    context = {"universes": list(UNIVERSES.values()), "start": start, "end": end}
    return render(request, "compliance/universes.html", context)
