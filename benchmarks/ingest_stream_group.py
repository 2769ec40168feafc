"""Streaming ingest: peak memory and time of `heartline ingest contacts` beside a plain pyarrow copy.

For each size (1M, 5M and 10M contacts; 50M too with `--huge`, never by default) synthetic contacts
in the native layout are written a million at a time to a Parquet file and a CSV file. Each file is
then loaded in a process of its own (benchmarks/ingest_stream_child.py), so its peak resident set
size (VmHWM from /proc; not `ru_maxrss`, which on Linux carries the parent's size at the fork) is
the load's alone:

- `first_load`: `load_contacts` into an empty warehouse (read, check every value, add teams, stage,
  commit);
- `rerun`: the same file again (every row unchanged: nothing stored);
- `pyarrow_copy`: the baseline, measured in the same run — `pq.read_table` (Parquet) or
  `pyarrow.csv.read_csv` (CSV), then `pq.write_table`: the whole file in memory.

Goals (issue 20): peak RSS ≤ 1 GB at any size, and time ≤ 1.2× the pyarrow copy.
`make bench BENCH_ARGS="--sizes small --only ingest_stream"`; `--huge` adds 50M rows (~2 minutes to
write the files, some 10 GB of disk).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
from harness import LoadWatch, note, ratio

SIZES = (1_000_000, 5_000_000, 10_000_000)
HUGE_SIZE = 50_000_000
CHUNK_ROWS = 1_000_000
MEMORY_GOAL_MB = 1024
TIME_GOAL_RATIO = 1.2
CHILD = Path(__file__).with_name("ingest_stream_child.py")


def synthetic_contacts(start: int, rows: int, seed: int) -> Any:
    """`rows` native contacts (ids from `start` on), a year of them for 200k members."""
    import pyarrow as pa

    rng = np.random.default_rng(seed + start)
    ids = np.arange(start, start + rows)
    started = np.datetime64("2025-01-01T00:00:00", "us") + rng.integers(0, 365 * 86_400, rows).astype("timedelta64[s]")
    wait = rng.integers(0, 600, rows).astype("timedelta64[s]")
    talk = rng.integers(30, 1_800, rows)
    abandoned = rng.random(rows) < 0.05
    answered = np.where(abandoned, np.datetime64("NaT"), started + wait)
    ended = np.where(abandoned, started + wait, answered + talk.astype("timedelta64[s]"))
    ts = pa.timestamp("us", tz="UTC")

    def pick(values: tuple[str, ...]) -> Any:
        return pa.array(np.array(values)[rng.integers(0, len(values), rows)])

    return pa.table(
        {
            "contact_id": pa.array(np.char.add("C-", ids.astype(str))),
            "member_id": pa.array(np.char.add("M-", rng.integers(0, 200_000, rows).astype(str))),
            "channel": pick(("phone", "chat", "email", "portal", "sms")),
            "direction": pick(("inbound", "inbound", "inbound", "outbound")),
            "queue": pick(tuple(f"q-{i}" for i in range(20))),
            "unit": pick(("north", "south", "east", "west")),
            "agent_id": pick(tuple(f"E{i:04d}" for i in range(500))),
            "reason": pick(("billing", "benefits", "id_card", "claims", "pharmacy", "enrollment")),
            "language": pick(("en", "es", "zh")),
            "started_at": pa.array(started, ts),
            "answered_at": pa.array(answered, ts),
            "ended_at": pa.array(ended, ts),
            "hold_seconds": pa.array(rng.integers(0, 300, rows)),
            "talk_seconds": pa.array(talk),
            "wrap_seconds": pa.array(rng.integers(0, 120, rows)),
            "abandoned": pa.array(abandoned),
            "consult_count": pa.array(rng.integers(0, 3, rows)),
            "disposition": pick(("resolved", "unresolved", "escalated")),
        }
    )


def write_files(rows: int, scratch: Path) -> dict[str, Path]:
    """The synthetic contacts as one Parquet and one CSV file, written a chunk at a time."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    parquet, csv = scratch / f"contacts-{rows}.parquet", scratch / f"contacts-{rows}.csv"
    note(f"ingest_stream: writing {rows:,} synthetic contacts to {parquet.name} and {csv.name} …")
    first = synthetic_contacts(0, min(rows, CHUNK_ROWS), 20)
    with pq.ParquetWriter(parquet, first.schema) as pw, pcsv.CSVWriter(csv, first.schema) as cw:
        for start in range(0, rows, CHUNK_ROWS):
            chunk = first if start == 0 else synthetic_contacts(start, min(CHUNK_ROWS, rows - start), 20)
            pw.write_table(chunk)
            cw.write_table(chunk)
    return {"parquet": parquet, "csv": csv}


def _child(mode: str, path: Path, target: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(CHILD), mode, str(path), str(target)], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        return {"failed": done.returncode, "stderr": done.stderr[-2_000:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench_file(kind: str, path: Path, rows: int, scratch: Path) -> dict[str, Any]:
    figure: dict[str, Any] = {"rows": rows, "file_mb": round(path.stat().st_size / 1e6, 1)}
    home = scratch / f"home-{kind}-{rows}"
    for attempt in ("first_load", "rerun"):
        note(f"ingest_stream: {kind} {rows:,} rows, heartline {attempt} …")
        with LoadWatch(every_seconds=2.0) as watch:
            figure[attempt] = _child("heartline", path, home)
        figure[attempt]["load_average_1min"] = watch.summary()
    shutil.rmtree(home, ignore_errors=True)
    note(f"ingest_stream: {kind} {rows:,} rows, plain pyarrow copy …")
    with LoadWatch(every_seconds=2.0) as watch:
        figure["pyarrow_copy"] = _child("pyarrow", path, scratch / "copy.parquet")
    figure["pyarrow_copy"]["load_average_1min"] = watch.summary()
    (scratch / "copy.parquet").unlink(missing_ok=True)
    first, base = figure["first_load"], figure["pyarrow_copy"]
    if "seconds" in first and "seconds" in base:
        figure["ratio_seconds_first_load_to_pyarrow"] = ratio(first["seconds"], base["seconds"])
        figure["ratio_seconds_rerun_to_pyarrow"] = ratio(figure["rerun"].get("seconds", 0), base["seconds"])
        figure["memory_goal_met"] = max(first["peak_rss_mb"], figure["rerun"].get("peak_rss_mb", 0)) <= MEMORY_GOAL_MB
        figure["time_goal_met"] = figure["ratio_seconds_first_load_to_pyarrow"] <= TIME_GOAL_RATIO
    return figure


def run(scratch: Path) -> dict[str, Any]:
    huge = os.environ.get("HEARTLINE_BENCH_HUGE") == "1"
    listed = os.environ.get("HEARTLINE_BENCH_INGEST_ROWS")
    sizes = [int(s) for s in listed.split(",")] if listed else [*SIZES, *([HUGE_SIZE] if huge else [])]
    result: dict[str, Any] = {
        "goal": {"peak_rss_mb": MEMORY_GOAL_MB, "seconds_ratio_to_pyarrow": TIME_GOAL_RATIO},
        "note": "each load in its own process; peak_rss_mb is that process's VmHWM (Python, Django and "
        "the load), rss_before_mb its peak when the load began. pyarrow_copy holds the whole file in memory.",
    }
    for rows in sizes:
        files = write_files(rows, scratch)
        result[str(rows)] = {kind: bench_file(kind, path, rows, scratch) for kind, path in files.items()}
        note(f"ingest_stream: {rows:,} rows: {json.dumps(result[str(rows)])}")
        for path in files.values():
            path.unlink()
    return result
