"""Closed-loop pages: the units' follow-ups, a unit's queue (open follow-ups, what is due, what is
overdue), one follow-up with its outcome form, and the loop's figures per unit and period.

The queue and a follow-up name members, so reading them is access-logged; the figures are counts
with their n and intervals. Recording an outcome from the queue answers HTMX with the queue redrawn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.contacts.tables import LINES_OF_BUSINESS
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.voice.follow_up_selectors import follow_up_for, follow_up_units, loop_figures, unit_queue
from heartline.voice.follow_up_services import open_follow_ups, record_outcome
from heartline.voice.models import FollowUpOutcome


def _may_read(caller: Caller) -> bool:
    return caller.can(Capability.FOLLOW_UP_DETRACTORS) or caller.can(Capability.READ_LOOP_FIGURES)


def _date(request: HttpRequest, name: str) -> dt.date | None:
    value = request.GET.get(name) or ""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ActionRefused(f"{name} must be a date (YYYY-MM-DD), got {value!r}") from None


def guess_line_of_business(unit_code: str) -> str:
    """The line a unit's grievances most likely fall under, to preselect in the form (the person chooses)."""
    for hint, line in (("medicare", "medicare_part_c"), ("medicaid", "medicaid")):
        if hint in unit_code:
            return line
    return "commercial"


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The units whose loop the caller follows; straight to their own unit's when it is one of them."""
    caller = caller_of(request)
    if not _may_read(caller):
        raise NotAllowed("the closed loop is for the supervisors and leaders of a unit")
    units = follow_up_units(caller)
    if caller.unit_code in units:
        target = "voice:follow-up-queue" if caller.can(Capability.FOLLOW_UP_DETRACTORS) else "voice:follow-up-figures"
        return redirect(target, unit=caller.unit_code)
    return render(request, "voice/follow_up_units.html", {"units": sorted(units.items(), key=lambda u: u[1])})


def _queue_context(request: HttpRequest, unit: str) -> dict[str, Any]:
    caller = caller_of(request)
    queue = unit_queue(caller, unit)
    log_access(caller, "voice.follow_ups.queue", f"unit:{unit}", members=len(queue["open"]) + len(queue["closed"]))
    return {
        "q": queue,
        "outcomes": FollowUpOutcome.choices,
        "lines": LINES_OF_BUSINESS,
        "line_guess": guess_line_of_business(unit),
        "can_figures": caller.can(Capability.READ_LOOP_FIGURES),
    }


@login_required
def queue(request: HttpRequest, unit: str) -> HttpResponse:
    return render(request, "voice/follow_up_queue.html", _queue_context(request, unit))


@login_required
def figures(request: HttpRequest, unit: str) -> HttpResponse:
    caller = caller_of(request)
    data = loop_figures(caller, unit, _date(request, "from"), _date(request, "to"))
    return render(
        request,
        "voice/follow_up_figures.html",
        {"f": data, "can_queue": caller.can(Capability.FOLLOW_UP_DETRACTORS)},
    )


@login_required
def follow_up(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    caller = caller_of(request)
    found = follow_up_for(caller, follow_up_id)
    log_access(caller, "voice.follow_up", f"follow_up:{found.pk}", member_id=found.member_id)
    return render(
        request,
        "voice/follow_up.html",
        {
            "f": found,
            "outcomes": FollowUpOutcome.choices,
            "lines": LINES_OF_BUSINESS,
            "line_guess": guess_line_of_business(found.unit_code),
        },
    )


@login_required
@require_POST
def outcome(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    caller = caller_of(request)
    called = request.POST.get("called_at") or ""
    called_at = None
    if called:
        try:
            called_at = dt.datetime.fromisoformat(called)
        except ValueError:
            raise ActionRefused(f"called_at must be a date and time, got {called!r}") from None
        if called_at.tzinfo is None:  # the form's date and time are the organization's wall clock
            called_at = called_at.replace(tzinfo=clock.organization_zone())
    done = record_outcome(
        caller,
        follow_up_id,
        request.POST.get("outcome", ""),
        note=request.POST.get("note", ""),
        called_at=called_at,
        line_of_business=request.POST.get("line_of_business", ""),
    )
    if request.headers.get("HX-Request"):
        return render(request, "voice/_follow_up_queue.html", _queue_context(request, done.unit_code))
    return redirect("voice:follow-up-queue", unit=done.unit_code)


@login_required
@require_POST
def open_new(request: HttpRequest) -> HttpResponse:
    """Look for new detractors and complaints in the caller's units (the last 14 days)."""
    caller = caller_of(request)
    report = open_follow_ups(caller)
    unit = request.POST.get("unit", "")
    if unit not in follow_up_units(caller):
        return redirect("voice:follow-ups")
    response = redirect("voice:follow-up-queue", unit=unit)
    response["X-Follow-Ups-Opened"] = str(report.opened)
    return response
