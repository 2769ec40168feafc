"""The calendar warehouse queries count days in.

Instants are stored in UTC. A day, week or month in a query — a period filter (`from`/`to`), a
`day`/`week`/`month` grouping — is a calendar period in one time zone, the organization's (the app
passes its `TIME_ZONE` setting to the reader; a reader made without one counts in UTC). Period
bounds become UTC instants before they reach SQL; a grouping converts each instant to the zone's
wall-clock time with the engine's own function (DuckDB `timezone`, Spark `from_utc_timestamp`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import ibis.expr.types as ir

UTC_NAME = "UTC"


@dataclass(frozen=True)
class Calendar:
    """Calendar days in the time zone `zone` (an IANA name such as America/New_York)."""

    zone: str = UTC_NAME

    def __post_init__(self) -> None:
        ZoneInfo(self.zone)  # an unknown name fails here, not in the middle of a query

    @property
    def is_utc(self) -> bool:
        return self.zone in {UTC_NAME, "Etc/UTC"}

    def day_start(self, day: dt.date) -> dt.datetime:
        """The UTC instant at which calendar day `day` begins in this zone."""
        return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(self.zone)).astimezone(dt.UTC)

    def day_end(self, day: dt.date) -> dt.datetime:
        """The UTC instant at which calendar day `day` ends (the next day's start; exclusive)."""
        return self.day_start(day + dt.timedelta(days=1))

    def wall_clock(self, instant: ir.TimestampValue, engine: str) -> ir.TimestampValue:
        """`instant` (a UTC timestamp column) as a plain timestamp of this zone's wall-clock time."""
        if self.is_utc:
            # A plain cast skips DuckDB's time-zone-aware calendar arithmetic (sessions run in UTC).
            return instant.cast("timestamp")
        from heartline.warehouse.wall_clock import duckdb_wall_clock, spark_wall_clock

        if engine == "pyspark":
            return spark_wall_clock(instant, self.zone)
        return duckdb_wall_clock(self.zone, instant)
