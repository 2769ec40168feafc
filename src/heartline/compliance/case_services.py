"""Working a regulated case: the one write path for each step, from the pages, the API and the CLI.

Each step checks the caller may work regulated cases (WORK_REGULATED_CASES) and may see the case
(their scope: their units, or the cases they own), checks its input and refuses with a message that
names the field, rewrites the case's row in the warehouse `cases` table through the idempotent
writer, appends the step to `case_events` (the case's history) and records the access in the access
log. The rules that judge the case are the ones in force when it was received (compliance.rules).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from heartline.compliance.clocks import ClockError, due_at
from heartline.compliance.records import RegulatedCases
from heartline.compliance.rules import ClockRule, load_ruleset
from heartline.compliance.tables import CASE_EVENTS
from heartline.contacts.records import ContactRecords
from heartline.contacts.tables import (
    CASE_CATEGORIES,
    CASE_OUTCOMES,
    CASE_REQUESTS,
    CASES,
    LINES_OF_BUSINESS,
    PRIORITIES,
)
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.selectors import employee_names, phi_redactor
from heartline.core.services import log_access
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

REASON_LENGTH = 500
TIMESTAMPS = frozenset(f.name for f in CASES.schema if pa.types.is_timestamp(f.type))


@dataclass(frozen=True)
class CaseStep:
    """What a step did: the case it touched and the history event it wrote."""

    case_id: str
    event_id: str
    action: str


def _stored_case(caller: Caller, case_id: str) -> dict[str, Any]:
    row = RegulatedCases(MetricQuery(), caller.scope, warehouse_source()).stored(case_id)
    if row is None:
        raise NotFound(f"no regulated case {case_id!r}, or not one you may see")
    return row


def _instant(value: dt.datetime | None, field: str) -> dt.datetime:
    if value is None:
        raise ActionRefused(f"{field} is required")
    if value.tzinfo is None:
        raise ActionRefused(f"{field} needs a time zone (an offset such as Z or -05:00)")
    moment = value.astimezone(dt.UTC)
    if moment > clock.now():
        raise ActionRefused(f"{field} {moment.isoformat()} is in the future")
    return moment


def _received(row: dict[str, Any]) -> dt.datetime:
    return clock.instant(row["received_at"] if row["received_at"] is not None else row["opened_at"])


def _rule(row: dict[str, Any]) -> ClockRule | None:
    return load_ruleset().rule_for(
        str(row["line_of_business"]),
        str(row["category"]),
        str(row["priority"] or "standard"),
        str(row["request"] or "service"),
        clock.day_of(_received(row)),
    )


def _write(caller: Caller, row: dict[str, Any], action: str, detail: dict[str, Any]) -> CaseStep:
    """Store the case's new row, append its history event, and log the access."""
    warehouse = Warehouse.default()
    stored = {
        name: (clock.instant(row[name]) if name in TIMESTAMPS and row.get(name) is not None else row.get(name))
        for name in CASES.schema.names
    }
    write_batch(warehouse, CASES, pa.Table.from_pylist([stored], schema=CASES.schema), source=f"case:{action}")
    event_id = uuid.uuid4().hex
    event = {
        "event_id": event_id,
        "case_id": row["case_id"],
        "at": clock.now(),
        "actor": caller.username,
        "action": action,
        "detail": json.dumps(detail, sort_keys=True, default=str),
        "unit": row.get("unit"),
    }
    write_batch(warehouse, CASE_EVENTS, pa.Table.from_pylist([event], schema=CASE_EVENTS.schema), source="case")
    log_access(
        caller,
        f"compliance.case.{action}",
        f"case:{row['case_id']}",
        member_id=row.get("member_id"),
        **detail,
    )
    return CaseStep(case_id=str(row["case_id"]), event_id=event_id, action=action)


def _one_of(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise ActionRefused(f"{field} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def open_case_from_contact(
    caller: Caller,
    contact_id: str,
    line_of_business: str,
    category: str,
    priority: str,
    request: str,
    received_at: dt.datetime | None,
) -> CaseStep:
    """Open a regulated case for the member of contact `contact_id` (which the caller must be able to
    see): the case takes the contact's member and unit, and its owner is the caller."""
    require(caller, Capability.WORK_REGULATED_CASES, "open regulated cases")
    _one_of(line_of_business, LINES_OF_BUSINESS, "line_of_business")
    _one_of(category, CASE_CATEGORIES, "category")
    _one_of(priority, PRIORITIES, "priority")
    _one_of(request, CASE_REQUESTS, "request")
    received = _instant(received_at, "received_at")
    contact = ContactRecords(MetricQuery(), caller.scope, warehouse_source()).one(contact_id)
    if contact is None:
        raise NotFound(f"no contact {contact_id!r}, or not one you may see")
    if not contact.get("member_id"):
        raise ActionRefused(f"contact {contact_id} has no member: a regulated case needs one")
    now = clock.now()
    row: dict[str, Any] = {
        "case_id": f"RC-{uuid.uuid4().hex[:10].upper()}",
        "member_id": contact["member_id"],
        "unit": contact.get("unit"),
        "type": category,
        "priority": priority,
        "opened_at": now,
        "status": "open",
        "owner_id": caller.employee_code or contact.get("agent_id"),
        "line_of_business": line_of_business,
        "category": category,
        "request": request,
        "received_at": received,
        "extension_days": 0,
    }
    detail = {
        "contact_id": contact_id,
        "line_of_business": line_of_business,
        "category": category,
        "priority": priority,
        "request": request,
        "received_at": received.isoformat(),
    }
    return _write(caller, row, "opened", detail)


def _open_case(caller: Caller, case_id: str, what: str) -> dict[str, Any]:
    require(caller, Capability.WORK_REGULATED_CASES, what)
    row = _stored_case(caller, case_id)
    if row["notified_at"] is not None:
        raise ActionRefused(f"case {case_id} is closed: the member was notified")
    return row


def extend_case(caller: Caller, case_id: str, days: int, reason: str) -> CaseStep:
    """Extend the case's clock by `days` for `reason`, as far as its rule allows, once, before it is due."""
    row = _open_case(caller, case_id, "extend regulated cases")
    reason = reason.strip()
    if not reason:
        raise ActionRefused("reason is required: say why the extension is in the member's interest")
    if len(reason) > REASON_LENGTH:
        raise ActionRefused(f"reason is {len(reason)} characters; at most {REASON_LENGTH}")
    if days < 1:
        raise ActionRefused(f"days must be at least 1, not {days}")
    if int(row["extension_days"] or 0) > 0:
        raise ActionRefused(f"case {case_id} was already extended by {row['extension_days']} days; only once")
    if row["decided_at"] is not None:
        raise ActionRefused(f"case {case_id} is already decided: an extension comes before the decision")
    rule = _rule(row)
    if rule is None:
        raise ActionRefused(f"no decision clock applies to case {case_id}: there is nothing to extend")
    if rule.max_extension_days == 0:
        raise ActionRefused(f"{rule.name} cannot be extended ({rule.citation})")
    if days > rule.max_extension_days:
        raise ActionRefused(
            f"an extension of {days} days is longer than {rule.citation} allows ({rule.max_extension_days} days)"
        )
    try:
        due = due_at(rule, _received(row), 0, clock.organization_zone())
    except ClockError as problem:
        raise ActionRefused(str(problem)) from None
    if clock.now() > due:
        raise ActionRefused(f"case {case_id} was due {due.isoformat()}: an extension must be taken before then")
    clean = phi_redactor().redact(reason)
    updated = {**row, "extension_days": days, "extension_reason": clean}
    return _write(caller, updated, "extended", {"days": days, "reason": clean, "citation": rule.citation})


def record_decision(caller: Caller, case_id: str, outcome: str, decided_at: dt.datetime | None) -> CaseStep:
    """Record the plan's decision on the case (its outcome and when it was made)."""
    row = _open_case(caller, case_id, "record decisions on regulated cases")
    _one_of(outcome, CASE_OUTCOMES, "outcome")
    decided = _instant(decided_at, "decided_at")
    if row["decided_at"] is not None:
        raise ActionRefused(f"case {case_id} is already decided ({row['outcome']})")
    received = _received(row)
    if decided < received:
        raise ActionRefused(
            f"decided_at {decided.isoformat()} is before the case was received ({received.isoformat()})"
        )
    updated = {**row, "decided_at": decided, "outcome": outcome}
    return _write(caller, updated, "decided", {"outcome": outcome, "decided_at": decided.isoformat()})


def record_notification(caller: Caller, case_id: str, notified_at: dt.datetime | None) -> CaseStep:
    """Record when the member was notified of the decision: this closes the case and stops its clock."""
    row = _open_case(caller, case_id, "record notifications on regulated cases")
    notified = _instant(notified_at, "notified_at")
    if row["decided_at"] is None:
        raise ActionRefused(f"case {case_id} has no decision yet: record the decision before the notification")
    decided = clock.instant(row["decided_at"])
    if notified < decided:
        raise ActionRefused(
            f"notified_at {notified.isoformat()} is before the decision was made ({decided.isoformat()})"
        )
    updated = {**row, "notified_at": notified, "status": "closed", "closed_at": notified}
    return _write(caller, updated, "notified", {"notified_at": notified.isoformat()})


def reassign_case(caller: Caller, case_id: str, owner_id: str) -> CaseStep:
    """Give the case to another employee the caller may see."""
    row = _open_case(caller, case_id, "reassign regulated cases")
    owner_id = owner_id.strip()
    people = employee_names(caller)
    if owner_id not in people:
        raise ActionRefused(f"owner_id {owner_id!r} is not an employee you may assign cases to")
    if owner_id == row["owner_id"]:
        raise ActionRefused(f"case {case_id} is already {people[owner_id]}'s")
    updated = {**row, "owner_id": owner_id}
    return _write(caller, updated, "reassigned", {"from": row["owner_id"], "to": owner_id})
