"""What every contact metric shares: the contacts table, its time column and its dimensions."""

from __future__ import annotations

from typing import ClassVar

import ibis.expr.types as ir

from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS, is_answered
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.runners import Dimension, MetricRunner
from heartline.warehouse.tables import TableSpec


class ContactsRunner(MetricRunner):
    """A metric over contacts started in the period (`started_at`), by the contact dimensions."""

    base_table: ClassVar[TableSpec] = CONTACTS
    time_column: ClassVar[str] = "started_at"
    dimensions: ClassVar[dict[str, Dimension]] = CONTACT_DIMENSIONS

    def answered(self) -> ir.Table:
        """Contacts in scope, period and filters that someone picked up."""
        contacts = self.filtered()
        return contacts.filter(is_answered(contacts))

    def offered(self) -> ir.Table:
        """Inbound contacts in scope, period and filters, abandoned ones included."""
        contacts = self.filtered()
        return contacts.filter(contacts.direction == "inbound")
