"""Service levels: handle time, speed of answer, abandonment and the service level itself.

*Offered* contacts are inbound contacts (filter by channel for real-time queues: phone, chat).
"""

from __future__ import annotations

import ibis.expr.types as ir

from heartline.contacts.metrics.base import ContactsRunner
from heartline.contacts.metrics.dimensions import is_answered, rate
from heartline.warehouse.estimates import MEAN, PROPORTION
from heartline.warehouse.runners import MetricOption, register_runner

DEFAULT_THRESHOLD_SECONDS = 30
MAX_THRESHOLD_SECONDS = 86_400  # a day: a longer threshold measures no service level


def seconds_between(start: ir.TimestampValue, end: ir.TimestampValue) -> ir.FloatingValue:
    # Microsecond deltas keep fractions of a second on every backend (PySpark's epoch seconds drop them).
    return end.delta(start, unit="microsecond").cast("float64") / 1_000_000


class _SecondsRunner(ContactsRunner):
    estimate = MEAN

    def summarize_seconds(self, table: ir.Table, seconds: ir.FloatingValue) -> ir.Table:
        """Mean (value), median and sample standard deviation (sd) of `seconds` per group, with n."""
        table = table.mutate(seconds=seconds)
        grouped = self.aggregate(
            table,
            value=table.seconds.mean(),
            median=table.seconds.median().cast("float64"),
            sd=table.seconds.std(how="sample"),
            n=table.count().cast("int64"),
        )
        return self.shaped(grouped, "median", "sd")


@register_runner
class HandleTime(_SecondsRunner):
    name = "handle-time"
    title = "Handle time (seconds)"
    description = "Talk + hold + wrap seconds of answered contacts: value is the mean, median beside it."

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        handle = (
            contacts.talk_seconds.fill_null(0).cast("int64")
            + contacts.hold_seconds.fill_null(0).cast("int64")
            + contacts.wrap_seconds.fill_null(0).cast("int64")
        ).cast("float64")
        return self.summarize_seconds(contacts, handle)


@register_runner
class AverageSpeedOfAnswer(_SecondsRunner):
    name = "average-speed-of-answer"
    title = "Average speed of answer (seconds)"
    description = "Seconds from start to answer of answered inbound contacts: value is the mean, median beside it."

    def to_expr(self) -> ir.Table:
        contacts = self.answered()
        contacts = contacts.filter(contacts.direction == "inbound")
        return self.summarize_seconds(contacts, seconds_between(contacts.started_at, contacts.answered_at))


@register_runner
class AbandonmentRate(ContactsRunner):
    name = "abandonment-rate"
    title = "Abandonment rate"
    description = "Inbound contacts abandoned before an answer, over inbound contacts offered."
    estimate = PROPORTION

    def to_expr(self) -> ir.Table:
        days = self.days()
        if days is not None:
            return self.day_rate(days, "abandoned", "offered")
        offered = self.offered()
        abandoned = offered.abandoned.fill_null(False) & offered.answered_at.isnull()
        return rate(offered, self.group_keys(offered), abandoned)


@register_runner
class ServiceLevel(ContactsRunner):
    name = "service-level"
    title = "Service level"
    description = (
        "Inbound contacts answered within threshold_seconds (default 30) of their start, over inbound "
        "contacts offered (abandoned ones included)."
    )
    estimate = PROPORTION
    options = (
        MetricOption(
            "threshold_seconds",
            "int",
            "Answered within this many seconds of the start counts as within the service level",
            default=DEFAULT_THRESHOLD_SECONDS,
            minimum=0,
            maximum=MAX_THRESHOLD_SECONDS,
        ),
    )

    @property
    def threshold_seconds(self) -> int:
        return int(self.option("threshold_seconds"))

    def to_expr(self) -> ir.Table:
        from heartline.contacts.daily import THRESHOLDS_SECONDS, within_column

        days = self.days() if self.threshold_seconds in THRESHOLDS_SECONDS else None
        if days is not None:
            return self.day_rate(days, within_column(self.threshold_seconds), "offered")
        offered = self.offered()
        within = is_answered(offered) & (
            seconds_between(offered.started_at, offered.answered_at) <= self.threshold_seconds
        )
        return rate(offered, self.group_keys(offered), within.fill_null(False))
