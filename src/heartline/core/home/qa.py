"""A QA analyst's home: the audit queue with its total, disputes waiting, the next calibration
session, and the analyst's own drift from the group and the expert in recent sessions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.quality.selectors.audits import audit_queue, audit_queue_total, open_disputes
from heartline.quality.selectors.calibration import results, visible_sessions
from heartline.quality.selectors.sampling import sample_choices

QUEUE_SHOWN = 5
DRIFT_SESSIONS = 3


def _drift(caller: Caller) -> list[dict[str, Any]]:
    """The caller's deviation in the latest closed sessions they scored, newest first."""
    code = caller.employee_code or ""
    sessions = (
        visible_sessions(caller)
        .filter(closed_at__isnull=False, participants__code=code)
        .order_by("-held_on", "-pk")[:DRIFT_SESSIONS]
    )
    points = []
    for session in sessions:
        for deviation in results(session, draws=0).deviations:
            if deviation.auditor_code == code:
                points.append({"session": session, "deviation": deviation})
    return points


def build(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    today = clock.today()
    disputes = open_disputes(caller)
    upcoming = visible_sessions(caller).filter(closed_at__isnull=True).order_by("held_on", "pk")
    return {
        "today": today,
        "queue": list(audit_queue(caller, limit=QUEUE_SHOWN)),
        "queue_total": audit_queue_total(caller),
        "disputes": list(disputes[:QUEUE_SHOWN]),
        "disputes_total": disputes.count(),
        "next_session": upcoming.filter(held_on__gte=today).first() or upcoming.first(),
        "open_sessions": upcoming.count(),
        "drift": _drift(caller),
        "sample": sample_choices(caller),
    }
