"""Leaders' follow-up pages: who a level down keeps their follow-ups; one leader's commitments and
monthly check-ins, with the forms to add a commitment and record this month's check-in."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.behaviors.selectors import behavior_codes, behavior_titles
from heartline.coaching import leader_follow_up as follow_up
from heartline.coaching import services
from heartline.coaching.models import ProgressMade
from heartline.core import clock
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of


@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    require(caller, Capability.FOLLOW_LEADERS, "follow leaders' follow-ups")
    view = follow_up.follow_up_view(caller)
    return render(
        request,
        "coaching/leaders.html",
        {
            "view": view,
            "months": follow_up.MONTHS,
            "grace_days": follow_up.GRACE_DAYS,
            "signal_days": follow_up.SIGNAL_DAYS,
        },
    )


def _named_behaviors(kind: str) -> list[tuple[str, str]]:
    """(code, title) of every behavior of `kind`, in catalog order, for the commitment form."""
    codes = [c for _, c in behavior_codes(kind)]
    titles = behavior_titles(codes)
    return [(c, titles.get(c, c)) for c in codes]


@login_required
def leader(request: HttpRequest, code: str) -> HttpResponse:
    caller = caller_of(request)
    require(caller, Capability.KEEP_LEADER_FOLLOW_UPS, "keep leaders' follow-ups")
    page = follow_up.leader_page(caller, code)
    if page is None:
        raise Http404("No such leader, or not one you follow.")
    return render(
        request,
        "coaching/leader.html",
        {
            "page": page,
            "progress_choices": ProgressMade.choices,
            "leadership_behaviors": _named_behaviors("leadership"),
            "front_line_behaviors": _named_behaviors("front_line"),
            "today": clock.today(),
        },
    )


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise services.CoachingError(f"{field} must be a date (YYYY-MM-DD), not {value!r}") from None


@require_POST
@login_required
def commit(request: HttpRequest, code: str) -> HttpResponse:
    caller = caller_of(request)
    require(caller, Capability.KEEP_LEADER_FOLLOW_UPS, "keep leaders' follow-ups")
    services.add_commitment(
        caller,
        leader_code=code,
        leadership_behavior_code=request.POST.get("leadership_behavior", ""),
        text=request.POST.get("text", ""),
        made_on=_day(request.POST.get("made_on", ""), "made_on"),
        reinforces=request.POST.getlist("reinforces"),
    )
    return redirect("coaching:leader", code=code)


@require_POST
@login_required
def close(request: HttpRequest, code: str) -> HttpResponse:
    """Close one of the leader's open commitments (kept for good, or dropped) on the day given."""
    caller = caller_of(request)
    require(caller, Capability.KEEP_LEADER_FOLLOW_UPS, "keep leaders' follow-ups")
    if follow_up.leader_page(caller, code) is None:
        raise Http404("No such leader, or not one you follow.")
    raw = request.POST.get("commitment", "").strip()
    if not raw.isdigit():
        raise services.CoachingError(f"commitment {raw!r} is not a commitment id")
    closed_on = request.POST.get("closed_on", "").strip()
    services.close_commitment(
        caller, int(raw), on=_day(closed_on, "closed_on") if closed_on else clock.today(), leader_code=code
    )
    return redirect("coaching:leader", code=code)


@require_POST
@login_required
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    caller = caller_of(request)
    require(caller, Capability.KEEP_LEADER_FOLLOW_UPS, "keep leaders' follow-ups")
    progress: dict[int, tuple[str, str]] = {}
    for key, value in request.POST.items():
        if key.startswith("progress-") and key.removeprefix("progress-").isdigit():
            pk = int(key.removeprefix("progress-"))
            progress[pk] = (str(value), request.POST.get(f"note-{pk}", ""))
    services.record_check_in(
        caller,
        leader_code=code,
        month=_day(request.POST.get("month", ""), "month"),
        progress=progress,
        notes=request.POST.get("notes", ""),
    )
    return redirect("coaching:leader", code=code)
