"""CMS's call-center standards as warehouse runners: average hold time, disconnect rate, and
interpreter and TTY availability. Definitions and their sources: docs/compliance.md.

The first two read contacts — *calls* are inbound phone contacts — and group by the contact
dimensions plus `line_of_business` (the line the call's queue serves, from the organization: a
queue's `line_of_business` in Heartline) and `quarter` (CMS acts on each quarter's figures). The third
reads the test-call log.
"""

from __future__ import annotations

from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir

from heartline.compliance.tables import TEST_CALLS
from heartline.contacts.metrics.base import ContactsRunner
from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS, is_answered, rate
from heartline.contacts.metrics.service import seconds_between
from heartline.warehouse.estimates import MEAN, PROPORTION
from heartline.warehouse.runners import Dimension, MetricOption, MetricRunner, column, period, register_runner
from heartline.warehouse.tables import TableSpec

# The standards (docs/compliance.md): CMS's Medicare Communications and Marketing Guidelines, §80.1.
HOLD_TIME_STANDARD_SECONDS = 120.0
DISCONNECT_RATE_STANDARD = 0.05
# What counts as a completed test call in the Star Ratings' "Foreign Language Interpreter and TTY
# Availability" measure: an interpreter within 8 minutes, a TTY connection within 7.
INTERPRETER_LIMIT_SECONDS = 480
TTY_LIMIT_SECONDS = 420


def queue_lines() -> dict[str, str]:
    """Queue code → the line of business it serves (the organization's record; see core.selectors)."""
    from heartline.core.selectors import queue_lines_of_business

    return queue_lines_of_business()


def line_of_business(t: ir.Table) -> ir.Value:
    """The line of business of each contact's queue; null when the queue serves several or is unknown."""
    lines = queue_lines()
    if not lines:
        return ibis.null("string")
    return t.queue.substitute(lines, else_=ibis.null("string"))


CALL_CENTER_DIMENSIONS: dict[str, Dimension] = {
    **CONTACT_DIMENSIONS,
    "line_of_business": line_of_business,
    "quarter": period("started_at", "Q"),
}


class _CallsRunner(ContactsRunner):
    """A standard over calls: inbound phone contacts in scope, period and filters."""

    dimensions: ClassVar[dict[str, Dimension]] = CALL_CENTER_DIMENSIONS

    def cache_key(self) -> tuple[Any, ...]:
        # Which line a queue serves is in the app database, not the warehouse: it keys the result too.
        return (*super().cache_key(), tuple(sorted(queue_lines().items())))

    def calls(self) -> ir.Table:
        contacts = self.filtered()
        return contacts.filter((contacts.channel == "phone") & (contacts.direction == "inbound"))


@register_runner
class CmsHoldTime(_CallsRunner):
    name = "cms-hold-time"
    title = "Average hold time as CMS measures it (seconds)"
    description = (
        "Seconds from the end of the IVR or recorded greeting (started_at + ivr_seconds) until a live "
        "person answered, over inbound phone calls a person answered: value is the mean (CMS standard: "
        "2 minutes or less), median beside it; ivr_recorded counts the calls whose IVR time is known "
        "(for the others the wait counts from the start of the call)."
    )
    estimate = MEAN

    def to_expr(self) -> ir.Table:
        calls = self.calls()
        calls = calls.filter(is_answered(calls))
        wait = seconds_between(calls.started_at, calls.answered_at) - calls.ivr_seconds.fill_null(0).cast("float64")
        calls = calls.mutate(seconds=ibis.greatest(wait, ibis.literal(0.0)))
        grouped = self.aggregate(
            calls,
            value=calls.seconds.mean(),
            median=calls.seconds.median().cast("float64"),
            sd=calls.seconds.std(how="sample"),
            ivr_recorded=calls.ivr_seconds.count().cast("int64"),
            n=calls.count().cast("int64"),
        )
        return self.shaped(grouped, "median", "sd", "ivr_recorded")


@register_runner
class CmsDisconnectRate(_CallsRunner):
    name = "cms-disconnect-rate"
    title = "Disconnect rate as CMS measures it"
    description = (
        "Inbound phone calls the plan dropped before they were finished (disconnected_by = plan), over "
        "all inbound phone calls (CMS standard: 5% or less); disconnect_recorded counts the calls with "
        "a disconnected_by value (none: the source does not record disconnects)."
    )
    estimate = PROPORTION

    def to_expr(self) -> ir.Table:
        calls = self.calls()
        dropped = (calls.disconnected_by == "plan").fill_null(False)
        grouped = self.aggregate(
            calls,
            numerator=dropped.ifelse(1, 0).sum().fill_null(0).cast("int64"),
            denominator=calls.count().cast("int64"),
            disconnect_recorded=calls.disconnected_by.count().cast("int64"),
        )
        grouped = grouped.mutate(
            value=ibis.ifelse(
                grouped.denominator > 0,
                grouped.numerator.cast("float64") / grouped.denominator.cast("float64"),
                ibis.null("float64"),
            ),
            n=grouped.denominator,
        )
        return self.shaped(grouped, "disconnect_recorded")


def test_kind(t: ir.Table) -> ir.Value:
    """'tty' for a TTY test call, 'interpreter' for one in a language, null for neither."""
    return ibis.cases(
        (t.tty.fill_null(False), "tty"),
        (t.language.notnull(), "interpreter"),
        else_=ibis.null("string"),
    )


TEST_CALL_DIMENSIONS: dict[str, Dimension] = {
    "test": test_kind,
    "line_of_business": column("line_of_business"),
    "queue": column("queue"),
    "unit": column("unit"),
    "language": column("language"),
    "month": period("placed_at", "M"),
    "quarter": period("placed_at", "Q"),
}


@register_runner
class InterpreterTtyAvailability(MetricRunner):
    name = "interpreter-tty-availability"
    title = "Interpreter and TTY availability"
    description = (
        "Test calls completed over test calls placed, for calls in a language (an interpreter reached "
        "within interpreter_limit_seconds) and over TTY (a TTY connection within tty_limit_seconds); "
        "completed also needs a live person. Group by test to see the two apart."
    )
    base_table: ClassVar[TableSpec] = TEST_CALLS
    time_column: ClassVar[str] = "placed_at"
    dimensions: ClassVar[dict[str, Dimension]] = TEST_CALL_DIMENSIONS
    estimate = PROPORTION
    options = (
        MetricOption(
            "interpreter_limit_seconds",
            "int",
            "An interpreter reached within this many seconds completes a test call in a language",
            default=INTERPRETER_LIMIT_SECONDS,
            minimum=0,
            maximum=86_400,
        ),
        MetricOption(
            "tty_limit_seconds",
            "int",
            "A TTY connection within this many seconds completes a TTY test call",
            default=TTY_LIMIT_SECONDS,
            minimum=0,
            maximum=86_400,
        ),
    )

    def to_expr(self) -> ir.Table:
        calls = self.filtered()
        kind = test_kind(calls)
        calls = calls.filter(kind.notnull())
        kind = test_kind(calls)
        limit = ibis.ifelse(
            kind == "tty", int(self.option("tty_limit_seconds")), int(self.option("interpreter_limit_seconds"))
        )
        in_time = calls.connected_within_seconds.notnull() & (calls.connected_within_seconds <= limit)
        helped = (kind == "tty") | calls.interpreter_available.fill_null(False)
        completed = calls.reached_live_person.fill_null(False) & helped & in_time
        return rate(calls, self.group_keys(calls), completed.fill_null(False))
