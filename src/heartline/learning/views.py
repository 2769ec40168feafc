"""Learning pages: my learning, training waves, overdue training, a credential's history, impact.

HTMX posts (mark a course done, mark notifications read) answer with the fragment they change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from heartline.core import clock
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.learning import analytics, charts, selectors, services
from heartline.learning.booster_views import my_boosters
from heartline.learning.credential_rules import HOLDS_CREDENTIAL
from heartline.quality.selectors import scorecard_names


def _my_context(request: HttpRequest) -> dict[str, Any]:
    caller = caller_of(request)
    today = clock.today()
    items = selectors.plan_items(caller, employee_code=caller.employee_code or "")
    credentials = list(selectors.credentials(caller, employee_code=caller.employee_code or ""))
    scorecards = scorecard_names({c.credential_type.scorecard_code for c in credentials})
    return {
        "today": today,
        "items": items,
        "done": sum(1 for i in items if i.completed_on),
        "overdue": sum(1 for i in items if i.is_overdue(today)),
        "credentials": [
            {
                "credential": c,
                "events": list(selectors.credential_events(caller, c.pk)),
                "held": c.state in HOLDS_CREDENTIAL,
                "scorecard_name": scorecards.get(c.credential_type.scorecard_code, c.credential_type.scorecard_code),
            }
            for c in credentials
        ],
        "inbox": selectors.inbox(caller),
        **my_boosters(caller),
    }


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A person's own program, due dates, credentials and notifications."""
    return render(request, "learning/mine.html", _my_context(request))


@login_required
@require_POST
def complete(request: HttpRequest) -> HttpResponse:
    """Mark one of my microlearning courses or boosters done today (HTMX: answers with my plan)."""
    caller = caller_of(request)
    services.record_completion(
        caller,
        caller.employee_code or "",
        request.POST.get("program", ""),
        request.POST.get("component", ""),
        clock.today(),
    )
    return render(request, "learning/_plan.html", _my_context(request))


@login_required
@require_POST
def read_notifications(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    services.mark_notifications_read(caller)
    return render(request, "learning/_inbox.html", {"inbox": selectors.inbox(caller)})


@login_required
def waves(request: HttpRequest) -> HttpResponse:
    """The trainer's view: each wave's progress, and credential states, for the units in scope."""
    caller = caller_of(request)
    today = clock.today()
    rows = selectors.wave_progress(caller, today)
    return render(
        request,
        "learning/waves.html",
        {
            "today": today,
            "waves": rows,
            "states": selectors.state_counts(caller),
            "programs": list(selectors.programs()),
            "may_import": caller.can(Capability.DEFINE_PROGRAMS),
            "progress_spec": json.dumps(charts.wave_progress(rows)) if rows else "",
        },
    )


@login_required
def wave_people(request: HttpRequest, wave_id: int) -> HttpResponse:
    """HTMX fragment: each enrolled person's done / due in one wave."""
    caller = caller_of(request)
    today = clock.today()
    if not selectors.waves(caller).filter(pk=wave_id).exists():
        raise Http404("No such wave, or not one you may see.")
    people: dict[str, dict[str, Any]] = {}
    for item in selectors.plan_items(caller, wave_id=wave_id):
        row = people.setdefault(item.employee_code, {"name": item.employee_name, "done": 0, "due": 0, "overdue": 0})
        row["done"] += item.completed_on is not None
        row["due"] += item.due_on < today
        row["overdue"] += item.is_overdue(today)
    ordered = sorted(people.values(), key=lambda r: (-r["overdue"], r["name"]))
    return render(request, "learning/_wave_people.html", {"people": ordered})


@login_required
def import_completions(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of completions (trainers); the report names every bad row and field."""
    caller = caller_of(request)
    if request.method != "POST":
        return render(request, "learning/import.html", {"report": None})
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "learning/import.html", {"report": None, "error": "Choose a CSV file to upload."})
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return render(request, "learning/import.html", {"report": None, "error": f"{upload.name} is not UTF-8 text."})
    try:
        report = services.import_completions(caller, text, upload.name or "upload.csv")
    except services.LearningError as exc:
        return render(request, "learning/import.html", {"report": None, "error": str(exc)})
    return render(request, "learning/import.html", {"report": report})


@login_required
def export_completions(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    program = request.GET.get("program") or None
    response = HttpResponse(services.export_completions(caller, program), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="completions-{program or "all"}.csv"'
    return response


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """The coach's list: what their people should have finished by today and have not."""
    caller = caller_of(request)
    today = clock.today()
    items = selectors.overdue_items(caller, today)
    rows = [{"item": i, "days": i.days_overdue(today)} for i in items]
    people = len({i.employee_code for i in items})
    return render(request, "learning/overdue.html", {"today": today, "rows": rows, "people": people})


@login_required
def credential_detail(request: HttpRequest, credential_id: int) -> HttpResponse:
    """One credential and every change to it, with the reasons and the audits behind each."""
    caller = caller_of(request)
    credential = selectors.credential(caller, credential_id)
    if credential is None:
        raise Http404("No such credential, or not one you may see.")
    events = list(selectors.credential_events(caller, credential_id))
    return render(request, "learning/credential.html", {"credential": credential, "events": events})


@login_required
def credentials(request: HttpRequest) -> HttpResponse:
    """Everyone's credentials in scope, filterable by state (flagged ones first)."""
    caller = caller_of(request)
    state = request.GET.get("state") or None
    rows = list(selectors.credentials(caller, state=state))
    rows.sort(key=lambda c: (c.state != "flagged", c.state, c.employee.code))
    return render(
        request, "learning/credentials.html", {"rows": rows, "state": state, "states": selectors.state_counts(caller)}
    )


@login_required
def impact(request: HttpRequest) -> HttpResponse:
    """Trained vs not-yet-trained audit scores and member NPS, the staggered difference-in-differences
    (headline, with its event study) and the two-way fixed-effects one beside it, with CIs."""
    caller = caller_of(request)
    program = request.GET.get("program") or None
    scorecard = request.GET.get("scorecard") or analytics.default_scorecard(program)
    context: dict[str, Any] = {"scorecard": scorecard, "program": program, "report": None, "problem": None}
    if scorecard is not None:
        context["scorecard_name"] = scorecard_names([scorecard]).get(scorecard, scorecard)
    if scorecard is None:
        context["problem"] = "No credential type names a scorecard yet, so there is nothing to measure."
    else:
        try:
            report = analytics.impact_report(caller, scorecard_code=scorecard, program_code=program)
        except services.LearningError as exc:
            context["problem"] = str(exc)
        else:
            context["report"] = report
            context["groups"] = [
                {"key": "trained", **report.trained.__dict__, "enough": report.trained.enough},
                {"key": "untrained", **report.untrained.__dict__, "enough": report.untrained.enough},
            ]
            context["trend_spec"] = json.dumps(charts.trained_trend(report.monthly)) if report.monthly else ""
            context["event_study_spec"] = (
                json.dumps(charts.event_study(report.staggered.event_study)) if report.staggered else ""
            )
            if report.nps is not None:
                context["nps_groups"] = [
                    {"key": "trained", **report.nps.trained.__dict__, "enough": report.nps.trained.enough},
                    {"key": "untrained", **report.nps.untrained.__dict__, "enough": report.nps.untrained.enough},
                ]
    return render(request, "learning/impact.html", context)


__all__ = ["dt"]
