"""Contact volume: how many contacts started, on every channel."""

from __future__ import annotations

from typing import ClassVar

import ibis
import ibis.expr.types as ir

from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.runners import MetricRunner, register_runner
from heartline.warehouse.tables import TableSpec


@register_runner
class ContactVolume(MetricRunner):
    """Contact volume: the number of contacts that started in the period, on every channel."""

    name = "contact-volume"
    title = "Contact volume"
    description = "Contacts started in the period (every channel and direction, abandoned included)."
    base_table: ClassVar[TableSpec] = CONTACTS
    time_column = "started_at"
    dimensions = CONTACT_DIMENSIONS

    def to_expr(self) -> ir.Table:
        contacts = self.filtered()
        keys = self.group_keys(contacts)
        n = contacts.count().cast("int64")
        if keys:
            grouped = contacts.group_by(**keys).aggregate(n=n)
        else:
            grouped = contacts.aggregate(n=n)
        return grouped.mutate(
            value=grouped.n.cast("float64"),
            numerator=ibis.null("int64"),
            denominator=ibis.null("int64"),
        ).select(*keys, "value", "numerator", "denominator", "n")
