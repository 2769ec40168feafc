"""The `warehouse` group: the demo build at each size, `write_batch` of 1M contacts, contact-volume queries.

The demo build is timed for every size asked for (every group reuses those builds). The write rate
is that of a 1M-row contacts batch through `write_batch` into a fresh table, beside pandas
`DataFrame.to_parquet` of the same rows; the contact-volume runner's warm latency (p50/p95) by month,
unit and channel is measured at the largest size built, beside the same group-by in plain pandas on
the same rows held in memory.
"""

from __future__ import annotations

import statistics
from functools import partial
from pathlib import Path
from typing import Any

from contacts_pandas import contact_volume
from harness import note, percentiles, timed

SEED = 2026
WRITE_ROWS = 1_000_000
WRITE_REPEATS = 3
QUERY_REPEATS = 30
QUERY_DIMENSIONS = ("month", "unit", "channel")


# -- the demo build ------------------------------------------------------------------------------


def bench_build(size: str, home: Path) -> dict[str, Any]:
    from heartline.demo.build import build_demo
    from heartline.warehouse.store import Warehouse

    note(f"building the {size} demo …")
    warehouse = Warehouse(home / "warehouse")
    summary = build_demo(size=size, seed=SEED, warehouse=warehouse)
    return {
        "seconds": round(summary.elapsed_seconds, 2),
        "step_seconds": dict(summary.step_seconds),
        "contacts": summary.contacts,
        "cases": summary.cases,
        "members": summary.members,
        "employees": summary.employees,
        "contacts_per_second": round(summary.contacts / summary.elapsed_seconds),
    }


def demo_contacts(warehouse: Any) -> Any:
    """The demo's contacts table (a DeltaTable); fails loudly when the build wrote none."""
    from heartline.contacts.tables import CONTACTS

    delta = warehouse.open(CONTACTS)
    if delta is None:
        raise RuntimeError(f"no contacts table under {warehouse.root}: the demo build wrote none")
    return delta


# -- warehouse writes ----------------------------------------------------------------------------


def write_batch_rows(warehouse_root: Path) -> Any:
    """WRITE_ROWS contacts from the built demo, repeated with fresh ids when the demo has fewer."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from heartline.warehouse.store import Warehouse

    source = demo_contacts(Warehouse(warehouse_root)).to_pyarrow_table()
    copies = []
    for copy in range(-(-WRITE_ROWS // source.num_rows)):
        ids = pc.binary_join_element_wise(source["contact_id"], f"-{copy}", "") if copy else source["contact_id"]
        copies.append(source.set_column(source.schema.get_field_index("contact_id"), "contact_id", ids))
    return pa.concat_tables(copies).slice(0, WRITE_ROWS).combine_chunks()


def bench_write(rows: Any, scratch: Path) -> dict[str, Any]:
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch

    note(f"writing {rows.num_rows:,} contacts with write_batch and with pandas …")
    heartline_seconds = []
    for attempt in range(WRITE_REPEATS):
        warehouse = Warehouse(scratch / f"write-{attempt}")
        heartline_seconds.append(timed(partial(write_batch, warehouse, CONTACTS, rows, source="bench")))
    frame = rows.to_pandas()
    pandas_seconds = []
    for attempt in range(WRITE_REPEATS):
        target = scratch / f"pandas-{attempt}.parquet"
        pandas_seconds.append(timed(partial(frame.to_parquet, target)))
    best_heartline, best_pandas = statistics.median(heartline_seconds), statistics.median(pandas_seconds)
    return {
        "rows": rows.num_rows,
        "repeats": WRITE_REPEATS,
        "heartline_write_batch": {
            "median_seconds": round(best_heartline, 3),
            "rows_per_second": round(rows.num_rows / best_heartline),
        },
        "pandas_to_parquet": {
            "median_seconds": round(best_pandas, 3),
            "rows_per_second": round(rows.num_rows / best_pandas),
        },
        "ratio_seconds_heartline_to_pandas": round(best_heartline / best_pandas, 2),
        "note": "write_batch: conform to the schema, collapse duplicate keys, Delta commit, batch log entry",
    }


# -- contact-volume queries ----------------------------------------------------------------------


def bench_queries(warehouse_root: Path, size: str) -> dict[str, Any]:
    from heartline.contacts.metrics import ContactVolume
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.runners import MetricQuery
    from heartline.warehouse.scope import Scope
    from heartline.warehouse.store import Warehouse

    warehouse = Warehouse(warehouse_root)
    source = DuckDBSource(warehouse)
    frame = demo_contacts(warehouse).to_pandas()
    note(f"querying contact volume on {len(frame):,} contacts, {QUERY_REPEATS} times per grouping …")
    results: dict[str, Any] = {}
    for by in QUERY_DIMENSIONS:

        def runner(by: str = by) -> list[dict[str, Any]]:
            return ContactVolume(MetricQuery(by=(by,)), Scope.everything(), source).run().rows

        def baseline(by: str = by) -> list[dict[str, Any]]:
            return contact_volume(frame, None, (by,))

        heartline_rows, pandas_rows = runner(), baseline()  # warm-up, and the answers to compare
        heartline = percentiles([timed(runner) for _ in range(QUERY_REPEATS)])
        plain = percentiles([timed(baseline) for _ in range(QUERY_REPEATS)])
        results[by] = {
            "heartline_runner": heartline,
            "pandas_in_memory": plain,
            "ratio_p50_heartline_to_pandas": round(heartline["p50_ms"] / plain["p50_ms"], 2),
            "groups": len(heartline_rows),
            "same_answer": [(r[by], r["n"]) for r in heartline_rows] == [(r[by], r["n"]) for r in pandas_rows],
        }
    return {
        "size": size,
        "contacts": len(frame),
        "repeats": QUERY_REPEATS,
        "by": results,
        "note": "runner: reads the current Delta version from disk through DuckDB on every run; "
        "pandas: the same rows already in memory",
    }
