"""`contact_intervals`: inbound contacts counted per queue, unit and channel per 15- or 30-minute interval.

The source of every workforce figure (service level, ASA, abandonment by interval; the forecast's
history). A row per (queue, unit, channel, interval_start) that had an offered contact:

- `offered`: inbound contacts that started in the interval (abandoned ones included);
- `answered`: of those, the ones someone picked up (an answer time, not abandoned);
- `abandoned`: the ones abandoned before an answer;
- `answered_within_{T}s` for each T of `THRESHOLDS_SECONDS`: answered within T seconds of the start,
  so a service level "X% within T" is answerable for every T a standard uses;
- `answer_seconds_sum` / `answer_seconds_sq_sum`: seconds from start to answer (answered ones), and
  their squares, so ASA carries its standard deviation and a t interval;
- `handle_seconds_sum` / `handle_seconds_sq_sum`: talk + hold + wrap of the answered ones.

Intervals are counted from the UTC epoch (every whole-hour or half-hour time zone's wall-clock
intervals coincide with them). The length is the `WORKFORCE_INTERVAL_MINUTES` setting (15 or 30,
default 30). It is a derived table (heartline.warehouse.derived), built whole by the demo and by the
worker, and brought up to date by an ingest itself a UTC day at a time (heartline.warehouse.increments):
an interval never crosses a UTC day (a day holds 48 or 96 of them), so the intervals of the days the
ingested contacts started on — before and after the write — are counted again from those days'
contacts and every other day's rows are kept. The runners use the table only while it matches
`contacts`, and otherwise count the same figures from `contacts` directly.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.daily import THRESHOLDS_SECONDS, within_column
from heartline.contacts.tables import CONTACTS, TS
from heartline.warehouse.derived import DerivedTable, register_derived
from heartline.warehouse.increments import Increment, register_increment
from heartline.warehouse.reader import TableSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec, register

DAY_SECONDS = 86_400
ALLOWED_INTERVAL_MINUTES = (15, 30)
DEFAULT_INTERVAL_MINUTES = 30


INTERVALS = register(
    TableSpec(
        name="contact_intervals",
        description="Derived from contacts: per queue, unit, channel and 15/30-minute interval, inbound "
        "contacts offered, answered, abandoned, answered within T seconds, answer and handle seconds.",
        schema=pa.schema(
            [
                pa.field("queue", pa.string()),
                pa.field("unit", pa.string()),
                pa.field("channel", pa.string()),
                pa.field("interval_start", TS, nullable=False),
                pa.field("interval_seconds", pa.int32(), nullable=False),
                pa.field("offered", pa.int64(), nullable=False),
                pa.field("answered", pa.int64(), nullable=False),
                pa.field("abandoned", pa.int64(), nullable=False),
                *(pa.field(within_column(t), pa.int64(), nullable=False) for t in THRESHOLDS_SECONDS),
                pa.field("answer_seconds_sum", pa.float64(), nullable=False),
                pa.field("answer_seconds_sq_sum", pa.float64(), nullable=False),
                pa.field("handle_seconds_sum", pa.float64(), nullable=False),
                pa.field("handle_seconds_sq_sum", pa.float64(), nullable=False),
            ]
        ),
        natural_key=("queue", "unit", "channel", "interval_start"),
        unit_column="unit",
    )
)


def interval_minutes() -> int:
    """The interval length in minutes: the `WORKFORCE_INTERVAL_MINUTES` setting (15 or 30), else 30."""
    from django.conf import settings

    minutes = int(getattr(settings, "WORKFORCE_INTERVAL_MINUTES", DEFAULT_INTERVAL_MINUTES))
    if minutes not in ALLOWED_INTERVAL_MINUTES:
        raise ValueError(f"WORKFORCE_INTERVAL_MINUTES must be 15 or 30, not {minutes}")
    return minutes


def interval_of(started_at: ir.TimestampValue, seconds: int) -> ir.TimestampValue:
    """The start of the `seconds`-long interval (counted from the UTC epoch) `started_at` falls in."""
    epoch_us = started_at.delta(ibis.timestamp("1970-01-01 00:00:00").cast("timestamp('UTC')"), unit="microsecond")
    step = seconds * 1_000_000
    floored = (epoch_us // step) * step
    return (ibis.timestamp("1970-01-01 00:00:00").cast("timestamp('UTC')") + floored.as_interval("us")).cast(
        "timestamp('UTC')"
    )


def interval_counts(contacts: ir.Table, seconds: int) -> ir.Table:
    """The interval table's rows counted from `contacts` (any scoped or filtered contacts table)."""
    inbound = contacts.filter(contacts.direction == "inbound")
    answered = inbound.answered_at.notnull() & ~inbound.abandoned.fill_null(False)
    abandoned = inbound.abandoned.fill_null(False) & inbound.answered_at.isnull()
    wait = inbound.answered_at.delta(inbound.started_at, unit="microsecond").cast("float64") / 1_000_000
    handle = (
        inbound.talk_seconds.fill_null(0).cast("int64")
        + inbound.hold_seconds.fill_null(0).cast("int64")
        + inbound.wrap_seconds.fill_null(0).cast("int64")
    ).cast("float64")
    rows = inbound.mutate(
        interval_start=interval_of(inbound.started_at, seconds),
        _answered=answered.ifelse(1, 0),
        _abandoned=abandoned.ifelse(1, 0),
        _wait=answered.ifelse(wait, 0.0),
        _handle=answered.ifelse(handle, 0.0),
        **{f"_w{t}": (answered & (wait <= t)).fill_null(False).ifelse(1, 0) for t in THRESHOLDS_SECONDS},
    )
    grouped = rows.group_by(["queue", "unit", "channel", "interval_start"]).aggregate(
        offered=rows.count().cast("int64"),
        answered=rows._answered.sum().cast("int64"),
        abandoned=rows._abandoned.sum().cast("int64"),
        **{within_column(t): rows[f"_w{t}"].sum().cast("int64") for t in THRESHOLDS_SECONDS},
        answer_seconds_sum=rows._wait.sum().cast("float64"),
        answer_seconds_sq_sum=(rows._wait * rows._wait).sum().cast("float64"),
        handle_seconds_sum=rows._handle.sum().cast("float64"),
        handle_seconds_sq_sum=(rows._handle * rows._handle).sum().cast("float64"),
    )
    return grouped.mutate(interval_seconds=ibis.literal(seconds, "int32")).select(*INTERVALS.schema.names)


def build_intervals(source: TableSource) -> ir.Table:
    return interval_counts(source.table(CONTACTS), interval_minutes() * 60)


# Sorted by interval: an ingest's days are deleted and counted again in the files that hold them only.
CONTACT_INTERVALS = register_derived(
    DerivedTable(spec=INTERVALS, sources=(CONTACTS,), build=build_intervals, order_by=("interval_start",))
)


def utc_day(started_at: ir.TimestampValue) -> ir.TimestampValue:
    """The UTC day (its midnight) `started_at` falls in: the part the table is rebuilt by."""
    return interval_of(started_at, DAY_SECONDS)


def built_at_the_set_length(warehouse: Warehouse) -> bool:
    """Whether every stored interval has the length set now: after a change of the setting, a day
    counted again would sit beside days of the old length, so the table is rebuilt whole instead."""
    table = warehouse.open(INTERVALS)
    if table is None:
        return False
    lengths = pc.unique(table.to_pyarrow_table(columns=["interval_seconds"]).column("interval_seconds"))
    return set(lengths.to_pylist()) <= {interval_minutes() * 60}


def rows_of_days(midnights: list[dt.datetime]) -> str:
    """The Delta predicate for the rows of the UTC days starting at `midnights`: their intervals."""
    days = []
    for midnight in midnights:
        start, end = midnight.astimezone(dt.UTC), midnight.astimezone(dt.UTC) + dt.timedelta(days=1)
        days.append(f"(interval_start >= '{start:%Y-%m-%dT%H:%M:%SZ}' AND interval_start < '{end:%Y-%m-%dT%H:%M:%SZ}')")
    return " OR ".join(days)


# Brought up to date after an ingest by the UTC days its contacts started on (warehouse.increments):
# the days' rows deleted and counted again (`rows_of_days`), no merge over the whole table.
register_increment(
    CONTACT_INTERVALS,
    Increment(
        part=lambda contacts: utc_day(contacts.started_at),
        applies=built_at_the_set_length,
        rows_of_parts=rows_of_days,
        within=lambda contacts, midnights: (
            (contacts.started_at >= min(midnights)) & (contacts.started_at < max(midnights) + dt.timedelta(days=1))
        ),
    ),
)
