"""The `contacts` group's ingest figures: `heartline ingest contacts` from Parquet and from CSV.

The built demo's contacts (without `team`, which the native format does not carry) are written to a
Parquet file and a native CSV file (times as `2025-05-01 04:14:53.000000Z`: ISO 8601 with a space and
an offset, as docs/data-formats.md allows). Each is loaded with `load_contacts([path], IngestOptions())`
into a fresh, empty warehouse (the first load), then loaded again (a re-run: every row unchanged).
`load_contacts` stores into `Warehouse.default()`, i.e. settings.WAREHOUSE_DIR, so that setting points
at a scratch folder for the duration (and the process's cached warehouse source is cleared). The
progress callback's steps split each load into reading, checking, storing and the report and log.
Beside each: plain pandas reading the same file and writing the same rows with `to_parquet`.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from harness import LoadWatch, note, ratio, timed

PARQUET_GOAL_ROWS_PER_SECOND = 1_000_000
CSV_GOAL_ROWS_PER_SECOND = 250_000


class StepClock:
    """An ingest progress callback that notes when each step (reading, checking, storing) finished."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.finished: dict[str, float] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if done == total:
            self.finished[step] = time.perf_counter()

    def seconds(self, ended: float) -> dict[str, float]:
        marks = [("read", "Reading files"), ("check", "Checking rows"), ("store", "Storing")]
        result, previous = {}, self.began
        for name, step in marks:
            if step in self.finished:
                result[name] = round(self.finished[step] - previous, 2)
                previous = self.finished[step]
        result["report_and_log"] = round(ended - previous, 2)
        return result


def write_native_files(warehouse_root: Path, scratch: Path, csv_rows: int | None) -> dict[str, Any]:
    """The demo's contacts as a native Parquet file and a native CSV file (the first `csv_rows` rows)."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq
    from warehouse_group import demo_contacts

    from heartline.warehouse.store import Warehouse

    contacts = demo_contacts(Warehouse(warehouse_root)).to_pyarrow_table().drop_columns(["team"])
    parquet, csv = scratch / "contacts.parquet", scratch / "contacts.csv"
    csv_part = contacts if csv_rows is None else contacts.slice(0, csv_rows)
    note(f"writing {contacts.num_rows:,} contacts to {parquet.name} and {csv_part.num_rows:,} to {csv.name} …")
    parquet_seconds = timed(partial(pq.write_table, contacts, parquet))
    csv_seconds = timed(partial(pcsv.write_csv, csv_part, csv))
    files = {
        "parquet": {"path": parquet, "rows": contacts.num_rows, "write_seconds": round(parquet_seconds, 2)},
        "csv": {"path": csv, "rows": csv_part.num_rows, "write_seconds": round(csv_seconds, 2)},
    }
    del contacts, csv_part
    gc.collect()
    return files


def _load(path: Path) -> dict[str, Any]:
    from heartline.contacts.ingest.formats import load_contacts
    from heartline.ingest import IngestOptions

    clock = StepClock()
    report = load_contacts([path], IngestOptions(progress=clock))
    ended = time.perf_counter()
    return {
        "seconds": round(ended - clock.began, 2),
        "step_seconds": clock.seconds(ended),
        "accepted": report.accepted,
        "counts": report.counts.as_dict(),
        "problems": report.problems[:3],
    }


def _pandas_copy(kind: str, path: Path, target: Path) -> Callable[[], None]:
    import pandas as pd

    def copy() -> None:
        frame = pd.read_parquet(path) if kind == "parquet" else pd.read_csv(path)
        frame.to_parquet(target)

    return copy


def bench_ingest(warehouse_root: Path, size: str, scratch: Path, csv_rows: int | None) -> dict[str, Any]:
    from django.test import override_settings

    from heartline.core.analytics import warehouse_source

    scratch.mkdir(parents=True, exist_ok=True)
    files = write_native_files(warehouse_root, scratch, csv_rows)
    goals = {"parquet": PARQUET_GOAL_ROWS_PER_SECOND, "csv": CSV_GOAL_ROWS_PER_SECOND}
    result: dict[str, Any] = {"size": size}
    for kind, facts in files.items():
        path, rows, goal = facts["path"], facts["rows"], goals[kind]
        figure: dict[str, Any] = {
            "rows": rows,
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "file_write_seconds": facts["write_seconds"],
            "goal_rows_per_second": goal,
        }
        target = scratch / f"warehouse-{kind}"
        with override_settings(WAREHOUSE_DIR=target):
            warehouse_source.cache_clear()
            for attempt in ("first_load", "rerun"):
                note(f"{size}: load_contacts from {path.name} ({rows:,} rows), {attempt} …")
                gc.collect()
                with LoadWatch(every_seconds=2.0) as watch:
                    load = _load(path)
                load["rows_per_second"] = round(rows / load["seconds"])
                load["goal_met"] = load["rows_per_second"] >= goal
                load["load_average_1min"] = watch.summary()
                figure[attempt] = load
        warehouse_source.cache_clear()
        shutil.rmtree(target, ignore_errors=True)
        note(f"{size}: pandas reads {path.name} and writes it with to_parquet …")
        with LoadWatch(every_seconds=2.0) as watch:
            seconds = timed(_pandas_copy(kind, path, scratch / "pandas.parquet"))
        figure["pandas_read_and_to_parquet"] = {
            "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds),
            "load_average_1min": watch.summary(),
        }
        figure["ratio_seconds_first_load_to_pandas"] = ratio(figure["first_load"]["seconds"], seconds)
        figure["ratio_seconds_rerun_to_pandas"] = ratio(figure["rerun"]["seconds"], seconds)
        result[kind] = figure
        path.unlink()
    result["note"] = (
        "one run each; load_contacts = read, check every value, add teams, write_batch (first load: plain "
        "Delta write; re-run: Delta merge on contact_id), report file and access log. pandas = "
        "pd.read_parquet or pd.read_csv with default options (CSV: no time parsing) + DataFrame.to_parquet"
    )
    return result
