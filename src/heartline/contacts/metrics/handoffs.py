"""Handoffs and consults: how often a contact is passed on, and where to.

A handoff is each queue after the first in a contact's route; a consult (asking a specialist while
the member stays with the representative) is not a handoff.
"""

from __future__ import annotations

from typing import ClassVar

import ibis
import ibis.expr.types as ir

from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS, handoff_count, is_answered, rate, ratio
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.runners import MetricRunner, register_runner
from heartline.warehouse.tables import TableSpec


class _AnsweredContactsRunner(MetricRunner):
    base_table: ClassVar[TableSpec] = CONTACTS
    time_column = "started_at"
    dimensions = CONTACT_DIMENSIONS

    def answered(self) -> ir.Table:
        contacts = self.filtered()
        return contacts.filter(is_answered(contacts))


@register_runner
class HandoffRate(_AnsweredContactsRunner):
    name = "handoff-rate"
    title = "Handoff rate"
    description = "Answered contacts with at least one handoff, over answered contacts."

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        return rate(contacts, self.group_keys(contacts), handoff_count(contacts) > 0)


@register_runner
class ConsultRate(_AnsweredContactsRunner):
    name = "consult-rate"
    title = "Consult rate"
    description = "Answered contacts with at least one consult, over answered contacts."

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        consulted = contacts.consult_count.fill_null(0) > 0
        return rate(contacts, self.group_keys(contacts), consulted)


@register_runner
class HandoffsPerContact(_AnsweredContactsRunner):
    name = "handoffs-per-contact"
    title = "Handoffs per contact"
    description = "Handoffs (queues after the first in the route) per answered contact."

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        return ratio(contacts, self.group_keys(contacts), handoff_count(contacts))


@register_runner
class HandoffFlow(_AnsweredContactsRunner):
    name = "handoff-flow"
    title = "Handoff flow"
    description = (
        "Which queue hands off to which: one row per (from_queue, to_queue) step of answered contacts' "
        "routes, value = n = the number of such handoffs."
    )

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        contacts = contacts.filter(handoff_count(contacts) > 0)
        queues = contacts.route.split(">")
        contacts = contacts.mutate(step=queues[:-1].zip(queues[1:]).unnest())
        keys = {**self.group_keys(contacts), "from_queue": contacts.step["f1"], "to_queue": contacts.step["f2"]}
        grouped = contacts.group_by(**keys).aggregate(n=contacts.count().cast("int64"))
        return grouped.mutate(
            value=grouped.n.cast("float64"), numerator=ibis.null("int64"), denominator=ibis.null("int64")
        ).select(*keys, "value", "numerator", "denominator", "n")
