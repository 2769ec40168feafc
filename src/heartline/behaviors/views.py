"""The behaviors catalog (everyone), a behavior's wording history, a manager's unit wording, rehearsals."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.behaviors import selectors, services
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.selectors import front_line_staff, unit_names


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    units = unit_names(caller)
    unit = request.GET.get("unit") or (caller.unit_code if caller.unit_code in units else "")
    if unit and unit not in units:
        unit = ""
    return render(
        request,
        "behaviors/catalog.html",
        {
            "values": selectors.catalog(unit or None),
            "unit": unit,
            "unit_name": units.get(unit, ""),
            "units": sorted(units.items(), key=lambda u: u[1]),
            "can_edit": caller.can(Capability.REWORD_UNIT_BEHAVIORS) and bool(unit),
        },
    )


@login_required
def behavior(request: HttpRequest, code: str) -> HttpResponse:
    caller = caller_of(request)
    found = selectors.behavior_by_code(code)
    if found is None:
        raise Http404("No such behavior.")
    units = unit_names(caller)
    unit = request.GET.get("unit", "")
    unit = unit if unit in units else ""
    current = selectors.wording_in_force([found.pk], unit or None).get(found.pk)
    return render(
        request,
        "behaviors/behavior.html",
        {
            "behavior": found,
            "current": current,
            "looks_like_text": "\n".join(current.looks_like) if current else "",
            "does_not_look_like_text": "\n".join(current.does_not_look_like) if current else "",
            "history": selectors.wording_history(code, unit or None),
            "unit": unit,
            "unit_name": units.get(unit, ""),
            "can_edit": caller.can(Capability.REWORD_UNIT_BEHAVIORS) and bool(unit),
        },
    )


@require_POST
@login_required
def reword(request: HttpRequest, code: str) -> HttpResponse:
    caller = caller_of(request)
    unit = request.POST.get("unit") or None
    services.reword_behavior(
        caller,
        code,
        unit_code=unit,
        title=request.POST.get("title", ""),
        description=request.POST.get("description", ""),
        looks_like=request.POST.get("looks_like", "").splitlines(),
        does_not_look_like=request.POST.get("does_not_look_like", "").splitlines(),
        note=request.POST.get("note", ""),
    )
    return redirect(f"/behaviors/b/{code}/?unit={unit or ''}")


@login_required
def rehearsals(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if request.method == "POST":
        try:
            held_on = dt.date.fromisoformat(request.POST.get("held_on", ""))
        except ValueError as exc:
            raise services.BehaviorError(str(exc)) from None
        services.record_rehearsal(
            caller,
            unit_code=request.POST.get("unit", ""),
            held_on=held_on,
            behavior_codes=request.POST.getlist("behaviors"),
            attendee_codes=request.POST.getlist("attendees"),
            notes=request.POST.get("notes", ""),
        )
        return redirect("behaviors:rehearsals")
    can_record = caller.can(Capability.LEAD_REHEARSALS)
    sessions = list(selectors.rehearsals(caller)[:100])
    titles = selectors.behavior_titles({b.code for s in sessions for b in s.behaviors.all()})
    front_line = list(selectors.behavior_codes("front_line")) if can_record else []
    practised = selectors.behavior_titles([code for _, code in front_line])
    return render(
        request,
        "behaviors/rehearsals.html",
        {
            "sessions": [(s, [titles.get(b.code, b.code) for b in s.behaviors.all()]) for s in sessions],
            "can_record": can_record,
            "units": sorted(unit_names(caller).items(), key=lambda u: u[1]),
            "behaviors": [(code, practised.get(code, code)) for _, code in front_line],
            "people": list(front_line_staff(caller)[:400]) if can_record else [],
        },
    )
