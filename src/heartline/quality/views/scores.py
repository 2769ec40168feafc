"""Quality scores by agent, team, unit, behavior or month; an agent sees their own audits and trend,
and beside them (labelled automatic) how often auto-QA found each item met on their transcribed calls."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.core.bounds import parse_day
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.selectors import visible_teams, visible_units
from heartline.quality import charts
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.selectors import auto_qa as auto_qa_reads
from heartline.quality.selectors.audits import latest_completed
from heartline.quality.selectors.scores import DIMENSIONS, MIN_N, ScoreFilters, ScoreQueryError, scores_by

LABELS = {
    "agent": "Representative",
    "team": "Team",
    "unit": "Unit",
    "month": "Month",
    "behavior": "Behavior",
    "scorecard": "Scorecard",
}


def _date(raw: str | None, field: str) -> dt.date | None:
    return parse_day(raw, field, ScoreQueryError)


@login_required
def scores(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    front_line = caller.can(Capability.TAKE_CONTACTS)  # a representative sees their own scores
    by = request.GET.get("by", "behavior" if front_line else "agent")
    filters = ScoreFilters(
        start=_date(request.GET.get("from"), "from"),
        end=_date(request.GET.get("to"), "to"),
        unit=request.GET.get("unit") or None,
        team=request.GET.get("team") or None,
        agent=request.GET.get("agent") or None,
        scorecard=request.GET.get("scorecard") or None,
    )
    rows = scores_by(caller, by, filters)
    monthly = scores_by(caller, "month", filters)
    audits = latest_completed(caller, 20) if front_line else []
    total = sum(r.n for r in monthly)
    # An agent's own scores need no unit or team filter; everyone else picks among what they may see.
    agent_code = caller.employee_code if front_line else filters.agent
    auto_rates = (
        auto_qa_reads.agent_auto_rates(caller, agent_code, auto_model.trusted_items(auto_model.load()))
        if agent_code
        else []
    )
    units = [] if front_line else list(visible_units(caller).order_by("name").values_list("code", "name"))
    teams = [] if front_line else list(visible_teams(caller).order_by("unit__name", "name").values_list("code", "name"))
    return render(
        request,
        "quality/scores.html",
        {
            "rows": rows,
            "by": by,
            "by_label": LABELS[by],
            "dimensions": [(d, LABELS[d]) for d in DIMENSIONS],
            "total": total,
            "monthly": monthly,
            "trend_spec": json.dumps(charts.score_trend(monthly)),
            "min_n": MIN_N,
            "audits": audits,
            "auto_rates": auto_rates,
            "auto_agent": agent_code or "",
            "units": units,
            "teams": teams,
            "is_behavior": by == "behavior",
            "params": {k: request.GET.get(k, "") for k in ("from", "to", "unit", "team", "agent", "scorecard")},
        },
    )
