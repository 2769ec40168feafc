"""`/compliance/call-center/`: CMS's call-center standards for the people who answer for them.

Hold time and disconnect rate by line of business, queue and quarter against the standards, breaches
and trends toward one highlighted, interpreter and TTY availability from test calls; every figure
with its n and 95% interval. The period is in the URL (`?from=&to=`, default the current quarter and
the three before). Only those who follow the standards may open it (Capability.FOLLOW_CALL_CENTER_STANDARDS).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.compliance.call_center import call_center_report
from heartline.core.analytics import parse_date
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.warehouse.runners import MetricQueryError


@login_required
def call_center(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if not caller.can(Capability.FOLLOW_CALL_CENTER_STANDARDS):
        raise NotAllowed("The call-center standards are for compliance, workforce planning and leaders.")
    try:
        start = parse_date(request.GET.get("from"), "from")
        end = parse_date(request.GET.get("to"), "to")
        if start and end and start > end:
            raise MetricQueryError(f"period starts {start} after it ends {end}")
        report = call_center_report(caller, start, end)
    except MetricQueryError as exc:
        raise ActionRefused(str(exc)) from exc
    log_access(caller, "compliance.call_center", "warehouse:contacts", period=report["period"])
    return render(request, "compliance/call_center.html", {"r": report})
