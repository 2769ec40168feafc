"""The `contacts` group: the contacts issue's speed goals, each figure beside its goal and plain pandas.

Goals (from the contacts issue; reported, never asserted), on 2 cores:

- at the large demo (~10M contacts): ingest from Parquet >= 1M rows/s and from CSV >= 250k rows/s,
  first load into an empty warehouse and a re-run of the same file;
- warm One and Done dashboard queries (and the contact-volume charts) p50 <= 300 ms, for an
  executive (all units) and for one unit;
- one and done over every contact p50 <= 3 s.

Query figures are measured at every size built; ingest at the largest. The pandas definitions are
first checked against the runners on the small demo (built for the check when not asked for) and
on hand-made edge cases.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import contacts_pandas
from contacts_ingest import CSV_GOAL_ROWS_PER_SECOND, PARQUET_GOAL_ROWS_PER_SECOND, bench_ingest
from contacts_queries import (
    DASHBOARD_GOAL_P50_MS,
    FINEST_ONE_AND_DONE,
    ONE_AND_DONE_GOAL_SECONDS,
    bench_dashboard,
    bench_one_and_done,
    definition_check,
)

FINEST_LABEL = "/".join((FINEST_ONE_AND_DONE[0], *FINEST_ONE_AND_DONE[1]))
GOALS = {
    "ingest_parquet_rows_per_second": f">= {PARQUET_GOAL_ROWS_PER_SECOND:,} at large",
    "ingest_csv_rows_per_second": f">= {CSV_GOAL_ROWS_PER_SECOND:,} at large",
    "dashboard_query_p50_ms": f"<= {DASHBOARD_GOAL_P50_MS:g} (warm)",
    "one_and_done_all_contacts_p50_seconds": f"<= {ONE_AND_DONE_GOAL_SECONDS:g} at large (warm)",
}


def _slowest(queries: dict[str, Any]) -> dict[str, Any]:
    name, figure = max(queries.items(), key=lambda item: item[1]["heartline_runner"]["p50_ms"])
    return {
        "query": name,
        "p50_ms": figure["heartline_runner"]["p50_ms"],
        "pandas_p50_ms": figure["pandas_in_memory"]["p50_ms"],
    }


def goals_summary(section: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per goal and size: the figure, the pandas figure, the ratio, and whether it is met."""
    lines: list[dict[str, Any]] = []
    for kind, goal in (("parquet", PARQUET_GOAL_ROWS_PER_SECOND), ("csv", CSV_GOAL_ROWS_PER_SECOND)):
        figure = section.get("ingest", {}).get(kind)
        if not figure:
            continue
        pandas_rate = figure["pandas_read_and_to_parquet"]["rows_per_second"]
        for attempt in ("first_load", "rerun"):
            rate = figure[attempt]["rows_per_second"]
            lines.append(
                {
                    "goal": f"ingest {kind} {attempt} >= {goal:,} rows/s",
                    "size": section["ingest"]["size"],
                    "rows": figure["rows"],
                    "rows_per_second": rate,
                    "pandas_rows_per_second": pandas_rate,
                    "ratio_rate_heartline_to_pandas": round(rate / pandas_rate, 2),
                    "met": rate >= goal,
                    "load_average_1min": figure[attempt]["load_average_1min"],
                }
            )
    for size, dashboard in section.get("dashboard", {}).items():
        for scope in ("executive", "one_unit"):
            queries = dashboard[scope]["queries"]
            lines.append(
                {
                    "goal": f"dashboard queries p50 <= {DASHBOARD_GOAL_P50_MS:g} ms",
                    "size": size,
                    "scope": scope if scope == "executive" else f"one unit ({dashboard['one_unit_scope']})",
                    "met": f"{dashboard[scope]['goals_met']} of {dashboard[scope]['goals']}",
                    "slowest": _slowest(queries),
                    "page_now_p50_sum_ms": dashboard[scope]["page_now_p50_sum_ms"],
                    "page_now_result_cache_hit_p50_ms": queries[FINEST_LABEL]["result_cache_hit"]["p50_ms"],
                    "load_average_1min": dashboard["load_average_1min"],
                }
            )
    for size, figure in section.get("one_and_done_all_contacts", {}).items():
        lines.append(
            {
                "goal": f"one and done over all contacts p50 <= {ONE_AND_DONE_GOAL_SECONDS:g} s",
                "size": size,
                "contacts": figure["contacts"],
                "p50_seconds": round(figure["heartline_runner"]["p50_ms"] / 1000, 2),
                "pandas_p50_seconds": round(figure["pandas_in_memory"]["p50_ms"] / 1000, 2),
                "ratio_p50_heartline_to_pandas": figure["ratio_p50_heartline_to_pandas"],
                "met": figure["goal_met"],
                "load_average_1min": figure["load_average_1min_during_runner"],
            }
        )
    return lines


def run_contacts_group(
    builds: dict[str, Path], small_for_check: Path, scratch: Path, csv_rows: int | None, ingest_size: str
) -> dict[str, Any]:
    """`builds` maps each size built to its warehouse folder; `small_for_check` is a small demo's."""
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.store import Warehouse

    section: dict[str, Any] = {
        "goals": GOALS,
        "pandas_definition_check": definition_check(small_for_check, scratch / "check"),
        "dashboard": {},
        "one_and_done_all_contacts": {},
    }
    for size, root in builds.items():
        warehouse = Warehouse(root)
        source = DuckDBSource(warehouse)
        frame = contacts_pandas.load_frame(warehouse.open(CONTACTS))
        section["dashboard"][size] = bench_dashboard(source, frame, size)
        section["one_and_done_all_contacts"][size] = bench_one_and_done(source, frame, size)
        del frame, source
        gc.collect()
    section["ingest"] = bench_ingest(builds[ingest_size], ingest_size, scratch / "ingest", csv_rows)
    section["goals_summary"] = goals_summary(section)
    return section
