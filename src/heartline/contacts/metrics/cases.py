"""Case processing time: how long member issues take from opening to closing."""

from __future__ import annotations

from typing import ClassVar

import ibis.expr.types as ir

from heartline.contacts.tables import CASES
from heartline.warehouse.estimates import MEAN
from heartline.warehouse.runners import Dimension, MetricRunner, column, period, register_runner
from heartline.warehouse.tables import TableSpec

CASE_DIMENSIONS: dict[str, Dimension] = {
    "unit": column("unit"),
    "type": column("type"),
    "priority": column("priority"),
    "day": period("closed_at", "D"),
    "week": period("closed_at", "W"),
    "month": period("closed_at", "M"),
}


@register_runner
class CaseProcessingTime(MetricRunner):
    name = "case-processing-time"
    title = "Case processing time (days)"
    description = (
        "Days from opening to closing of cases closed in the period: value is the mean, with the "
        "median and 90th percentile beside it."
    )
    estimate = MEAN
    base_table: ClassVar[TableSpec] = CASES
    time_column = "closed_at"
    dimensions = CASE_DIMENSIONS

    def to_expr(self) -> ir.Table:
        cases = self.filtered()
        cases = cases.filter(cases.closed_at.notnull())
        cases = cases.mutate(
            days=cases.closed_at.delta(cases.opened_at, unit="microsecond").cast("float64") / 86_400_000_000
        )
        grouped = self.aggregate(
            cases,
            value=cases.days.mean(),
            sd=cases.days.std(how="sample"),
            median=cases.days.median().cast("float64"),
            p90=cases.days.quantile(0.9).cast("float64"),
            n=cases.count().cast("int64"),
        )
        return self.shaped(grouped, "median", "p90", "sd")
