"""A coach's home: follow-ups due this week, team members whose recent audits missed a behavior,
credentials at risk, members' praise to pass on, whom the boosters follow, and the team's
one-and-done beside the unit's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from heartline.behaviors.selectors import behavior_titles
from heartline.coaching.selectors import follow_up_queue
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.home.figures import rate_trend
from heartline.core.selectors import full_name, own_record, team_members
from heartline.core.services import log_access
from heartline.learning.selectors import credentials, open_boosters_by_person, praise_to_pass_on
from heartline.quality.selectors.coaching_inputs import latest_audit_moment, missed_by_agent

RECENT_AUDIT_DAYS = 30  # "recent audits": the 30 days up to the team's latest audited contact
RENEWAL_DAYS = 30  # a held credential expiring within this many days is at risk
AT_RISK_STATES = ("flagged", "expired")
PRAISE_SHOWN = 3  # the newest members' praise not yet passed on
HELD_STATES = ("granted", "renewed")


def _missed_by_member(caller: Caller, members: list[Any], unit_code: str | None) -> dict[str, Any]:
    codes = [m.code for m in members]
    latest = latest_audit_moment(caller, codes) if codes else None
    if latest is None:
        return {"rows": [], "since": None}
    since = latest - dt.timedelta(days=RECENT_AUDIT_DAYS)
    by_agent = missed_by_agent(caller, codes, since=since)
    rows = [{"member": m, "name": full_name(m), "missed": by_agent[m.code][:3]} for m in members if m.code in by_agent]
    rows.sort(key=lambda r: -sum(m.missed for m in by_agent[r["member"].code]))  # who missed most first
    titles = behavior_titles({m.behavior_code for r in rows for m in r["missed"]}, unit_code)
    for r in rows:
        r["behaviors"] = [{"miss": m, "name": titles.get(m.behavior_code, m.behavior_code)} for m in r["missed"]]
    return {"rows": rows, "since": since}


def _at_risk(caller: Caller, codes: list[str], today: dt.date) -> list[Any]:
    team_credentials = credentials(caller).filter(employee__code__in=codes)
    flagged = list(team_credentials.filter(state__in=AT_RISK_STATES))
    expiring = list(
        team_credentials.filter(
            state__in=HELD_STATES, expires_on__isnull=False, expires_on__lte=today + dt.timedelta(days=RENEWAL_DAYS)
        )
    )
    return sorted(flagged + expiring, key=lambda c: (c.expires_on or today, c.employee.code))


def build(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    today = clock.today()
    week_ends = today + dt.timedelta(days=6 - today.weekday())
    queue = follow_up_queue(caller, today)
    me = own_record(caller)
    team = me.team if me else None
    members = list(team_members(caller, team.code)) if team else []
    unit_code = team.unit.code if team else caller.unit_code
    return {
        "today": today,
        "week_ends": week_ends,
        "overdue": queue.overdue,
        "this_week": [s for s in queue.upcoming if s.follow_up_on and s.follow_up_on <= week_ends],
        "later": sum(1 for s in queue.upcoming if s.follow_up_on and s.follow_up_on > week_ends),
        "team": team,
        "members": len(members),
        "missed": _missed_by_member(caller, members, unit_code),
        "at_risk": _at_risk(caller, [m.code for m in members], today),
        "renewal_days": RENEWAL_DAYS,
        "team_rate": rate_trend(caller.scope, "one-and-done", {"team": [team.code]}) if team else None,
        "unit_rate": rate_trend(caller.scope, "one-and-done", {"unit": [unit_code]}) if unit_code else None,
        "unit": team.unit if team else None,
        "praise": _praise(caller, members),
        "boosted": _boosted(caller, members),
    }


def _praise(caller: Caller, members: list[Any]) -> list[dict[str, Any]]:
    """Members' praising verbatims about the team's contacts, not yet passed on."""
    names = {m.code: full_name(m) for m in members}
    found = praise_to_pass_on(caller, list(names), limit=PRAISE_SHOWN)
    if found:  # members' words, redacted: read like the unit's quotes, so logged like them
        log_access(caller, "home.praise", f"team:{members[0].team.code}", responses=[p.response_id for p in found])
    return [{"praise": p, "name": names.get(p.agent_code, p.agent_code)} for p in found]


def _boosted(caller: Caller, members: list[Any]) -> list[dict[str, Any]]:
    """The team's open boosters, whose are overdue first."""
    by_person = open_boosters_by_person(caller, [m.code for m in members])
    rows = [{"member": m, "name": full_name(m), "boosters": by_person[m.code]} for m in members if m.code in by_person]
    rows.sort(key=lambda r: (min(a.due_on for a in r["boosters"]), r["name"]))
    return rows
