"""Runners the staffing plan and the intraday view read: agents scheduled (the `staffing_plan` table) and
agents who handled contacts, per interval. Both are scoped like every metric (a manager sees their units'
queues; an agent-scoped caller sees only their own contacts).
"""

from __future__ import annotations

from typing import ClassVar

import ibis.expr.types as ir

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.runners import Dimension, MetricRunner, column, period, register_runner
from heartline.warehouse.tables import TableSpec
from heartline.workforce.intervals import interval_minutes, interval_of
from heartline.workforce.staffing_plan import STAFFING_PLAN

PLAN_DIMENSIONS: dict[str, Dimension] = {
    "queue": column("queue"),
    "unit": column("unit"),
    "interval": column("interval_start"),
    "day": period("interval_start", "D"),
}


@register_runner
class ScheduledAgents(MetricRunner):
    name = "workforce-scheduled-agents"
    title = "Agents scheduled"
    description = "Agents the loaded staffing plan schedules (before shrinkage), summed; n = plan intervals."
    estimate = None
    base_table: ClassVar[TableSpec] = STAFFING_PLAN
    time_column: ClassVar[str] = "interval_start"
    dimensions: ClassVar[dict[str, Dimension]] = PLAN_DIMENSIONS

    def to_expr(self) -> ir.Table:
        t = self.filtered()
        grouped = self.aggregate(t, value=t.scheduled_agents.sum().cast("float64"), n=t.count().cast("int64"))
        return self.shaped(grouped)


@register_runner
class AgentsHandling(MetricRunner):
    name = "workforce-agents-handling"
    title = "Agents who handled contacts"
    description = (
        "Distinct agents who answered an inbound contact that started in the interval (a lower bound on "
        "agents logged in: idle agents handle nothing); n = inbound contacts answered."
    )
    estimate = None
    base_table: ClassVar[TableSpec] = CONTACTS
    time_column: ClassVar[str] = "started_at"
    dimensions: ClassVar[dict[str, Dimension]] = {
        "queue": column("queue"),
        "unit": column("unit"),
        "interval": column("interval"),  # computed in to_expr (not a filter)
        "day": period("started_at", "D"),
    }

    def to_expr(self) -> ir.Table:
        t = self.filtered()
        answered = t.filter(
            (t.direction == "inbound") & t.answered_at.notnull() & ~t.abandoned.fill_null(False) & t.agent_id.notnull()
        )
        answered = answered.mutate(interval=interval_of(answered.started_at, interval_minutes() * 60))
        grouped = self.aggregate(
            answered,
            value=answered.agent_id.nunique().cast("float64"),
            n=answered.count().cast("int64"),
        )
        return self.shaped(grouped)
