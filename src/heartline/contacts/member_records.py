"""One member's contacts and cases, for the member view: read by `member_id`, scoped to the caller.
Many members' at once (every contact, no cap; or those since an instant) for the FHIR export and a
campaign's contact policy: `contacts_of_members`.

The contacts a caller sees are those their usual scope holds (an agent their own, a unit role their
units'); a case shows when the caller's scope holds it or when it is the case of a contact they see
(as on the contact page).

The contacts are read from `contacts_by_member` (sorted by member: one row group per member) while
it matches the current `contacts`; before the worker has rebuilt it after an ingest, from
`contacts` itself (a scan of its `member_id` column: same rows, slower).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import ibis
import ibis.expr.types as ir

from heartline.contacts.by_member import COLUMNS as BY_MEMBER_COLUMNS
from heartline.contacts.by_member import CONTACTS_BY_MEMBER
from heartline.contacts.contracts import MemberCase, MemberContact, MemberContacts
from heartline.contacts.records import ContactRecords
from heartline.contacts.tables import CASES
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.warehouse.runners import MetricQuery

# The member view lists this many contacts at most (a member with more is rare; the page says so).
MAX_CONTACTS = 500
# What the member view lists of a contact: the by-member copy's columns but the key and the scope unit.
CONTACT_COLUMNS = tuple(name for name in BY_MEMBER_COLUMNS if name not in ("member_id", "unit"))


class MemberContactRecords(ContactRecords):
    """Record-level reads of one member's contacts and cases; never registered as a metric."""

    name = "member-contact-records"

    def of_member(self, member_id: str) -> list[dict[str, Any]]:
        copy = CONTACTS_BY_MEMBER
        spec = copy.spec if self.derived_is_current(copy) else self.base_table
        order = [("started_at", True), ("contact_id", False)]
        return self.rows_of(spec, "member_id", member_id, CONTACT_COLUMNS, order, MAX_CONTACTS + 1)

    def cases_of_member(self, member_id: str, linked_case_ids: set[str]) -> list[dict[str, Any]]:
        columns = ("case_id", "type", "priority", "status", "opened_at", "closed_at")
        rows = self.rows_of(CASES, "member_id", member_id, columns)
        if linked_case_ids:
            linked = {"case_id": sorted(linked_case_ids)}
            rows += self.rows_of(CASES, "member_id", member_id, columns, reference=True, among=linked)
        unique = {str(r["case_id"]): r for r in rows}
        return sorted(unique.values(), key=lambda r: (r["opened_at"], r["case_id"]), reverse=True)

    def of_members(self, member_ids: Sequence[str], since: dt.datetime | None = None) -> list[dict[str, Any]]:
        contacts = self.table(self.base_table)
        theirs = contacts.filter(contacts.member_id.isin(_wanted(member_ids)))
        if since is not None:
            theirs = theirs.filter(theirs.started_at >= since)
        return self.fetch(theirs.select("member_id", *CONTACT_COLUMNS).order_by(["member_id", "started_at"]))

    def cases_of_members(
        self, member_ids: Sequence[str], linked_case_ids: set[str], since: dt.datetime | None = None
    ) -> list[dict[str, Any]]:
        """The members' cases in scope, and those their visible contacts link to (opened at or after
        `since` when given)."""
        columns = ("member_id", "case_id", "type", "priority", "status", "opened_at", "closed_at")
        wanted = _wanted(member_ids)
        scoped = self.table(CASES)
        mine = scoped.filter(scoped.member_id.isin(wanted))
        if since is not None:
            mine = mine.filter(mine.opened_at >= since)
        rows = self.fetch(mine.select(*columns))
        if linked_case_ids:
            linked = self.reference_table(CASES)
            cases = _listed("case_id", linked_case_ids)
            chosen = linked.filter(linked.member_id.isin(wanted) & linked.case_id.isin(cases))
            if since is not None:
                chosen = chosen.filter(chosen.opened_at >= since)
            rows += self.fetch(chosen.select(*columns))
        unique = {str(r["case_id"]): r for r in rows}
        return sorted(unique.values(), key=lambda r: (r["member_id"], r["opened_at"], r["case_id"]))


def _listed(name: str, values: Iterable[str]) -> ir.Column:
    """`values` as a one-column in-memory table, for a semi-join: Ibis compiles a list of thousands of
    literals (`isin([...])`) far more slowly than DuckDB runs the query."""
    return ibis.memtable({f"wanted_{name}": sorted(set(values))})[f"wanted_{name}"]


def _wanted(member_ids: Sequence[str]) -> ir.Column:
    return _listed("member_id", member_ids)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _instant(value: object) -> dt.datetime | None:
    return None if value is None else clock.instant(value)


def contacts_of_member(caller: Caller, member_id: str) -> MemberContacts:
    """The member's contacts the caller may see, newest first, and the cases behind them."""
    records = MemberContactRecords(MetricQuery(), caller.scope, warehouse_source())
    rows = records.of_member(member_id)
    truncated = len(rows) > MAX_CONTACTS
    contacts = tuple(_contact(r) for r in rows[:MAX_CONTACTS])
    case_rows = records.cases_of_member(member_id, {c.case_id for c in contacts if c.case_id})
    return MemberContacts(contacts=contacts, cases=tuple(_case(r) for r in case_rows), truncated=truncated)


def contacts_of_members(
    caller: Caller, member_ids: Sequence[str], since: dt.datetime | None = None
) -> dict[str, MemberContacts]:
    """Each member's contacts the caller may see, oldest first and all of them (those started at or
    after `since` when given), and the cases behind them (oldest first; opened at or after `since`);
    members with neither are left out. For exports and checks of many members at once."""
    if not member_ids:
        return {}
    records = MemberContactRecords(MetricQuery(), caller.scope, warehouse_source())
    contacts: dict[str, list[MemberContact]] = defaultdict(list)
    for row in records.of_members(member_ids, since):
        contacts[str(row["member_id"])].append(_contact(row))
    linked = {c.case_id for held in contacts.values() for c in held if c.case_id}
    cases: dict[str, list[MemberCase]] = defaultdict(list)
    for row in records.cases_of_members(member_ids, linked, since):
        cases[str(row["member_id"])].append(_case(row))
    return {
        member_id: MemberContacts(
            contacts=tuple(contacts.get(member_id, ())), cases=tuple(cases.get(member_id, ())), truncated=False
        )
        for member_id in sorted(set(contacts) | set(cases))
    }


def _contact(r: dict[str, Any]) -> MemberContact:
    return MemberContact(
        contact_id=str(r["contact_id"]),
        started_at=clock.instant(r["started_at"]),
        channel=_text(r["channel"]),
        direction=_text(r["direction"]),
        queue=_text(r["queue"]),
        route=tuple(q for q in _text(r["route"]).split(">") if q),
        consult_count=int(r["consult_count"] or 0),
        reason=_text(r["reason"]),
        disposition=_text(r["disposition"]),
        abandoned=bool(r["abandoned"]),
        agent_id=_text(r["agent_id"]),
        case_id=_text(r["case_id"]),
    )


def _case(r: dict[str, Any]) -> MemberCase:
    return MemberCase(
        case_id=str(r["case_id"]),
        type=_text(r["type"]),
        priority=_text(r["priority"]),
        status=_text(r["status"]),
        opened_at=clock.instant(r["opened_at"]),
        closed_at=_instant(r["closed_at"]),
    )
