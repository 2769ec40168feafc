"""Service levels: handle time, speed of answer, abandonment and the service level itself.

*Offered* contacts are inbound contacts (filter by channel for real-time queues: phone, chat).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from heartline.contacts.metrics.base import ContactsRunner
from heartline.contacts.metrics.dimensions import handle_seconds, is_answered, rate
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

    def summarize_counted(self, counted: ir.Table, seconds: str, count: str) -> ir.Table:
        """What `summarize_seconds` gives, from rows that say how many (`count`) took each whole number
        of `seconds` (a day table's histogram): the same mean, sd and median, exactly."""
        by = self.query.by
        units = {dim: self.period_unit(dim) for dim in by}
        if "D" not in units.values() and any(units.values()):
            # By week or month: summed per day first, so each day's week or month is worked out once
            # per day and handle second, not once per row (at 100M contacts, by month 1.0 → 0.75 s).
            days = [dim for dim, unit in units.items() if unit is None]
            counted = counted.group_by("day", *days, seconds).aggregate(**{count: counted[count].sum()})
        keys = {dim: self.day_value(dim, counted) for dim in by}
        hist = counted.group_by(_s=counted[seconds], **keys).aggregate(_k=counted[count].sum())
        group = list(keys)
        whole = ibis.window(group_by=group) if group else ibis.window()
        hist = hist.mutate(
            _upto=hist._k.sum().over(ibis.cumulative_window(group_by=group or None, order_by=hist._s)),
            _n=hist._k.sum().over(whole),
            _total=(hist._s * hist._k).sum().over(whole),
        )
        mean = hist._total.cast("float64") / hist._n.cast("float64")
        # The median is the mean of the values at ranks (n + 1) // 2 and n // 2 + 1 (one rank when n is odd).
        lower = hist._s.min(where=hist._upto >= (hist._n + 1) // 2)
        upper = hist._s.min(where=hist._upto >= hist._n // 2 + 1)
        aggregates = {
            "value": (hist._s * hist._k).sum().cast("float64") / hist._k.sum().cast("float64"),
            "median": (lower + upper).cast("float64") / 2,
            "_squares": (hist._k.cast("float64") * (hist._s.cast("float64") - mean) ** 2).sum(),
            "n": hist._k.sum().fill_null(0).cast("int64"),
        }
        grouped = hist.group_by(group).aggregate(**aggregates) if group else hist.aggregate(**aggregates)
        grouped = grouped.mutate(
            sd=ibis.ifelse(
                grouped.n > 1, (grouped._squares / (grouped.n - 1).cast("float64")).sqrt(), ibis.null("float64")
            )
        )
        return self.shaped(grouped, "median", "sd")


@register_runner
class HandleTime(_SecondsRunner):
    name = "handle-time"
    title = "Handle time (seconds)"
    description = "Talk + hold + wrap seconds of answered contacts: value is the mean, median beside it."

    def to_expr(self) -> ir.Table:
        from heartline.contacts.handle_days import CONTACT_HANDLE_DAYS

        counted = self.days(CONTACT_HANDLE_DAYS)
        if counted is not None:
            return self.summarize_counted(counted, "handle_seconds", "answered")
        contacts = self.answered()
        return self.summarize_seconds(contacts, handle_seconds(contacts).cast("float64"))


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
