"""Regulated cases judged by their decision clocks, for the worklist, the CLI and the API.

Every read is scoped by the metric framework (`records.RegulatedCases`) and refused to callers
without FOLLOW_DECISION_CLOCKS. A case whose stored dates cannot be judged (an extension longer
than its rule allows, a notice before receipt) is listed with status `invalid` and the reason, so
one bad row never takes the worklist down.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from heartline.compliance.clocks import ClockError, judge
from heartline.compliance.records import RegulatedCases
from heartline.compliance.rules import Ruleset, load_ruleset
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.stats.proportions import wilson_interval
from heartline.warehouse.runners import MetricQuery

# An open case with less than this share of its time left is "at risk" (HEARTLINE_AT_RISK_SHARE).
DEFAULT_AT_RISK_SHARE = 0.25
STATUSES = ("overdue", "open", "late", "on_time", "not_judged", "no_clock", "invalid")


@dataclass(frozen=True)
class JudgedCase:
    """One regulated case and its clock at the moment asked about."""

    case_id: str
    member_id: str | None
    unit: str | None
    owner_id: str | None
    line_of_business: str
    category: str
    priority: str
    request: str
    rule: str | None  # the rule's code; None: no clock applies (e.g. a commercial grievance)
    rule_name: str
    citation: str
    received_at: dt.datetime
    extension_days: int
    extension_reason: str | None
    decided_at: dt.datetime | None
    notified_at: dt.datetime | None
    outcome: str | None
    due_at: dt.datetime | None
    status: str  # STATUSES
    at_risk: bool
    hours_left: float | None  # open cases: hours until due (negative once overdue)
    problem: str = ""  # why an `invalid` case could not be judged

    def as_json(self) -> dict[str, Any]:
        row = asdict(self)
        for key in ("received_at", "decided_at", "notified_at", "due_at"):
            row[key] = row[key].isoformat() if row[key] is not None else None
        return row


def _judged(row: dict[str, Any], ruleset: Ruleset, as_of: dt.datetime, at_risk_share: float) -> JudgedCase:
    zone = clock.organization_zone()
    received = clock.instant(row["received_at"])
    priority = row["priority"] or "standard"
    request = row["request"] or "service"
    extension = int(row["extension_days"] or 0)
    notified = clock.instant(row["notified_at"]) if row["notified_at"] is not None else None
    decided = clock.instant(row["decided_at"]) if row["decided_at"] is not None else None
    rule = ruleset.rule_for(row["line_of_business"], row["category"], priority, request, clock.day_of(received))
    base: dict[str, Any] = {
        "case_id": row["case_id"],
        "member_id": row["member_id"],
        "unit": row["unit"],
        "owner_id": row["owner_id"],
        "line_of_business": row["line_of_business"],
        "category": row["category"],
        "priority": priority,
        "request": request,
        "rule": rule.code if rule else None,
        "rule_name": rule.name if rule else "no regulatory clock",
        "citation": rule.citation if rule else "",
        "received_at": received,
        "extension_days": extension,
        "extension_reason": row["extension_reason"],
        "decided_at": decided,
        "notified_at": notified,
        "outcome": row["outcome"],
    }
    if rule is None:
        return JudgedCase(**base, due_at=None, status="no_clock", at_risk=False, hours_left=None)
    try:
        standing = judge(
            rule,
            received_at=received,
            extension_days=extension,
            notified_at=notified,
            outcome=row["outcome"],
            as_of=as_of,
            zone=zone,
            at_risk_share=at_risk_share,
        )
    except ClockError as problem:
        return JudgedCase(**base, due_at=None, status="invalid", at_risk=False, hours_left=None, problem=str(problem))
    hours = standing.time_left.total_seconds() / 3600 if standing.time_left is not None else None
    return JudgedCase(
        **base, due_at=standing.due_at, status=standing.status, at_risk=standing.at_risk, hours_left=hours
    )


def judged_row(row: dict[str, Any], as_of: dt.datetime, at_risk_share: float = DEFAULT_AT_RISK_SHARE) -> JudgedCase:
    """One stored regulated-case row (with `received_at` filled in) judged at `as_of` by the rules in force."""
    return _judged(row, load_ruleset(), as_of, at_risk_share)


def judged_cases(
    caller: Caller,
    as_of: dt.datetime | None = None,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    at_risk_share: float = DEFAULT_AT_RISK_SHARE,
) -> list[JudgedCase]:
    """The regulated cases `caller` may see, judged at `as_of` (now), most urgent first: overdue, then
    open by time left, then closed ones, newest received first."""
    require(caller, Capability.FOLLOW_DECISION_CLOCKS, "follow decision clocks")
    as_of = as_of or clock.now()
    query = MetricQuery(filters={k: tuple(v) for k, v in (filters or {}).items()})
    rows = RegulatedCases(query, caller.scope, warehouse_source()).rows()
    ruleset = load_ruleset()
    cases = [_judged(row, ruleset, as_of, at_risk_share) for row in rows]
    return sorted(cases, key=_urgency)


def _urgency(case: JudgedCase) -> tuple[int, float, float]:
    rank = STATUSES.index(case.status)
    left = case.hours_left if case.hours_left is not None else 0.0
    return (rank, left, -case.received_at.timestamp())


@dataclass(frozen=True)
class Timeliness:
    """Share of decided cases notified on time, for one group: n, rate and its 95% Wilson interval."""

    group: str
    judged: int
    on_time: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None


def timeliness(cases: Iterable[JudgedCase], by: str = "rule") -> list[Timeliness]:
    """On-time rate of closed, judged cases grouped by a JudgedCase attribute (`rule`, `line_of_business`…)."""
    judged: Counter[str] = Counter()
    on_time: Counter[str] = Counter()
    for case in cases:
        if case.status in ("on_time", "late"):
            key = str(getattr(case, by))
            judged[key] += 1
            on_time[key] += case.status == "on_time"
    rows = []
    for key in sorted(judged):
        low, high = wilson_interval(on_time[key], judged[key])
        rows.append(Timeliness(key, judged[key], on_time[key], on_time[key] / judged[key], low, high))
    return rows


def summary(cases: Sequence[JudgedCase]) -> dict[str, Any]:
    """Counts by status, at-risk count, and the on-time rate overall and per line of business."""
    statuses = Counter(case.status for case in cases)
    judged = statuses["on_time"] + statuses["late"]
    on_time = statuses["on_time"]
    low, high = wilson_interval(on_time, judged) if judged else (None, None)
    by_line: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in timeliness(cases, by="line_of_business"):
        by_line[row.group] = asdict(row)
    return {
        "cases": len(cases),
        "by_status": {status: statuses.get(status, 0) for status in STATUSES},
        "at_risk": sum(case.at_risk for case in cases),
        "judged": judged,
        "on_time": on_time,
        "on_time_rate": on_time / judged if judged else None,
        "ci_low": low,
        "ci_high": high,
        "by_line_of_business": dict(by_line),
    }
