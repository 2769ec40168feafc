"""Heartline benchmarks: figures as one JSON object, each beside a baseline measured in the same run.

    .venv/bin/python benchmarks/run.py [--sizes small,standard] [--out bench-results/bench.json]

Measures the demo build at each size; the warehouse write rate of a 1M-row contacts batch through
`write_batch` into a fresh table, beside pandas `DataFrame.to_parquet` of the same rows; and the
contact-volume runner's warm latency (p50/p95) by month, unit and channel at the largest size built,
beside the same group-by in plain pandas on the same rows held in memory. Everything runs in a
throwaway HEARTLINE_HOME on SQLite, whatever the shell's environment says, and is removed after.
The JSON goes to stdout and to `--out`; progress notes go to stderr. No figure here is asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

SIZES_BY_DEFAULT = "small,standard"
OUT_BY_DEFAULT = "bench-results/bench.json"
SEED = 2026
WRITE_ROWS = 1_000_000
WRITE_REPEATS = 3
QUERY_REPEATS = 30
QUERY_DIMENSIONS = ("month", "unit", "channel")


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def configure_django(home: Path) -> None:
    """Settings for a throwaway home: SQLite in `home`, debug on, the shell's database ignored."""
    for name in ("DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE"):
        os.environ.pop(name, None)
    os.environ["DEBUG"] = "true"
    os.environ["HEARTLINE_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "heartline.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def machine_facts() -> dict[str, Any]:
    memory_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    packages = ("duckdb", "deltalake", "ibis-framework", "pyarrow", "pandas", "numpy", "django")
    return {
        "cores": os.cpu_count(),
        # Other work on the machine skews every figure; the 1-minute load says how much there was.
        "load_average_1min": round(os.getloadavg()[0], 2),
        "memory_gb": round(memory_kb / 1024**2, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {name: version(name) for name in packages},
    }


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


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


# -- warehouse writes ----------------------------------------------------------------------------


def demo_contacts(warehouse: Any) -> Any:
    """The demo's contacts table (a DeltaTable); fails loudly when the build wrote none."""
    from heartline.contacts.tables import CONTACTS

    delta = warehouse.open(CONTACTS)
    if delta is None:
        raise RuntimeError(f"no contacts table under {warehouse.root}: the demo build wrote none")
    return delta


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


def pandas_volume(frame: Any, by: str) -> list[dict[str, Any]]:
    """Contact volume grouped by `by` in plain pandas, as the runner's rows (dimension and n)."""
    if by == "month":
        keys = frame["started_at"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[M]")
        counts = frame.groupby(keys).size()
        return [{by: key.date().isoformat(), "n": int(n)} for key, n in counts.sort_index().items()]
    counts = frame.groupby(by, dropna=False).size().sort_index()
    return [{by: key, "n": int(n)} for key, n in counts.items()]


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
            return pandas_volume(frame, by)

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


# -- the run -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=SIZES_BY_DEFAULT, help=f"demo sizes to build (default {SIZES_BY_DEFAULT})")
    parser.add_argument("--out", default=OUT_BY_DEFAULT, help=f"where to write the JSON (default {OUT_BY_DEFAULT})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    began = time.perf_counter()
    home = Path(tempfile.mkdtemp(prefix="heartline-bench-"))
    try:
        configure_django(home / "home")
        from heartline.demo.sizes import SIZES

        unknown = [s for s in sizes if s not in SIZES]
        if unknown or not sizes:
            note(f"unknown sizes {unknown}; choose from {', '.join(SIZES)}")
            return 2
        facts = machine_facts()  # before the work, so the load figure is other people's
        builds: dict[str, Any] = {}
        for size in sizes:
            builds[size] = bench_build(size, home / size)
        largest = max(sizes, key=lambda s: SIZES[s].contacts)
        rows = write_batch_rows(home / largest / "warehouse")
        report: dict[str, Any] = {
            "benchmark": "heartline",
            "seed": SEED,
            "machine": facts,
            "demo_build": builds,
            "warehouse_write": bench_write(rows, home / "scratch"),
            "contact_volume_query": bench_queries(home / largest / "warehouse", largest),
            "total_seconds": 0.0,
        }
        report["total_seconds"] = round(time.perf_counter() - began, 1)
        report["machine"]["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    text = json.dumps(report, indent=2)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
