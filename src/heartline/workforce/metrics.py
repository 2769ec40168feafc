"""Workforce metrics over `contact_intervals`: offered volume, service level, ASA, abandonment and handle
time by interval, day, week, month, queue, unit and channel (definitions in docs/workforce.md).

They read the derived interval table while it matches `contacts`; otherwise (before the worker has
rebuilt it, or for a caller scoped to their own contacts) they count the same interval rows from the
scoped `contacts` table, so answers never depend on whether a refresh has run.
"""

from __future__ import annotations

from typing import ClassVar

import ibis
import ibis.expr.types as ir

from heartline.contacts.daily import THRESHOLDS_SECONDS, within_column
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.estimates import MEAN, PROPORTION
from heartline.warehouse.runners import (
    Dimension,
    MetricOption,
    MetricQueryError,
    MetricRunner,
    column,
    period,
    register_runner,
)
from heartline.warehouse.tables import TableSpec
from heartline.workforce.intervals import CONTACT_INTERVALS, INTERVALS, interval_counts, interval_minutes

INTERVAL_DIMENSIONS: dict[str, Dimension] = {
    "queue": column("queue"),
    "unit": column("unit"),
    "channel": column("channel"),
    "interval": column("interval_start"),
    "day": period("interval_start", "D"),
    "week": period("interval_start", "W"),
    "month": period("interval_start", "M"),
}


class IntervalsRunner(MetricRunner):
    """A metric summed over the interval rows of contacts that started in the period."""

    base_table: ClassVar[TableSpec] = INTERVALS
    time_column: ClassVar[str] = "interval_start"
    dimensions: ClassVar[dict[str, Dimension]] = INTERVAL_DIMENSIONS

    def table(self, spec: TableSpec) -> ir.Table:
        if spec.name != INTERVALS.name:
            return super().table(spec)
        scope = self._scope
        if (scope.unrestricted or not scope.agent_ids) and self.derived_is_current(CONTACT_INTERVALS):
            return super().table(spec)
        return interval_counts(super().table(CONTACTS), interval_minutes() * 60)

    def sums(self, **aggregates: ir.Scalar) -> ir.Table:
        return self.aggregate(self.filtered(), **aggregates)


def _proportion(grouped: ir.Table) -> ir.Table:
    grouped = grouped.filter(grouped.denominator > 0)
    return grouped.mutate(
        value=grouped.numerator.cast("float64") / grouped.denominator.cast("float64"), n=grouped.denominator
    )


def _mean(grouped: ir.Table) -> ir.Table:
    """value = total / n with the sample sd from the sum of squares (None for one record)."""
    n = grouped.n.cast("float64")
    variance = (grouped.sq - grouped.total * grouped.total / n) / (n - 1)
    grouped = grouped.filter(grouped.n > 0)
    return grouped.mutate(
        value=grouped.total / n,
        sd=ibis.ifelse(grouped.n > 1, variance.clip(lower=0).sqrt(), ibis.null("float64")),
    )


@register_runner
class IntervalOffered(IntervalsRunner):
    name = "workforce-offered"
    title = "Contacts offered"
    description = "Inbound contacts that started in the period (abandoned ones included), from the interval table."
    estimate = None

    def to_expr(self) -> ir.Table:
        t = self.filtered()
        grouped = self.aggregate(t, n=t.offered.sum().cast("int64"))
        return self.shaped(grouped.mutate(value=grouped.n.cast("float64")))


@register_runner
class IntervalServiceLevel(IntervalsRunner):
    name = "workforce-service-level"
    title = "Service level"
    description = (
        "Inbound contacts answered within threshold_seconds of their start, over inbound contacts offered "
        "(abandoned ones included), from the interval table."
    )
    estimate = PROPORTION
    options = (
        MetricOption(
            "threshold_seconds",
            "int",
            f"Answered within this many seconds (one of {', '.join(map(str, THRESHOLDS_SECONDS))})",
            default=30,
            minimum=min(THRESHOLDS_SECONDS),
            maximum=max(THRESHOLDS_SECONDS),
        ),
    )

    def to_expr(self) -> ir.Table:
        threshold = int(self.option("threshold_seconds"))
        if threshold not in THRESHOLDS_SECONDS:
            known = ", ".join(map(str, THRESHOLDS_SECONDS))
            raise MetricQueryError(f"threshold_seconds must be one of {known} (the interval table's), not {threshold}")
        t = self.filtered()
        grouped = self.aggregate(
            t,
            numerator=t[within_column(threshold)].sum().cast("int64"),
            denominator=t.offered.sum().cast("int64"),
        )
        return self.shaped(_proportion(grouped))


@register_runner
class IntervalAbandonment(IntervalsRunner):
    name = "workforce-abandonment-rate"
    title = "Abandonment rate"
    description = "Inbound contacts abandoned before an answer, over inbound contacts offered, from the interval table."
    estimate = PROPORTION

    def to_expr(self) -> ir.Table:
        t = self.filtered()
        grouped = self.aggregate(
            t, numerator=t.abandoned.sum().cast("int64"), denominator=t.offered.sum().cast("int64")
        )
        return self.shaped(_proportion(grouped))


@register_runner
class IntervalSpeedOfAnswer(IntervalsRunner):
    name = "workforce-average-speed-of-answer"
    title = "Average speed of answer (seconds)"
    description = "Mean seconds from start to answer of answered inbound contacts, from the interval table."
    estimate = MEAN

    def to_expr(self) -> ir.Table:
        t = self.filtered()
        grouped = self.aggregate(
            t,
            total=t.answer_seconds_sum.sum(),
            sq=t.answer_seconds_sq_sum.sum(),
            n=t.answered.sum().cast("int64"),
        )
        return self.shaped(_mean(grouped), "sd")


@register_runner
class IntervalHandleTime(IntervalsRunner):
    name = "workforce-handle-time"
    title = "Average handle time (seconds)"
    description = "Mean talk + hold + wrap seconds of answered inbound contacts, from the interval table."
    estimate = MEAN

    def to_expr(self) -> ir.Table:
        t = self.filtered()
        grouped = self.aggregate(
            t,
            total=t.handle_seconds_sum.sum(),
            sq=t.handle_seconds_sq_sum.sum(),
            n=t.answered.sum().cast("int64"),
        )
        return self.shaped(_mean(grouped), "sd")
