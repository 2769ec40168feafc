"""A representative's home: my results beside my team's, my quality by behavior, my credential and
training (boosters included), the recognition I received, my coaching commitments, and my unit's
member feedback and ideas I can vote on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from heartline.behaviors.selectors import behavior_titles
from heartline.coaching.selectors import sessions_of
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.home.figures import as_row, rate_trend
from heartline.core.selectors import own_record
from heartline.core.services import log_access
from heartline.learning.selectors import booster_assignments, credentials, plan_items, recognitions
from heartline.quality.selectors.coaching_inputs import latest_audit_moment, missed_behaviors, missed_evidence
from heartline.quality.selectors.scores import ScoreFilters, scores_by
from heartline.voice.analytics import unit_results
from heartline.voice.selectors import has_voted, ideas_list
from heartline.warehouse.scope import Scope

SHOWN = 3  # behaviors done well, behaviors missed, quotes
TRAINING_SHOWN = 5
IDEAS_SHOWN = 5
MISSED_LOOKBACK_DAYS = 90
OPEN_IDEA_STATES = ("new", "under_review", "testing")


def _quality(caller: Caller, code: str, unit_code: str | None) -> dict[str, Any]:
    rows = scores_by(caller, "behavior", ScoreFilters(agent=code))
    latest = latest_audit_moment(caller, [code])
    since = latest - dt.timedelta(days=MISSED_LOOKBACK_DAYS) if latest else None
    missed = missed_behaviors(caller, [code], since=since)[:SHOWN] if latest else []
    names = behavior_titles([r.key for r in rows] + [m.behavior_code for m in missed], unit_code)
    evidence = missed_evidence(caller, code, [m.behavior_code for m in missed])
    strong = [r for r in rows if not r.below_min][:SHOWN]
    return {
        "behaviors": [{"code": r.key, "row": as_row(r), "name": names.get(r.key, r.label)} for r in rows],
        "strong": [{"code": r.key, "row": as_row(r), "name": names.get(r.key, r.label)} for r in strong],
        "missed": [
            {"miss": m, "name": names.get(m.behavior_code, m.behavior_code), "evidence": evidence.get(m.behavior_code)}
            for m in missed
        ],
        "latest_audit": latest,
        "missed_since": since,
    }


def _coaching(caller: Caller, code: str, today: dt.date) -> dict[str, Any]:
    sessions = list(sessions_of(caller, coachee=code).order_by("-held_on", "-pk")[:10])
    latest = sessions[0] if sessions else None
    pending = sorted(
        (s for s in sessions if s.follow_up_on and not s.followed_up_on), key=lambda s: s.follow_up_on or today
    )
    return {
        "latest": latest,
        "commitments": [line.strip() for line in (latest.commitments if latest else "").splitlines() if line.strip()],
        "next_follow_up": pending[0] if pending else None,
    }


def _feedback(request: HttpRequest, caller: Caller, unit_code: str | None) -> dict[str, Any] | None:
    if not unit_code:
        return None
    results = unit_results(caller, unit_code)
    if not results["period"]:
        return {"results": results, "quotes": []}
    # One quote from each of the most-mentioned themes (a quote is a member's words, not a figure,
    # so themes under the minimum n may give one too).
    themes = sorted(results.get("themes", {}).get("themes", []), key=lambda t: -int(t["n"]))
    quotes = [{"theme": t["label"], "quote": q} for t in themes for q in t["quotes"][:1]][:SHOWN]
    log_access(caller, "home.voice", f"unit:{unit_code}", quotes=len(quotes))
    return {"results": results, "quotes": quotes}


def _recognitions(caller: Caller, code: str, unit_code: str | None) -> dict[str, Any]:
    mine = recognitions(caller, recipient_code=code)
    latest = list(mine[:SHOWN])
    names = behavior_titles({r.behavior_code for r in latest}, unit_code)
    return {
        "n": mine.count(),
        "latest": [{"r": r, "behavior": names.get(r.behavior_code, r.behavior_code)} for r in latest],
    }


def build(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    today = clock.today()
    me = own_record(caller)
    code = caller.employee_code or ""
    unit_code = caller.unit_code
    team = me.team if me else None
    items = [i for i in plan_items(caller, employee_code=code) if i.completed_on is None]
    items.sort(key=lambda i: i.due_on)
    ideas = list(ideas_list(caller).filter(status__in=OPEN_IDEA_STATES)[:IDEAS_SHOWN])
    return {
        "me": me,
        "today": today,
        "mine": rate_trend(caller.scope, "one-and-done"),
        "team": team,
        # The team's rate as a whole (never per person), as unit results show members' answers.
        "team_rate": rate_trend(Scope.of_units(team.unit.code), "one-and-done", {"team": [team.code]})
        if team
        else None,
        "quality": _quality(caller, code, unit_code),
        "credentials": list(credentials(caller, employee_code=code).select_related("credential_type")),
        "training": items[:TRAINING_SHOWN],
        "training_left": len(items),
        "training_overdue": sum(1 for i in items if i.is_overdue(today)),
        "boosters": list(booster_assignments(caller, employee_code=code, open_only=True)[:TRAINING_SHOWN]),
        "recognitions": _recognitions(caller, code, unit_code),
        "coaching": _coaching(caller, code, today),
        "feedback": _feedback(request, caller, unit_code),
        "ideas": [{"idea": idea, "voted": has_voted(caller, idea)} for idea in ideas],
    }
