"""The contacts behind a figure: scoped lists, one contact, the member's other contacts that week.

Built on the one-and-done runner so a drill-down shows exactly the rows the figure counted, with the
same scope, period and filters, and each row's fate (handed off, repeated, resolved).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
# How far back from the newest contact a page of the list is looked for first (days), before the whole period.
SEEK_DAYS = (7, 35, 140)
# Up to this many contacts a read flags only the ones it shows, by id; a longer read flags them all.
FLAGGED_BY_ID = 1_000


def _instant(value: object) -> dt.datetime:
    """A fetched timestamp (a datetime, or its ISO text) as an aware datetime."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class ListSpan:
    """The contacts a list pages through: how many, the newest one's start, and how many started
    within each of SEEK_DAYS (days, n) before it."""

    total: int
    newest: dt.datetime | None
    within: tuple[tuple[int, int], ...]

    def since(self, needed: int) -> dt.datetime | None:
        """The latest start from which on at least `needed` contacts started; None: the whole period."""
        if self.newest is None:
            return None
        for days, n in self.within:
            if n >= needed:
                return self.newest - dt.timedelta(days=days)
        return None


class ContactRecords(OneAndDone):
    """Record-level reads for drill-downs; never registered as a metric."""

    name = "contact-records"
    title = "Contacts"

    def span(self) -> ListSpan:
        """How many contacts one-and-done counts for this query, the newest one's start, and how many
        started within each of SEEK_DAYS of it, in one scan."""
        contacts = self.inbound_with_member()
        newest = contacts.started_at.max().as_scalar()
        within = {
            f"within_{days}": (contacts.started_at >= newest - ibis.interval(days=days)).cast("int64").sum()
            for days in SEEK_DAYS
        }
        rows = self.fetch(contacts.aggregate(total=contacts.count(), newest=contacts.started_at.max(), **within))
        if not rows or not rows[0]["total"]:
            return ListSpan(0, None, ())
        row = rows[0]
        return ListSpan(
            total=int(row["total"]),
            newest=_instant(row["newest"]),
            within=tuple((days, int(row[f"within_{days}"] or 0)) for days in SEEK_DAYS),
        )

    def counted(self, limit: int = PAGE_SIZE, offset: int = 0, span: ListSpan | None = None) -> list[dict[str, Any]]:
        """A page of the contacts one-and-done counts for this query, newest first, with their outcome.

        Sorting every contact of the period to show fifty is most of the cost at a million contacts, so
        the page is looked for among the newest ones first: from the shortest of SEEK_DAYS back from the
        newest contact that holds `offset + limit` of them (the `span`), else in the whole period; then
        only the page's contacts are flagged (handed off, repeated)."""
        span = span or self.span()
        contacts = self.inbound_with_member()
        since = span.since(offset + limit)
        if since is not None:
            contacts = contacts.filter(contacts.started_at >= since)
        order = [ibis.desc("started_at"), "contact_id"]
        if limit <= FLAGGED_BY_ID:
            keys = self.fetch(contacts.select("contact_id", "started_at").order_by(order).limit(limit, offset=offset))
            if not keys:
                return []
            flagged = self.eligible_contacts(only=[str(k["contact_id"]) for k in keys])
        else:  # a long read (the audit sampler's candidates): a list of ids that long costs more than it saves
            flagged = self.eligible_contacts()
        if since is not None:  # they all started since then; saying so lets the scan skip older files
            flagged = flagged.filter(flagged.started_at >= since)
        flagged = flagged.mutate(
            handoffs=handoff_count(flagged),
            first_contact_resolved=~flagged.handed_off & ~flagged.repeated,
        )
        columns = [*LIST_COLUMNS, "handoffs", "repeated", "first_contact_resolved"]
        page = flagged.select(*columns).order_by(order)
        return self.fetch(page if limit <= FLAGGED_BY_ID else page.limit(limit, offset=offset))

    def count_counted(self) -> int:
        """How many contacts one-and-done counts for this query (the list's total)."""
        return self.span().total

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
