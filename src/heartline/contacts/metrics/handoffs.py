"""Handoffs and consults: how often a contact is passed on, and where to.

A handoff is each queue after the first in a contact's route; a consult (asking a specialist while
the member stays with the representative) is not a handoff.
"""

from __future__ import annotations

import ibis.expr.types as ir

from heartline.contacts.metrics.base import ContactsRunner
from heartline.contacts.metrics.dimensions import handoff_count, has_handoff, rate, ratio
from heartline.warehouse.estimates import MEAN, PROPORTION
from heartline.warehouse.runners import register_runner


@register_runner
class HandoffRate(ContactsRunner):
    name = "handoff-rate"
    title = "Handoff rate"
    description = "Answered contacts with at least one handoff, over answered contacts."
    estimate = PROPORTION

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        return rate(contacts, self.group_keys(contacts), has_handoff(contacts))


@register_runner
class ConsultRate(ContactsRunner):
    name = "consult-rate"
    title = "Consult rate"
    description = "Answered contacts with at least one consult, over answered contacts."
    estimate = PROPORTION

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        return rate(contacts, self.group_keys(contacts), contacts.consult_count.fill_null(0) > 0)


@register_runner
class HandoffsPerContact(ContactsRunner):
    name = "handoffs-per-contact"
    title = "Handoffs per contact"
    description = "Handoffs (queues after the first in the route) per answered contact."
    estimate = MEAN  # a mean of each contact's handoff count

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        return ratio(contacts, self.group_keys(contacts), handoff_count(contacts), with_sd=True)


@register_runner
class HandoffFlow(ContactsRunner):
    name = "handoff-flow"
    title = "Handoff flow"
    description = (
        "Which queue hands off to which: one row per (from_queue, to_queue) step of answered contacts' "
        "routes, value = n = the number of such handoffs."
    )
    estimate = None  # a count of every handoff

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        contacts = contacts.filter(has_handoff(contacts))
        # Routes counted first, then each distinct route split into its steps: at 10M contacts, a
        # hundred routes are split instead of 900k (1.0 CPU-s, most of it in the split, on one thread).
        routes = contacts.group_by(**self.group_keys(contacts), route=contacts.route).aggregate(
            contacts=contacts.count().cast("int64")
        )
        queues = routes.route.split(">")
        routes = routes.mutate(step=queues[:-1].zip(queues[1:]).unnest())
        keys = {
            **{dim: routes[dim] for dim in self.query.by},
            "from_queue": routes.step["f1"],
            "to_queue": routes.step["f2"],
        }
        grouped = routes.group_by(**keys).aggregate(n=routes.contacts.sum().cast("int64"))
        grouped = grouped.mutate(value=grouped.n.cast("float64"))
        return self.shaped(grouped, groups=("from_queue", "to_queue"))
