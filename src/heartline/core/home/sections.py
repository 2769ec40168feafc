"""The home of everyone without a page of their own figures (analysts, planners, compliance, care
managers, administrators): their sections, and for compliance the decision clocks at a glance."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from heartline.compliance.selectors import judged_cases
from heartline.core.contracts import Caller
from heartline.core.navigation import entries_for
from heartline.core.permissions import Capability

# What each section answers, for the list of sections (the menu's label is the link).
ABOUT = {
    "contacts:one-and-done": "First-contact resolution and handoffs, by unit, team, reason and month.",
    "contact-volume": "Contacts per month, channel and unit.",
    "members:search": "Find a member: their header, service timeline and records.",
    "compliance:worklist": "Grievance and appeal decision clocks: what is overdue, open and at risk.",
    "compliance:universes": "Audit universes as CMS asks for them.",
    "compliance:call-center": "CMS call-center standards: hold time, disconnects, interpreters.",
    "voice:analysis": "Member voice across the division: drivers, themes, units ranked.",
    "workforce:home": "Intervals, forecasts, staffing needs and the intraday view.",
    "access_log:list": "Who read protected data, and who was refused.",
    "behaviors:catalog": "The behaviors the division coaches and audits, as each unit words them.",
    "quality:queue": "Sampled contacts to audit, and disputes to resolve.",
    "quality:scores": "Audit scores by unit, team, representative, behavior and month.",
    "quality:calibration-list": "Calibration sessions: agreement among auditors and with the expert.",
    "quality:scorecards": "Scorecards and their versions.",
    "coaching:queue": "Coaching sessions and follow-ups.",
    "voice:home": "What members say about a unit: NPS, drivers, themes and quotes.",
    "voice:ideas": "Ideas from staff, their votes and what was done.",
    "learning:waves": "Training waves and the credentials they lead to.",
    "learning:overdue": "Training past its due date, by person.",
    "learning:impact": "Whether training moved the figures it was meant to.",
    "learning:recognition": "Who was recognised for which behavior; members' praise to pass on.",
    "learning:boosters": "Boosters assigned after missed behaviors, and whether they helped.",
    "library:home": "Practices and how-tos, searchable in every language.",
    "api-v1:openapi-view": "The API, with the same figures and scope as the pages.",
    "admin:index": "People, units, teams and settings.",
}


def _clocks(caller: Caller) -> dict[str, int]:
    cases = judged_cases(caller)
    return {
        "overdue": sum(1 for c in cases if c.status == "overdue"),
        "open": sum(1 for c in cases if c.status == "open"),
        "at_risk": sum(1 for c in cases if c.status == "open" and c.at_risk),
        "total": len(cases),
    }


def build(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    entries = [e for e in entries_for(caller) if e.url_name != "home"]
    return {
        "sections": [{"label": e.label, "url_name": e.url_name, "about": ABOUT.get(e.url_name, "")} for e in entries],
        "clocks": _clocks(caller) if caller.can(Capability.FOLLOW_DECISION_CLOCKS) else None,
        "member_search": caller.can(Capability.LOOK_UP_MEMBERS),
        "scope_is_empty": caller.scope.is_empty,
    }
