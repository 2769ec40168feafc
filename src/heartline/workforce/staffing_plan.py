"""The `staffing-plan` ingest kind: how many agents a planner has scheduled on each queue, per interval.

A planner exports the schedule from whatever tool rosters the people (or writes it by hand) as one row
per queue and interval: `queue, interval_start, interval_seconds, scheduled_agents`. It is loaded by
the shared ingest engine like every tabular kind (every value checked column by column, problems
reported by file, row, field and reason, rows merged on `queue` + `interval_start`, so loading a
corrected plan replaces the intervals it names and a re-run changes nothing). `unit` is filled from
the queue's unit, so the caller's scope applies to the plan as to the contacts (docs/workforce.md,
"Staffing plan").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from heartline.ingest import FieldKind, FieldRule, IngestOptions, IngestReport, NativeFormat
from heartline.warehouse.tables import TableSpec, register

KIND = "staffing-plan"
# Intervals a planner schedules in: 15 minutes to an hour (WFM tools plan in 15- or 30-minute steps).
SHORTEST_INTERVAL_SECONDS = 300
LONGEST_INTERVAL_SECONDS = 3_600
# More agents than any one queue of a health plan's member services could seat: a typo, not a plan.
MOST_AGENTS = 10_000

STAFFING_PLAN = register(
    TableSpec(
        name="staffing_plan",
        description="Agents scheduled on each queue per interval, as the planner loaded them.",
        schema=pa.schema(
            [
                pa.field("queue", pa.string(), nullable=False),
                pa.field("interval_start", pa.timestamp("us", tz="UTC"), nullable=False),
                pa.field("interval_seconds", pa.int32()),
                pa.field("scheduled_agents", pa.int32()),
                pa.field("unit", pa.string()),  # filled from the queue's unit in Heartline
            ]
        ),
        natural_key=("queue", "interval_start"),
        required=("scheduled_agents",),
        unit_column="unit",
    )
)


def with_queue_unit(plan: pa.Table) -> pa.Table:
    """`plan` with `unit` filled from each queue's unit, and an empty `interval_seconds` as 30 minutes."""
    from heartline.core.selectors import queue_units

    units = queue_units()
    queues = plan.column("queue")
    if units:
        position = pc.index_in(queues, value_set=pa.array(list(units), pa.string()))
        unit = pc.take(pa.array(list(units.values()), pa.string()), position)
    else:
        unit = pa.nulls(len(queues), pa.string())
    plan = plan.append_column("unit", unit)
    given = plan.column("interval_seconds")
    filled = pc.coalesce(given, pa.scalar(1_800, given.type))
    return plan.set_column(plan.column_names.index("interval_seconds"), "interval_seconds", filled)


STAFFING_PLAN_FORMAT = NativeFormat(
    kind=KIND,
    table=STAFFING_PLAN,
    fields=(
        FieldRule("queue", required=True),
        FieldRule("interval_start", FieldKind.TIME, required=True),
        FieldRule(
            "interval_seconds",
            FieldKind.COUNT,
            minimum=SHORTEST_INTERVAL_SECONDS,
            maximum=LONGEST_INTERVAL_SECONDS,
        ),
        FieldRule("scheduled_agents", FieldKind.COUNT, required=True, maximum=MOST_AGENTS),
    ),
    filled_by_heartline=(("unit", "it is filled from the queue's unit in Heartline"),),
    fill=with_queue_unit,
    documented_in="docs/workforce.md",
)


def load_staffing_plan(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest staffing-plan FILE…`."""
    from heartline.core.ingest import ingest_files  # here: the plan's table is read by metrics that ingest nothing

    return ingest_files(STAFFING_PLAN_FORMAT, files, options)
