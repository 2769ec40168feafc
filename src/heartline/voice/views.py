"""Voice of the member pages: a unit's results for its staff, the analyst's view, the weekly digest
(page and PDF), and ideas (propose, vote, comment, move; "you said, we did").

Every figure shows its n and, where it is an estimate, its 95% interval; groups under the minimum n
are greyed and unranked. Pages that show quotes write to the access log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.core.page_parts import keep_rendered
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.learning.selectors import unit_recognition
from heartline.voice import charts
from heartline.voice.analytics import (
    Period,
    division_results,
    division_results_key,
    results_units,
    unit_results,
)
from heartline.voice.digest import digest_pdf, weekly_digest
from heartline.voice.models import IdeaStatus, LinkKind
from heartline.voice.selectors import (
    NotAnEmployeeError,
    has_voted,
    idea_for,
    idea_link_label,
    idea_unit_names,
    ideas_list,
    you_said_we_did,
)
from heartline.voice.services import (
    MOVES,
    TRANSITIONS,
    comment_on_idea,
    may_move,
    propose_idea,
    result_codes,
    vote_for_idea,
    withdraw_vote,
)
from heartline.voice.surveys import DRIVER_CODES, ITEMS_BY_CODE
from heartline.voice.taxonomy import TAXONOMY

MOVE_ACTIONS = {
    IdeaStatus.UNDER_REVIEW: "review",
    IdeaStatus.TESTING: "test",
    IdeaStatus.ADOPTED: "adopt",
    IdeaStatus.DECLINED: "decline",
}


def _period(request: HttpRequest) -> Period | None:
    return Period.parse(request.GET.get("from"), request.GET.get("to"))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The caller's own unit's results, or a list of the units they may read."""
    caller = caller_of(request)
    units = results_units(caller)
    if caller.unit_code and caller.unit_code in units:
        return redirect("voice:results", unit=caller.unit_code)
    return render(request, "voice/home.html", {"units": sorted(units.items(), key=lambda u: u[1])})


def _link_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "theme": [(t.code, t.label) for t in TAXONOMY],
        "driver": [(c, ITEMS_BY_CODE[c].label) for c in DRIVER_CODES],
        "result": [(c, ITEMS_BY_CODE[c].label) for c in result_codes()],
    }


@login_required
def results(request: HttpRequest, unit: str) -> HttpResponse:
    caller = caller_of(request)
    data = unit_results(caller, unit, _period(request))
    log_access(
        caller,
        "voice.results",
        f"unit:{unit}",
        quotes=sum(len(t["quotes"]) for t in data.get("themes", {}).get("themes", [])),
    )
    context: dict[str, Any] = {
        "r": data,
        "units": sorted(results_units(caller).items(), key=lambda u: u[1]),
        "recognition": unit_recognition(caller, unit, clock.today()),
    }
    if data["period"]:
        context.update(
            trend_spec=json.dumps(charts.nps_trend(data["trend"], data["division_trend"], data["unit_name"])),
            drivers_spec=json.dumps(charts.driver_bars(data["drivers"]["drivers"]))
            if data["drivers"]["drivers"]
            else "",
            ideas=list(ideas_list(caller).exclude(status=IdeaStatus.DECLINED)[:8]),
            link_choices=_link_choices(),
        )
    return render(request, "voice/results.html", context)


@dataclass(frozen=True)
class AnalysisPart:
    """The Voice analysis page's figures laid out (`voice/_analysis.html`), and whether it draws charts."""

    body: str
    has_figures: bool


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    if not caller.can(Capability.ANALYZE_MEMBER_VOICE) and not caller.scope.unrestricted:
        raise NotAllowed("The analysis covers several units; your unit's results are under Member voice.")
    period = _period(request)
    # Laid out once per answer, under the answer's own key (core.page_parts): a view reads the kept HTML.
    part = keep_rendered(
        division_results_key(caller, period), "voice/_analysis.html", lambda: _analysis_part(caller, period)
    )
    log_access(caller, "voice.analysis", "warehouse:survey_responses")
    return render(
        request,
        "voice/analysis.html",
        {"body": mark_safe(part.body), "has_figures": part.has_figures},  # noqa: S308 - our own template's output
    )


def _analysis_part(caller: Caller, period: Period | None) -> AnalysisPart:
    data = division_results(caller, period)
    context: dict[str, Any] = {"r": data}
    if data["period"]:
        themes = list(data["themes"]["themes"])
        context.update(
            drivers_spec=json.dumps(charts.driver_bars(data["drivers"]["drivers"]))
            if data["drivers"]["drivers"]
            else "",
            themes_spec=json.dumps(charts.theme_bars(themes[:15])) if themes else "",
        )
    return AnalysisPart(render_to_string("voice/_analysis.html", context), has_figures=bool(data["period"]))


@login_required
def digest(request: HttpRequest, unit: str) -> HttpResponse:
    caller = caller_of(request)
    data = weekly_digest(caller, unit)
    log_access(caller, "voice.digest", f"unit:{unit}")
    context: dict[str, Any] = {"d": data}
    if not data.get("empty"):
        r = data["results"]
        context["trend_spec"] = json.dumps(charts.nps_trend(r["trend"], r["division_trend"], r["unit_name"]))
    return render(request, "voice/digest.html", context)


@login_required
def digest_pdf_view(request: HttpRequest, unit: str) -> HttpResponse:
    caller = caller_of(request)
    data = weekly_digest(caller, unit)
    log_access(caller, "voice.digest_pdf", f"unit:{unit}")
    response = HttpResponse(digest_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="voice-digest-{unit}.pdf"'
    return response


# -- ideas ----------------------------------------------------------------------------------------


@login_required
def ideas(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    status = request.GET.get("status") or None
    if status and status not in IdeaStatus.values:
        raise ActionRefused(f"status must be one of {', '.join(IdeaStatus.values)}")
    return render(
        request,
        "voice/ideas.html",
        {
            "ideas": [(i, idea_link_label(i.link_kind, i.link_code)) for i in ideas_list(caller, status=status)[:200]],
            "status": status,
            "statuses": IdeaStatus.choices,
            "link_choices": _link_choices(),
            "link_kinds": LinkKind.choices,
            "adopted": you_said_we_did(caller, limit=10),
        },
    )


@login_required
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    kind = request.POST.get("link_kind", "")
    code = request.POST.get(f"link_code_{kind}") or request.POST.get("link_code", "")
    idea = propose_idea(
        caller,
        title=request.POST.get("title", ""),
        description=request.POST.get("description", ""),
        link_kind=kind,
        link_code=code,
    )
    return redirect("voice:idea", reference=idea.reference)


def _idea_context(request: HttpRequest, reference: str) -> dict[str, Any]:
    caller = caller_of(request)
    try:
        idea = idea_for(caller, reference)
    except NotAnEmployeeError as exc:  # reading an idea: not one you may see, so "not found"
        raise NotFound(str(exc)) from exc
    moves = [(MOVE_ACTIONS[IdeaStatus(s)], IdeaStatus(s).label) for s in MOVES.get(idea.status, ())]
    return {
        "idea": idea,
        "votes": idea.votes.count(),
        "voted": has_voted(caller, idea),
        "comments": idea.comments.all(),
        "history": idea.transitions.all(),
        "moves": moves if may_move(caller, idea) else [],
        "link_label": idea_link_label(idea.link_kind, idea.link_code),
        "unit_name": idea_unit_names().get(idea.unit_code, idea.unit_code) if idea.unit_code else "",
    }


@login_required
def idea(request: HttpRequest, reference: str) -> HttpResponse:
    return render(request, "voice/idea.html", _idea_context(request, reference))


@login_required
@require_POST
def vote(request: HttpRequest, reference: str) -> HttpResponse:
    caller = caller_of(request)
    _idea_context(request, reference)
    if request.POST.get("withdraw"):
        withdraw_vote(caller, reference)
    else:
        vote_for_idea(caller, reference)
    context = _idea_context(request, reference)
    if request.headers.get("HX-Request"):
        return render(request, "voice/_votes.html", context)
    return redirect("voice:idea", reference=reference)


@login_required
@require_POST
def comment(request: HttpRequest, reference: str) -> HttpResponse:
    _idea_context(request, reference)
    comment_on_idea(caller_of(request), reference, request.POST.get("text", ""))
    return redirect("voice:idea", reference=reference)


@login_required
@require_POST
def move(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        raise Http404(f"no action {action}")
    _idea_context(request, reference)
    TRANSITIONS[action](caller_of(request), reference, request.POST.get("reason", ""))
    return redirect("voice:idea", reference=reference)
