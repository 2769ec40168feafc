"""The engines' wall-clock functions as Ibis builtins (`calendar.Calendar.wall_clock` uses them).

Their own module, imported on first use, so that reading a calendar — a period's bounds, the key of
a kept answer — never imports Ibis. No `from __future__ import annotations` here: Ibis reads the
signatures' types when the functions are declared.
"""

import ibis
import ibis.expr.datatypes as dtypes


@ibis.udf.scalar.builtin(name="timezone")  # type: ignore[untyped-decorator]
def duckdb_wall_clock(zone: str, instant: dtypes.Timestamp(timezone="UTC")) -> dtypes.Timestamp():  # type: ignore[valid-type]
    """DuckDB's `timezone(zone, timestamptz)`: the wall-clock time in `zone`."""


@ibis.udf.scalar.builtin(name="from_utc_timestamp")  # type: ignore[untyped-decorator]
def spark_wall_clock(instant: dtypes.Timestamp(), zone: str) -> dtypes.Timestamp():  # type: ignore[valid-type]
    """Spark's `from_utc_timestamp(ts, zone)`: the wall-clock time in `zone` of a UTC instant."""
