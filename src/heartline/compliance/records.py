"""The regulated cases a caller may see: cases with a line of business and a category, read through
the metric framework so the caller's scope (their units, or the cases they own) is applied for them."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir

from heartline.compliance.tables import CASE_EVENTS
from heartline.contacts.tables import CASES
from heartline.warehouse.runners import Dimension, MetricRunner, column
from heartline.warehouse.tables import TableSpec

CLOCK_COLUMNS = (
    "case_id",
    "member_id",
    "unit",
    "owner_id",
    "type",
    "status",
    "line_of_business",
    "category",
    "priority",
    "request",
    "opened_at",
    "received_at",
    "extension_days",
    "extension_reason",
    "decided_at",
    "notified_at",
    "outcome",
)


class RegulatedCases(MetricRunner):
    """Record-level reads of cases a decision clock applies to; never registered as a metric."""

    name = "regulated-cases"
    title = "Regulated cases"
    estimate = None
    base_table: ClassVar[TableSpec] = CASES
    time_column = "received_at"
    dimensions: ClassVar[dict[str, Dimension]] = {
        "unit": column("unit"),
        "owner": column("owner_id"),
        "line_of_business": column("line_of_business"),
        "category": column("category"),
        "priority": column("priority"),
    }

    def to_expr(self) -> ir.Table:
        cases = self.filtered()
        regulated = cases.filter(cases.line_of_business.notnull() & cases.category.notnull())
        # Cases loaded before `received_at` existed start their clock when they were opened.
        received = ibis.coalesce(regulated.received_at, regulated.opened_at)
        return regulated.mutate(received_at=received).select(*CLOCK_COLUMNS).order_by("case_id")

    def rows(self) -> list[dict[str, Any]]:
        return self.fetch(self.to_expr())

    def stored(self, case_id: str) -> dict[str, Any] | None:
        """Case `case_id`'s stored row, every column as stored (what a service rewrites), if the caller
        may see it and it is a regulated case; None otherwise."""
        cases = self.filtered()
        found = cases.filter((cases.case_id == case_id) & cases.line_of_business.notnull() & cases.category.notnull())
        rows = self.fetch(found, 1)
        return rows[0] if rows else None

    def history(self, case_id: str) -> list[dict[str, Any]]:
        """The case's events, newest first. Read only after `stored()` found the case visible: the
        history of a case the caller may see is theirs to see, whatever unit wrote it."""
        events: ir.Table = self.reference_table(CASE_EVENTS)
        mine = events.filter(events.case_id == case_id)
        return self.fetch(mine.order_by([ibis.desc("at"), ibis.desc("event_id")]))
