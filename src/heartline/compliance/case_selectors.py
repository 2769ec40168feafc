"""Reads behind the case page, the alert banner and the timeliness table.

A case page is open to whoever follows decision clocks or works regulated cases, for the cases in
their scope (a representative: the cases they own). Every read of a case is written to the access
log: a case names a member.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from heartline.compliance.models import ClockAlert
from heartline.compliance.records import RegulatedCases
from heartline.compliance.selectors import JudgedCase, judged_row
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed, NotFound
from heartline.core.permissions import Capability
from heartline.core.services import log_access
from heartline.stats.proportions import wilson_interval
from heartline.warehouse.runners import MetricQuery

RECENT_ALERTS = 20


@dataclass(frozen=True)
class CaseEvent:
    """One step in a case's history."""

    event_id: str
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class CaseFile:
    """A case with its clock, its history (newest first) and the steps the caller may take next."""

    case: JudgedCase
    history: list[CaseEvent]
    next_steps: tuple[str, ...]  # of: extend, decide, notify, reassign

    def as_json(self) -> dict[str, Any]:
        return {
            **self.case.as_json(),
            "history": [
                {
                    "event_id": e.event_id,
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "detail": e.detail,
                }
                for e in self.history
            ],
            "next_steps": list(self.next_steps),
        }


def may_read_cases(caller: Caller) -> bool:
    return (
        caller.can(Capability.FOLLOW_DECISION_CLOCKS)
        or caller.can(Capability.WORK_REGULATED_CASES)
        or caller.is_operator
    )


def _next_steps(caller: Caller, case: JudgedCase) -> tuple[str, ...]:
    if not (caller.can(Capability.WORK_REGULATED_CASES) or caller.is_operator) or case.notified_at is not None:
        return ()
    steps: list[str] = []
    if case.decided_at is None:
        if case.extension_days == 0 and case.status == "open" and case.rule is not None:
            steps.append("extend")
        steps.append("decide")
    else:
        steps.append("notify")
    steps.append("reassign")
    return tuple(steps)


def case_file(caller: Caller, case_id: str, channel: str = "web", as_of: dt.datetime | None = None) -> CaseFile:
    """Case `case_id` judged now, with its history; NotFound when the caller may not see it."""
    if not may_read_cases(caller):
        raise NotAllowed(f"a {caller.role or 'person with no role'} may not read regulated cases")
    records = RegulatedCases(MetricQuery(), caller.scope, warehouse_source())
    row = records.stored(case_id)
    if row is None:
        raise NotFound(f"no regulated case {case_id!r}, or not one you may see")
    row = {**row, "received_at": row["received_at"] if row["received_at"] is not None else row["opened_at"]}
    judged = judged_row(row, as_of or clock.now())
    history = [
        CaseEvent(
            event_id=str(e["event_id"]),
            at=clock.instant(e["at"]),
            actor=str(e["actor"] or ""),
            action=str(e["action"]),
            detail=json.loads(e["detail"]) if e["detail"] else {},
        )
        for e in records.history(case_id)
    ]
    log_access(caller, "compliance.case.view", f"case:{case_id}", channel, member_id=row.get("member_id"))
    return CaseFile(case=judged, history=history, next_steps=_next_steps(caller, judged))


def concerns(caller: Caller, case: JudgedCase) -> bool:
    """Whether `case` is the caller's to watch: they own it, or they lead its unit or team."""
    if caller.employee_code and case.owner_id == caller.employee_code:
        return True
    leads = caller.can(Capability.LEAD_A_UNIT) or caller.can(Capability.LEAD_A_TEAM)
    return leads and case.unit is not None and case.unit in caller.scope.unit_codes


def running_out(caller: Caller, cases: Iterable[JudgedCase]) -> dict[str, int]:
    """The banner: how many of the caller's own (or led) open cases are overdue and at risk."""
    counts: Counter[str] = Counter()
    for case in cases:
        if concerns(caller, case):
            counts["overdue"] += case.status == "overdue"
            counts["at_risk"] += case.status == "open" and case.at_risk
    return {"overdue": counts["overdue"], "at_risk": counts["at_risk"]}


def alerts_for(caller: Caller) -> QuerySet[ClockAlert]:
    """The clock alerts raised for the cases the caller owns, newest first."""
    if not caller.employee_code:
        return ClockAlert.objects.none()
    return ClockAlert.objects.filter(owner_code=caller.employee_code)[:RECENT_ALERTS]


@dataclass(frozen=True)
class TimelinessCell:
    """On-time share of the cases of one line, category and month of receipt, with n and a 95% Wilson interval."""

    line_of_business: str
    category: str
    month: dt.date
    n: int
    on_time: int
    value: float
    ci_low: float
    ci_high: float

    def as_json(self) -> dict[str, Any]:
        return {
            "line_of_business": self.line_of_business,
            "category": self.category,
            "month": self.month.isoformat()[:7],
            "n": self.n,
            "on_time": self.on_time,
            "value": self.value,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
        }


def timeliness_by_line_category_month(cases: Sequence[JudgedCase]) -> list[TimelinessCell]:
    """Closed, judged cases (on time or late) by line of business, category and the month they were
    received in (the plan's calendar), newest month first."""
    judged: Counter[tuple[str, str, dt.date]] = Counter()
    on_time: Counter[tuple[str, str, dt.date]] = Counter()
    for case in cases:
        if case.status in ("on_time", "late"):
            key = (case.line_of_business, case.category, clock.month_of(case.received_at))
            judged[key] += 1
            on_time[key] += case.status == "on_time"
    cells = []
    for key in sorted(judged, key=lambda k: (-k[2].toordinal(), k[0], k[1])):
        low, high = wilson_interval(on_time[key], judged[key])
        cells.append(TimelinessCell(*key, judged[key], on_time[key], on_time[key] / judged[key], low, high))
    return cells
