"""Working a regulated case on the pages: the case page (clock, history, next step), intake from a
contact, and the timeliness table by line, category and month. Every form posts to a service and
redirects back to the case page; a refusal shows the case page again with the reason (400)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from heartline.compliance import case_services
from heartline.compliance.case_selectors import (
    alerts_for,
    case_file,
    concerns,
    running_out,
    timeliness_by_line_category_month,
)
from heartline.compliance.selectors import judged_cases
from heartline.compliance.views import time_left
from heartline.contacts.tables import CASE_CATEGORIES, CASE_OUTCOMES, CASE_REQUESTS, LINES_OF_BUSINESS, PRIORITIES
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.core.selectors import employee_names

ACTION_WORDS = {
    "opened": "Opened",
    "extended": "Extended",
    "decided": "Decided",
    "notified": "Member notified",
    "reassigned": "Reassigned",
}


def local_instant(text: str | None, field: str) -> dt.datetime | None:
    """A `datetime-local` form value, read in the viewer's time zone; empty means not given."""
    if not text:
        return None
    try:
        naive = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ActionRefused(f"{field} {text!r} is not a date and time (YYYY-MM-DDTHH:MM)") from None
    if naive.tzinfo is not None:
        return naive
    return timezone.make_aware(naive, timezone.get_current_timezone())


def _now_local() -> str:
    return timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M")


def _case_context(caller: Caller, case_id: str) -> dict[str, Any]:
    file = case_file(caller, case_id)
    people = employee_names(caller)
    case = file.case
    mine = [case] if concerns(caller, case) else []
    return {
        "file": file,
        "case": case,
        "left": time_left(case),
        "owner": people.get(case.owner_id or "", case.owner_id or "unassigned"),
        "history": [{"event": e, "words": ACTION_WORDS.get(e.action, e.action)} for e in file.history],
        "banner": running_out(caller, mine),
        "alerts": [a for a in alerts_for(caller) if a.case_id == case_id],
        "outcomes": CASE_OUTCOMES,
        "people": sorted(people.items(), key=lambda item: item[1]),
        "now_local": _now_local(),
    }


@login_required
def case_page(request: HttpRequest, case_id: str) -> HttpResponse:
    return render(request, "compliance/case.html", _case_context(caller_of(request), case_id))


def _step(request: HttpRequest, case_id: str, act: Callable[[Caller], object]) -> HttpResponse:
    caller = caller_of(request)
    try:
        act(caller)
    except ActionRefused as refused:
        if isinstance(refused, NotFound):
            raise
        context = {**_case_context(caller, case_id), "error": str(refused)}
        return render(request, "compliance/case.html", context, status=400)
    return redirect("compliance:case", case_id=case_id)


def _days(text: str) -> int:
    if not text.strip().lstrip("-").isdigit():
        raise ActionRefused(f"days must be a whole number, not {text!r}")
    return int(text)


@require_POST
@login_required
def extend(request: HttpRequest, case_id: str) -> HttpResponse:
    days, reason = request.POST.get("days", ""), request.POST.get("reason", "")

    def act(caller: Caller) -> object:
        require(caller, Capability.WORK_REGULATED_CASES, "extend regulated cases")  # before reading the form
        return case_services.extend_case(caller, case_id, _days(days), reason)

    return _step(request, case_id, act)


@require_POST
@login_required
def decide(request: HttpRequest, case_id: str) -> HttpResponse:
    outcome, when = request.POST.get("outcome", ""), request.POST.get("decided_at")
    return _step(
        request,
        case_id,
        lambda c: case_services.record_decision(c, case_id, outcome, local_instant(when, "decided_at")),
    )


@require_POST
@login_required
def notify(request: HttpRequest, case_id: str) -> HttpResponse:
    when = request.POST.get("notified_at")
    return _step(
        request, case_id, lambda c: case_services.record_notification(c, case_id, local_instant(when, "notified_at"))
    )


@require_POST
@login_required
def reassign(request: HttpRequest, case_id: str) -> HttpResponse:
    owner = request.POST.get("owner_id", "")
    return _step(request, case_id, lambda c: case_services.reassign_case(c, case_id, owner))


@login_required
def intake(request: HttpRequest, contact_id: str) -> HttpResponse:
    """Open a regulated case for a contact's member (GET: the form; POST: open it, then its page)."""
    caller = caller_of(request)
    require(caller, Capability.WORK_REGULATED_CASES, "open regulated cases")
    values = {
        "line_of_business": request.POST.get("line_of_business", ""),
        "category": request.POST.get("category", ""),
        "priority": request.POST.get("priority", "standard"),
        "request": request.POST.get("request", "service"),
        "received_at": request.POST.get("received_at", _now_local()),
    }
    context: dict[str, Any] = {
        "contact_id": contact_id,
        "values": values,
        "lines": LINES_OF_BUSINESS,
        "categories": CASE_CATEGORIES,
        "priorities": PRIORITIES,
        "requests": CASE_REQUESTS,
    }
    if request.method != "POST":
        return render(request, "compliance/intake.html", context)
    try:
        step = case_services.open_case_from_contact(
            caller,
            contact_id,
            values["line_of_business"],
            values["category"],
            values["priority"],
            values["request"],
            local_instant(values["received_at"], "received_at"),
        )
    except ActionRefused as refused:
        if isinstance(refused, NotFound):
            raise
        return render(request, "compliance/intake.html", {**context, "error": str(refused)}, status=400)
    return redirect("compliance:case", case_id=step.case_id)


@login_required
def timeliness_page(request: HttpRequest) -> HttpResponse:
    """On-time rates of decided cases by line of business, category and month received, each with n
    and its 95% Wilson interval."""
    caller = caller_of(request)
    cells = timeliness_by_line_category_month(judged_cases(caller))
    return render(
        request,
        "compliance/timeliness.html",
        {"cells": [{**cell.as_json(), "month": cell.month} for cell in cells], "n": sum(cell.n for cell in cells)},
    )
