"""`contact_days`: contacts counted per calendar day of the organization and per low-cardinality dimension.

At 100M contacts a dashboard read that scans every contact takes seconds, and one by day, week or
month many more (each instant turned into the organization's wall-clock day). This derived table
holds, per (day, unit, team, queue, reason, channel, direction, language, consulted), the counts
contact volume, abandonment and service level add up:

- `contacts`: contacts started that day (every channel and direction, abandoned included);
- `offered`: of those, the inbound ones; `abandoned`: inbound, abandoned before an answer;
- `answered_within_{T}s` for each T of `THRESHOLDS_SECONDS`: inbound, answered within T seconds.

`day` is the calendar day in the `TIME_ZONE` setting the table was built in (`time_zone` says which);
the runners read it only while it matches the contacts and was built in the zone in force
(`usable_for`), and otherwise count from `contacts` as before — the same figures, tested. A query
by agent, or a caller scoped to agents, is always counted from `contacts` (agents are not kept here).
Rebuilt by the worker after a first load, and brought up to date by every later ingest a calendar
day at a time (heartline.warehouse.increments): the days its contacts started on, before and after.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.metrics.dimensions import consulted, is_answered
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.derived import DerivedTable, register_derived
from heartline.warehouse.increments import Increment, register_increment
from heartline.warehouse.reader import TableSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec, register

# The service-level thresholds counted ahead, here and in the workforce interval table.
THRESHOLDS_SECONDS = (10, 15, 20, 30, 45, 60, 90, 120, 180, 300)
# The dimensions kept; the contact metrics' others (agent) are counted from contacts.
KEPT = ("unit", "team", "queue", "reason", "channel", "direction", "language", "consulted")


def within_column(threshold: int) -> str:
    return f"answered_within_{threshold}s"


DAYS = register(
    TableSpec(
        name="contact_days",
        description="Derived from contacts: per calendar day (the organization's time zone) and unit, team, "
        "queue, reason, channel, direction, language and consulted, contacts started, inbound offered, "
        "abandoned, and answered within T seconds.",
        schema=pa.schema(
            [
                pa.field("day", pa.date32(), nullable=False),
                *(pa.field(name, pa.string()) for name in KEPT),
                pa.field("time_zone", pa.string(), nullable=False),
                pa.field("contacts", pa.int64(), nullable=False),
                pa.field("offered", pa.int64(), nullable=False),
                pa.field("abandoned", pa.int64(), nullable=False),
                *(pa.field(within_column(t), pa.int64(), nullable=False) for t in THRESHOLDS_SECONDS),
            ]
        ),
        natural_key=("day", *KEPT),
        unit_column="unit",
    )
)


def organization_calendar() -> Calendar:
    """The calendar the table's days are counted in: the `TIME_ZONE` setting's."""
    from django.conf import settings

    return Calendar(str(settings.TIME_ZONE))


def local_day(contacts: ir.Table, calendar: Calendar, engine: str = "duckdb") -> ir.DateValue:
    return calendar.wall_clock(contacts.started_at, engine).date()


def day_keys(contacts: ir.Table, calendar: Calendar, engine: str = "duckdb") -> dict[str, ir.Value]:
    """The columns a day table keys its rows by that contacts do not hold as they are: the local day
    and `consulted` (the other kept dimensions are the contacts' own columns)."""
    return {"day": local_day(contacts, calendar, engine), "consulted": consulted(contacts)}


def day_counts(contacts: ir.Table, calendar: Calendar, engine: str = "duckdb") -> ir.Table:
    """The table's rows counted from `contacts` (any filtered contacts table)."""
    inbound = contacts.direction == "inbound"
    waited = contacts.answered_at.delta(contacts.started_at, unit="microsecond").cast("float64") / 1_000_000
    answered_inbound = inbound & is_answered(contacts)
    rows = contacts.mutate(
        **day_keys(contacts, calendar, engine),
        _offered=inbound.ifelse(1, 0),
        _abandoned=(inbound & contacts.abandoned.fill_null(False) & contacts.answered_at.isnull()).ifelse(1, 0),
        **{f"_w{t}": (answered_inbound & (waited <= t)).fill_null(False).ifelse(1, 0) for t in THRESHOLDS_SECONDS},
    )
    grouped = rows.group_by(["day", *KEPT]).aggregate(
        contacts=rows.count().cast("int64"),
        offered=rows._offered.sum().cast("int64"),
        abandoned=rows._abandoned.sum().cast("int64"),
        **{within_column(t): rows[f"_w{t}"].sum().cast("int64") for t in THRESHOLDS_SECONDS},
    )
    return grouped.mutate(time_zone=ibis.literal(calendar.zone)).select(*DAYS.schema.names)


def build_days(source: TableSource) -> ir.Table:
    return day_counts(source.table(CONTACTS), organization_calendar(), getattr(source, "engine", "duckdb"))


# Sorted by day: an ingest's days are deleted and counted again in the files that hold them only.
CONTACT_DAYS = register_derived(DerivedTable(spec=DAYS, sources=(CONTACTS,), build=build_days, order_by=("day",)))


@lru_cache(maxsize=16)
def _zones_of(path: str, version: int, *, from_statistics: bool) -> frozenset[str]:
    """The zones a day table's rows were counted in: from the Delta log's per-file min/max statistics
    (milliseconds at 100M contacts; a long value may be stored cut short), or from the column itself."""
    from deltalake import DeltaTable

    table = DeltaTable(path, version=version)
    if from_statistics:
        files = pa.table(table.get_add_actions(flatten=True))
        stats = [files.column(f"{s}.time_zone") for s in ("min", "max") if f"{s}.time_zone" in files.column_names]
        if len(stats) == 2 and all(c.null_count == 0 for c in stats):
            return frozenset(pc.unique(pa.chunked_array([*stats[0].chunks, *stats[1].chunks])).to_pylist())
    zones = table.to_pyarrow_table(columns=["time_zone"]).column("time_zone")
    return frozenset(pc.unique(zones).to_pylist())


def built_in_zone(warehouse: Warehouse, zone: str, spec: TableSpec = DAYS) -> bool:
    """Whether every day of the stored day table `spec` is a day of `zone` (an empty table is any zone's).
    Every file's smallest and largest zone being `zone` says so; otherwise the rows are read."""
    version = warehouse.version(spec)
    if version is None:
        return False
    path, number = str(warehouse.path(spec)), int(version[1])
    return _zones_of(path, number, from_statistics=True) <= {zone} or _zones_of(
        path, number, from_statistics=False
    ) <= {zone}


def by_local_day(spec: TableSpec) -> Increment:
    """How a table of the organization's days (`day`, `time_zone`) is brought up to date: a calendar day
    at a time, the days every touched contact started on before and after; while it was built in the
    zone in force (else rebuilt whole)."""

    def rows_of_days(days: list[dt.date]) -> str:
        return "day IN (" + ", ".join(f"DATE '{day.isoformat()}'" for day in days) + ")"

    return Increment(
        part=lambda contacts: local_day(contacts, organization_calendar()),
        applies=lambda warehouse: built_in_zone(warehouse, organization_calendar().zone, spec),
        rows_of_parts=rows_of_days,
        within=started_around,
    )


def started_around(contacts: ir.Table, days: list[dt.date]) -> ir.BooleanValue:
    """Contacts started within a day of `days` in UTC: every contact of those days in any zone
    (offsets are within ±14 hours), found by the Parquet statistics of `started_at`."""
    first = dt.datetime.combine(min(days) - dt.timedelta(days=1), dt.time(), dt.UTC)
    end = dt.datetime.combine(max(days) + dt.timedelta(days=2), dt.time(), dt.UTC)
    return (contacts.started_at >= first) & (contacts.started_at < end)


register_increment(CONTACT_DAYS, by_local_day(DAYS))
