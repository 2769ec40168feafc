"""Contact volume: how many contacts started, on every channel."""

from __future__ import annotations

import ibis.expr.types as ir

from heartline.contacts.metrics.base import ContactsRunner
from heartline.warehouse.runners import register_runner


@register_runner
class ContactVolume(ContactsRunner):
    """Contact volume: the number of contacts that started in the period, on every channel."""

    name = "contact-volume"
    title = "Contact volume"
    description = "Contacts started in the period (every channel and direction, abandoned included)."
    estimate = None  # a count of every contact, not an estimate from a sample

    def to_expr(self) -> ir.Table:
        days = self.days()
        if days is not None:
            counted = self.aggregate_days(days, n=days.contacts.sum().fill_null(0).cast("int64"))
            return self.shaped(counted.mutate(value=counted.n.cast("float64")))
        contacts = self.filtered()
        grouped = self.aggregate(contacts, n=contacts.count().cast("int64"))
        return self.shaped(grouped.mutate(value=grouped.n.cast("float64")))
