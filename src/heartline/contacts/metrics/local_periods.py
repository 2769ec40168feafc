"""Calendar periods of many contacts, with the organization's time zone applied per UTC day, not per contact.

Turning each contact's start into its wall-clock time in the organization's zone is DuckDB's
`timezone()`, about 0.1 µs a row: at 10M contacts, one-and-done by month spent a CPU-second on it
alone. A UTC day holds at most one start of a local day, week or month; so for every UTC day the
period of its first and of its last microsecond are worked out once (a table of UTC days, joined by
an integer division of the start), and when they are the same period, that is the period of every
contact started that day. Contacts on a day a period starts in (and any outside the table's years)
are converted one by one as before. The figures are those of the per-contact conversion, exactly:
the same function of the same engine decides both (tested across summer time and month ends).
No `from __future__ import annotations` here: Ibis reads the builtins' signatures when declared.
"""

import datetime as dt
from functools import lru_cache

import ibis
import ibis.expr.datatypes as dtypes
import ibis.expr.types as ir
import numpy
import pyarrow as pa
import pyarrow.compute as pc

from heartline.warehouse.calendar import Calendar
from heartline.warehouse.runners import PeriodDimension

DAY_US = 86_400_000_000
# UTC days 1970-01-02 to 2099-12-31 (day 0 is left out: DuckDB's integer division truncates toward
# zero, so an instant in 1969's last day would share its index; such contacts are converted one by one).
FIRST_DAY, END_DAY = 1, (dt.date(2100, 1, 1) - dt.date(1970, 1, 1)).days


@ibis.udf.scalar.builtin(name="epoch_us")  # type: ignore[untyped-decorator]
def epoch_us(instant: dtypes.Timestamp(timezone="UTC")) -> dtypes.int64:  # type: ignore[valid-type]
    """DuckDB's `epoch_us(timestamptz)`: microseconds since 1970-01-01 UTC."""


@ibis.udf.scalar.builtin(name="divide")  # type: ignore[untyped-decorator]
def whole_divide(dividend: dtypes.int64, divisor: dtypes.int64) -> dtypes.int64:
    """DuckDB's integer `divide(a, b)` (`a // b`, truncated toward zero), never through a float."""


@lru_cache(maxsize=1)
def _utc_days() -> ir.Table:
    """The UTC days' table, once per process (one in-memory table, registered once per connection)."""
    days = pa.array(numpy.arange(FIRST_DAY, END_DAY, dtype=numpy.int64))
    first = pc.multiply(days, DAY_US)
    last = pc.add(first, DAY_US - 1)
    return ibis.memtable(
        pa.table(
            {
                "_utc_day": days,
                "_utc_day_first": first.cast(pa.timestamp("us", tz="UTC")),
                "_utc_day_last": last.cast(pa.timestamp("us", tz="UTC")),
            }
        )
    )


def with_local_periods(
    table: ir.Table, time_column: str, periods: dict[str, PeriodDimension], calendar: Calendar
) -> tuple[ir.Table, dict[str, str]]:
    """`table` (on DuckDB) with a column per period of `periods` (its name: the period's column in the
    result), each the period of `time_column` in `calendar`; and those columns by period name."""
    days = _utc_days()
    days = days.mutate(
        **{
            f"_{name}_first": PeriodDimension("_utc_day_first", period.unit)(days, calendar)
            for name, period in periods.items()
        },
        **{
            f"_{name}_last": PeriodDimension("_utc_day_last", period.unit)(days, calendar)
            for name, period in periods.items()
        },
    ).drop("_utc_day_first", "_utc_day_last")
    keyed = table.mutate(_utc_day=whole_divide(epoch_us(table[time_column]), DAY_US))
    joined = keyed.left_join(days, "_utc_day")
    columns = {
        f"_{name}_of_row": ibis.ifelse(
            joined[f"_{name}_first"] == joined[f"_{name}_last"],
            joined[f"_{name}_first"],
            PeriodDimension(time_column, period.unit)(joined, calendar),
        )
        for name, period in periods.items()
    }
    result = joined.select(*table.columns, **columns)
    return result, {name: f"_{name}_of_row" for name in periods}
