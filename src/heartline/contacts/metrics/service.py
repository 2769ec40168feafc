"""Service levels: handle time, speed of answer, abandonment and the service level itself.

*Offered* contacts are inbound contacts (filter by channel for real-time queues: phone, chat).
"""

from __future__ import annotations

from typing import ClassVar

import ibis
import ibis.expr.types as ir

from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS, is_answered, rate
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.runners import MetricQueryError, MetricRunner, register_runner
from heartline.warehouse.tables import TableSpec

DEFAULT_THRESHOLD_SECONDS = 30


def seconds_between(start: ir.TimestampValue, end: ir.TimestampValue) -> ir.FloatingValue:
    # Microsecond deltas keep fractions of a second on every backend (PySpark's epoch seconds drop them).
    return end.delta(start, unit="microsecond").cast("float64") / 1_000_000


class _ContactRunner(MetricRunner):
    base_table: ClassVar[TableSpec] = CONTACTS
    time_column = "started_at"
    dimensions = CONTACT_DIMENSIONS

    def summarize_seconds(self, table: ir.Table, seconds: ir.FloatingValue) -> ir.Table:
        """Mean (value) and median of `seconds` per group, with n."""
        table = table.mutate(seconds=seconds)
        keys = self.group_keys(table)
        aggregates = {
            "value": table.seconds.mean(),
            "median": table.seconds.median().cast("float64"),
            "n": table.count().cast("int64"),
        }
        grouped = table.group_by(**keys).aggregate(**aggregates) if keys else table.aggregate(**aggregates)
        return grouped.mutate(numerator=ibis.null("int64"), denominator=ibis.null("int64")).select(
            *keys, "value", "median", "numerator", "denominator", "n"
        )


@register_runner
class HandleTime(_ContactRunner):
    name = "handle-time"
    title = "Handle time (seconds)"
    description = "Talk + hold + wrap seconds of answered contacts: value is the mean, median beside it."

    def to_expr(self) -> ir.Table:
        contacts = self.filtered()
        contacts = contacts.filter(is_answered(contacts))
        handle = (
            contacts.talk_seconds.fill_null(0).cast("int64")
            + contacts.hold_seconds.fill_null(0).cast("int64")
            + contacts.wrap_seconds.fill_null(0).cast("int64")
        ).cast("float64")
        return self.summarize_seconds(contacts, handle)


@register_runner
class AverageSpeedOfAnswer(_ContactRunner):
    name = "average-speed-of-answer"
    title = "Average speed of answer (seconds)"
    description = "Seconds from start to answer of answered inbound contacts: value is the mean, median beside it."

    def to_expr(self) -> ir.Table:
        contacts = self.filtered()
        contacts = contacts.filter((contacts.direction == "inbound") & is_answered(contacts))
        return self.summarize_seconds(contacts, seconds_between(contacts.started_at, contacts.answered_at))


@register_runner
class AbandonmentRate(_ContactRunner):
    name = "abandonment-rate"
    title = "Abandonment rate"
    description = "Inbound contacts abandoned before an answer, over inbound contacts offered."

    def to_expr(self) -> ir.Table:
        contacts = self.filtered()
        offered = contacts.filter(contacts.direction == "inbound")
        abandoned = offered.abandoned.fill_null(False) & offered.answered_at.isnull()
        return rate(offered, self.group_keys(offered), abandoned)


@register_runner
class ServiceLevel(_ContactRunner):
    name = "service-level"
    title = "Service level"
    description = (
        "Inbound contacts answered within threshold_seconds (default 30) of their start, over inbound "
        "contacts offered (abandoned ones included)."
    )

    @property
    def threshold_seconds(self) -> int:
        raw = self.query.options.get("threshold_seconds")
        value = DEFAULT_THRESHOLD_SECONDS if raw is None else int(raw)
        if value < 0:
            raise MetricQueryError(f"threshold_seconds must not be negative, not {raw}")
        return value

    def to_expr(self) -> ir.Table:
        contacts = self.filtered()
        offered = contacts.filter(contacts.direction == "inbound")
        within = is_answered(offered) & (
            seconds_between(offered.started_at, offered.answered_at) <= self.threshold_seconds
        )
        return rate(offered, self.group_keys(offered), within.fill_null(False))
