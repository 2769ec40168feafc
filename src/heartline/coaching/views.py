"""Coaching pages: the coach's queue (overdue follow-ups first), the pre-filled coaching form, a session."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.behaviors.selectors import wording_in_force
from heartline.coaching import selectors, services
from heartline.coaching.models import CoachingLevel, CoachingSession
from heartline.core import clock
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.quality.selectors.audits import form_items, latest_form
from heartline.quality.selectors.coaching_inputs import recent_audits


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    follow_ups = selectors.follow_up_queue(caller)
    sessions = list(selectors.visible_sessions(caller)[:30])
    focus = selectors.focus_titles([*follow_ups.overdue, *follow_ups.upcoming, *sessions])
    return render(
        request,
        "coaching/queue.html",
        {
            "queue": follow_ups,
            "overdue": [(s, focus[s.pk]) for s in follow_ups.overdue],
            "upcoming": [(s, focus[s.pk]) for s in follow_ups.upcoming],
            "sessions": [(s, focus[s.pk]) for s in sessions],
            "today": clock.today(),
            "can_coach": caller.can(Capability.COACH_FRONT_LINE) or caller.can(Capability.COACH_LEADERS),
        },
    )


def _int_list(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.isdigit())


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """The coaching form, pre-filled with what the person missed; `?partial=1` (HTMX) answers the
    pre-filled part alone when the person coached changes."""
    caller = caller_of(request)
    level = request.GET.get("level", CoachingLevel.FRONT_LINE)
    if level not in CoachingLevel.values:
        raise services.CoachingError("level must be front_line or leadership")
    people = selectors.coachees(caller, level)
    coachee = request.GET.get("coachee") or (people[0][0] if people else "")
    audit_ids = _int_list(request.GET.getlist("audit"))
    prefill = selectors.prefill(caller, coachee, level, audit_ids) if coachee else None
    kind = "front_line" if level == CoachingLevel.FRONT_LINE else "leadership"
    behaviors = sorted(
        (b for b in wording_in_force().values() if b.kind == kind), key=lambda b: (b.value_name, b.title)
    )
    form = latest_form("coaching_form")
    context = {
        "level": level,
        "levels": CoachingLevel.choices,
        "people": people,
        "coachee": coachee,
        "prefill": prefill,
        "behaviors": behaviors,
        "audits": recent_audits(caller, coachee, limit=8) if coachee and level == CoachingLevel.FRONT_LINE else [],
        "chosen_audits": set(prefill.audit_ids) if prefill else set(),
        "form_items": form_items(form) if form else [],
        "form": form,
        "today": clock.today(),
        "follow_up": clock.today() + dt.timedelta(days=14),
    }
    template = "coaching/_prefill.html" if request.GET.get("partial") else "coaching/new.html"
    return render(request, template, context)


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    try:
        held_on = dt.date.fromisoformat(request.POST.get("held_on", ""))
        raw_follow = request.POST.get("follow_up_on", "")
        follow_up = dt.date.fromisoformat(raw_follow) if raw_follow else None
        ratings = {k.removeprefix("form-"): int(str(v)) for k, v in request.POST.items() if k.startswith("form-") and v}
    except ValueError as exc:  # a date or rating that does not parse, refused with Python's reason
        raise services.CoachingError(str(exc)) from None
    session = services.hold_session(
        caller,
        coachee_code=request.POST.get("coachee", ""),
        held_on=held_on,
        level=request.POST.get("level", CoachingLevel.FRONT_LINE),
        audit_ids=_int_list(request.POST.getlist("audits")),
        focus_behavior_codes=request.POST.getlist("focus"),
        notes=request.POST.get("notes", ""),
        commitments=request.POST.get("commitments", ""),
        follow_up_on=follow_up,
        form_ratings=ratings or None,
    )
    return redirect("coaching:session", session_id=session.pk)


def _form_ratings(session: CoachingSession) -> list[tuple[str, object]]:
    """(item text, rating) of the session's coaching form, in the form's order (an item the form no
    longer has keeps its code)."""
    texts = {i.code: i.text for i in form_items(session.form_version)} if session.form_version else {}
    return [(texts.get(code, code), rating) for code, rating in session.form_ratings.items()]


@login_required
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    caller = caller_of(request)
    found = selectors.visible_sessions(caller).filter(pk=session_id).first()
    if found is None:
        raise Http404("No such session, or not one you may see.")
    return render(
        request,
        "coaching/session.html",
        {
            "s": found,
            "focus": selectors.focus_titles([found])[found.pk],
            "form_ratings": _form_ratings(found),
            "audits": list(found.audits.select_related("scorecard_version__scorecard")),
            "can_follow_up": found.coach.code == caller.employee_code and found.followed_up_on is None,
            "today": clock.today(),
        },
    )


@require_POST
@login_required
def follow_up(request: HttpRequest, session_id: int) -> HttpResponse:
    caller = caller_of(request)
    services.record_follow_up(caller, session_id, notes=request.POST.get("notes", ""))
    return redirect("coaching:session", session_id=session_id)
