"""The contacts behind a figure: scoped lists, one contact, the member's other contacts that week.

Built on the one-and-done runner so a drill-down shows exactly the rows the figure counted, with the
same scope, period and filters, and each row's fate (handed off, repeated, resolved).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from heartline.contacts.metrics.dimensions import handoff_count
from heartline.contacts.metrics.resolution import OneAndDone
from heartline.contacts.tables import CASES

LIST_COLUMNS = (
    "contact_id",
    "started_at",
    "channel",
    "direction",
    "unit",
    "team",
    "agent_id",
    "queue",
    "reason",
    "language",
    "route",
    "consult_count",
    "disposition",
)
MAX_ROWS = 200
PAGE_SIZE = 50


class ContactRecords(OneAndDone):
    """Record-level reads for drill-downs; never registered as a metric."""

    name = "contact-records"
    title = "Contacts"

    def counted(self, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict[str, Any]]:
        """A page of the contacts one-and-done counts for this query, newest first, with their outcome."""
        contacts = self.eligible_contacts()
        contacts = contacts.mutate(
            handoffs=handoff_count(contacts),
            first_contact_resolved=~contacts.handed_off & ~contacts.repeated,
        )
        columns = [*LIST_COLUMNS, "handoffs", "repeated", "first_contact_resolved"]
        ordered = contacts.select(*columns).order_by([ibis.desc("started_at"), "contact_id"])
        return self.fetch(ordered.limit(limit, offset=offset))

    def count_counted(self) -> int:
        rows = self.fetch(self.eligible_contacts().aggregate(n=lambda t: t.count()))
        return int(rows[0]["n"]) if rows else 0

    def one(self, contact_id: str) -> dict[str, Any] | None:
        contacts = self.table(self.base_table)
        rows = self.fetch(contacts.filter(contacts.contact_id == contact_id), 1)
        return rows[0] if rows else None

    def member_contacts_around(self, member_id: str, moment: dt.datetime, days: int = 7) -> list[dict[str, Any]]:
        """The member's contacts (visible to the caller) from `days` before to `days` after `moment`."""
        contacts = self.table(self.base_table)
        window = dt.timedelta(days=days)
        nearby = contacts.filter(
            (contacts.member_id == member_id)
            & (contacts.started_at >= moment - window)
            & (contacts.started_at <= moment + window)
        )
        return self.fetch(nearby.select(*LIST_COLUMNS).order_by("started_at"), MAX_ROWS)

    def linked_case(self, contact: dict[str, Any]) -> dict[str, Any] | None:
        """The case of a contact the caller may see (read with `one()`): seeing a contact includes
        its case, even for an agent, whose scope holds contacts but no cases."""
        if not contact.get("case_id"):
            return None
        cases: ir.Table = self.reference_table(CASES)
        case_id = str(contact["case_id"])
        rows = self.fetch(cases.filter(cases.case_id == case_id), 1)
        return rows[0] if rows else None
