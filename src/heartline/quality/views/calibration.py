"""Calibration pages: the sessions, one session (blind scoring while open; alpha with its CI, per
item and overall, and each auditor's deviation once closed), and drift across sessions."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.core import clock
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.quality.selectors.calibration import (
    drift,
    is_scorer,
    my_scores,
    progress,
    results,
    session_contacts,
    visible_sessions,
)
from heartline.quality.services import calibration as services


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    sessions = list(visible_sessions(caller)[:50])
    points = drift(caller)
    auditors = sorted({(p.auditor_code, p.name) for p in points}, key=lambda a: a[1])
    sessions_seen = sorted({(p.held_on, p.session_id, p.title) for p in points})
    table = [
        {
            "name": name,
            "cells": [
                next((p for p in points if p.auditor_code == code and p.session_id == sid), None)
                for _, sid, _ in sessions_seen
            ],
        }
        for code, name in auditors
    ]
    return render(
        request,
        "quality/calibration_list.html",
        {
            "sessions": sessions,
            "drift_sessions": sessions_seen,
            "drift": table,
            "can_create": caller.can(Capability.LEAD_CALIBRATION),
        },
    )


@login_required
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    caller = caller_of(request)
    session = visible_sessions(caller).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session, or not one you take part in.")
    mine = my_scores(caller, session)
    context = {
        "session": session,
        "rows": [(c, mine.get(c.contact_id)) for c in session_contacts(session)],
        "is_scorer": is_scorer(caller, session),
        "can_close": caller.can(Capability.LEAD_CALIBRATION) and session.closed_at is None,
        "progress": progress(session),
        "results": results(session) if session.closed_at is not None else None,
    }
    return render(request, "quality/calibration.html", context)


@require_POST
@login_required
def score(request: HttpRequest, session_id: int) -> HttpResponse:
    caller = caller_of(request)
    audit = services.start_calibration_score(caller, session_id, request.POST.get("contact_id", ""))
    return redirect("quality:audit", audit_id=audit.pk)


@require_POST
@login_required
def close(request: HttpRequest, session_id: int) -> HttpResponse:
    caller = caller_of(request)
    services.close_calibration(caller, session_id)
    return redirect("quality:calibration", session_id=session_id)


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    try:
        held_on = dt.date.fromisoformat(request.POST.get("held_on", ""))
    except ValueError:
        held_on = clock.today()

    def split(name: str) -> list[str]:
        return [v.strip() for v in request.POST.get(name, "").replace("\n", ",").split(",") if v.strip()]

    session = services.create_calibration(
        caller,
        title=request.POST.get("title", ""),
        scorecard_code=request.POST.get("scorecard", ""),
        held_on=held_on,
        contact_ids=split("contact_ids"),
        participant_codes=split("participants"),
        expert_code=request.POST.get("expert") or None,
    )
    return redirect("quality:calibration", session_id=session.pk)
