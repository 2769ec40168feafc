"""The `moonshot` group (`--huge` only): three years of a large national plan's contacts on one machine.

Issue 20's moonshot: 100M contacts on the 2-core, 24 GB machine — ingest in under 4 minutes, One
and Done over all of it ≤ 10 s cold, every dashboard read p50 ≤ 1 s. The group, in a scratch home:

1. `file`: writes HEARTLINE_BENCH_MOONSHOT_ROWS (default 100,000,000) synthetic contacts — 2023–2025
   in arrival order, 10M members, 50 queues each of one unit and channel, ~6% of contacts a
   member's follow-up within hours — to one Parquet file, a million rows at a time;
2. `pyarrow_copy`: the baseline, a streaming pyarrow copy of that file (batches read and written
   in turn: the whole file never in memory, as Heartline's ingest);
3. `ingest`: `load_contacts` of the file into an empty warehouse in a process of its own
   (ingest_stream_child.py: seconds, peak RSS), then the same file again (nothing changes);
4. `derived`: the derived tables built as the worker does after a first load (`refresh_stale`);
5. `reads` (a fresh process each, the shared result cache emptied): One and Done by unit and the
   dashboard's reads — the contact volume page's three, service level, handle time and abandonment
   by unit — each first through `run_metric` as a page asks (cold: new process, empty cache), then
   its runner `REPEATS` times straight against the warehouse (no result cache: p50 of the query
   itself) and once more through `run_metric` (the cached answer a second viewer gets);
6. `next_day`: one more day of contacts (HEARTLINE_BENCH_MOONSHOT_DAY_ROWS, default 100,000) loaded
   on top: the ingest with its incremental derived-table upkeep, and the reads after it.

HEARTLINE_BENCH_MOONSHOT_FILE names a file to write once, keep and reuse (writing 100M rows takes
~5 minutes). `make bench BENCH_ARGS="--huge --sizes small --only moonshot"` (~60–70 GB free disk is plenty; the
file is ~4 GB, the warehouse about as much again). The JSON carries each step's load average.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from harness import LoadWatch, note, percentiles, ratio

ROWS_BY_DEFAULT = 100_000_000
DAY_ROWS_BY_DEFAULT = 100_000
CHUNK_ROWS = 1_000_000
MEMBERS = 10_000_000
FOLLOW_UP_SHARE = 0.06
FIRST_DAY = np.datetime64("2023-01-01T00:00:00", "s")
DAYS = 3 * 365
SEED = 100
REPEATS = 5
GOALS = {"ingest_seconds": 240, "one_and_done_cold_seconds": 10, "dashboard_read_p50_seconds": 1}
READS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("one-and-done", ("unit",)),
    ("contact-volume", ("month",)),
    ("contact-volume", ("channel",)),
    ("contact-volume", ("unit",)),
    ("service-level", ("unit",)),
    ("handle-time", ("unit",)),
    ("abandonment-rate", ("unit",)),
)
CHILD = Path(__file__).with_name("ingest_stream_child.py")
UNITS = ("commercial", "medicare", "medicaid", "exchange", "pharmacy", "dental", "vision")
CHANNELS = ("phone", "phone", "phone", "chat", "email", "portal", "sms")
# 50 queues (name, unit, channel), as a plan's routing has them: most of them phone queues.
QUEUES = tuple((f"q-{i:02d}", UNITS[i % len(UNITS)], CHANNELS[(i // len(UNITS)) % len(CHANNELS)]) for i in range(50))


def contacts_chunk(first_row: int, rows: int, seconds_from: int, seconds_to: int, seed: int) -> Any:
    """`rows` native contacts numbered from `first_row`, started in [seconds_from, seconds_to) after
    FIRST_DAY in arrival order; a share of them a member's follow-up within a week."""
    import pyarrow as pa

    rng = np.random.default_rng(seed + first_row)
    offsets = np.sort(rng.integers(seconds_from, seconds_to, rows))
    members = rng.integers(0, MEMBERS, rows)
    again = np.flatnonzero(rng.random(rows) < FOLLOW_UP_SHARE)
    earlier = np.maximum(0, again - rng.integers(1, 200, again.size))
    members[again] = members[earlier]  # the same member called again, up to ~200 calls later (hours)
    started = FIRST_DAY + offsets.astype("timedelta64[s]")
    wait = rng.integers(0, 600, rows).astype("timedelta64[s]")
    talk = rng.integers(30, 1_800, rows)
    abandoned = rng.random(rows) < 0.05
    answered = np.where(abandoned, np.datetime64("NaT"), started + wait)
    ended = np.where(abandoned, started + wait, answered + talk.astype("timedelta64[s]"))
    ts = pa.timestamp("us", tz="UTC")

    def pick(values: tuple[str, ...], p: tuple[float, ...] | None = None) -> Any:
        return pa.array(np.array(values)[rng.choice(len(values), rows, p=p)])

    queue = rng.integers(0, len(QUEUES), rows)  # a queue belongs to one unit and takes one channel

    def of_queue(part: int) -> Any:
        return pa.array(np.array([q[part] for q in QUEUES])[queue])

    ids = np.arange(first_row, first_row + rows)
    return pa.table(
        {
            "contact_id": pa.array(np.char.add("C-", ids.astype(str))),
            "member_id": pa.array(np.char.add("M-", members.astype(str))),
            "channel": of_queue(2),
            "direction": pick(("inbound", "outbound"), (0.9, 0.1)),
            "queue": of_queue(0),
            "unit": of_queue(1),
            "agent_id": pick(tuple(f"E{i:05d}" for i in range(5_000))),
            "reason": pick(("billing", "benefits", "id_card", "claims", "pharmacy", "enrollment", "provider")),
            "language": pick(("en", "es", "zh"), (0.8, 0.15, 0.05)),
            "started_at": pa.array(started, ts),
            "answered_at": pa.array(answered, ts),
            "ended_at": pa.array(ended, ts),
            "hold_seconds": pa.array(rng.integers(0, 300, rows)),
            "talk_seconds": pa.array(talk),
            "wrap_seconds": pa.array(rng.integers(0, 120, rows)),
            "abandoned": pa.array(abandoned),
            "consult_count": pa.array(rng.integers(0, 3, rows)),
            "disposition": pick(("resolved", "unresolved", "escalated"), (0.8, 0.15, 0.05)),
        }
    )


def write_file(path: Path, rows: int, first_row: int, seconds_from: int, seconds_to: int) -> dict[str, Any]:
    """The contacts as one Parquet file, a chunk (and a slice of the time span) at a time."""
    import pyarrow.parquet as pq

    began = time.perf_counter()
    chunks = max(1, -(-rows // CHUNK_ROWS))
    span = (seconds_to - seconds_from) / chunks
    writer = None
    try:
        for k in range(chunks):
            start = first_row + k * CHUNK_ROWS
            size = min(CHUNK_ROWS, first_row + rows - start)
            lo, hi = seconds_from + int(k * span), seconds_from + int((k + 1) * span)
            chunk = contacts_chunk(start, size, lo, max(hi, lo + 1), SEED)
            if writer is None:
                writer = pq.ParquetWriter(path, chunk.schema)
            writer.write_table(chunk)
            if k % 10 == 9:
                note(f"moonshot: {start + size - first_row:,} of {rows:,} rows written …")
    finally:
        if writer is not None:
            writer.close()
    return {"rows": rows, "mb": round(path.stat().st_size / 1e6, 1), "seconds": round(time.perf_counter() - began, 1)}


def streaming_copy(path: Path, out: Path) -> dict[str, Any]:
    """The baseline: the file read a batch at a time and written to a new Parquet file."""
    import pyarrow.parquet as pq

    began = time.perf_counter()
    source = pq.ParquetFile(path)
    with pq.ParquetWriter(out, source.schema_arrow) as writer:
        for batch in source.iter_batches(batch_size=CHUNK_ROWS):
            writer.write_batch(batch)
    seconds = time.perf_counter() - began
    out.unlink()
    return {"seconds": round(seconds, 1)}


def _rows_in(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def _python(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one of our scripts in a process of its own; its last stdout line is a JSON object."""
    env = {**os.environ, **(env or {}), "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        return {"failed": done.returncode, "stderr": done.stderr[-3_000:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _watched(step: str, run: Any) -> dict[str, Any]:
    note(f"moonshot: {step} …")
    with LoadWatch(every_seconds=5.0) as watch:
        result: dict[str, Any] = run()
    result["load_average_1min"] = watch.summary()
    note(f"moonshot: {step}: {json.dumps(result)[:400]}")
    return result


# -- steps run in a process of their own (`python moonshot_group.py STEP HOME`) ----------------------


def _derived(home: Path) -> dict[str, Any]:
    from harness import configure_django

    configure_django(home)
    from heartline.warehouse.derived import refresh_stale
    from heartline.warehouse.store import Warehouse

    began = time.perf_counter()
    built = refresh_stale(Warehouse.default())
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "tables": {r.table_name: {"rows": r.rows, "seconds": round(r.seconds, 1)} for r in built},
    }


def _reads(home: Path) -> dict[str, Any]:
    from harness import configure_django

    configure_django(home)
    from heartline.core.analytics import build_query, run_metric, warehouse_source
    from heartline.core.scoping import OPERATOR
    from heartline.warehouse.runners import get_runner

    shutil.rmtree(home / "warehouse" / ".cache", ignore_errors=True)
    figures: dict[str, Any] = {}
    for metric, by in READS:
        query = build_query(metric, list(by))
        began = time.perf_counter()
        rows = run_metric(OPERATOR, metric, query).rows
        first = time.perf_counter() - began
        runner = get_runner(metric)
        runs = []
        for _ in range(REPEATS):
            began = time.perf_counter()
            runner(query, OPERATOR.scope, warehouse_source()).run()
            runs.append(time.perf_counter() - began)
        began = time.perf_counter()
        run_metric(OPERATOR, metric, query)
        cached = time.perf_counter() - began
        figures[f"{metric} by {'+'.join(by)}"] = {
            "groups": len(rows),
            "n": sum(int(r.get("n") or 0) for r in rows),
            "first_view_cold_s": round(first, 2),
            "query_uncached": percentiles(runs),
            "cached_answer_ms": round(cached * 1000, 1),
        }
    return figures


# -- the group ---------------------------------------------------------------------------------------


def run(scratch: Path) -> dict[str, Any]:
    rows = int(os.environ.get("HEARTLINE_BENCH_MOONSHOT_ROWS", str(ROWS_BY_DEFAULT)))
    day_rows = int(os.environ.get("HEARTLINE_BENCH_MOONSHOT_DAY_ROWS", str(DAY_ROWS_BY_DEFAULT)))
    kept = os.environ.get("HEARTLINE_BENCH_MOONSHOT_FILE")  # written once, kept, reused by later runs
    home, day = scratch / "home", scratch / "next-day.parquet"
    path = Path(kept) if kept else scratch / "contacts.parquet"
    me = str(Path(__file__))
    report: dict[str, Any] = {"rows": rows, "goals": GOALS}
    if kept and path.exists():
        rows = report["rows"] = _rows_in(path)
        report["file"] = {"reused": str(path), "rows": rows, "mb": round(path.stat().st_size / 1e6, 1)}
    else:
        report["file"] = _watched(f"writing {rows:,} contacts", lambda: write_file(path, rows, 0, 0, DAYS * 86_400))
    report["pyarrow_copy"] = _watched(
        "the streaming pyarrow copy", lambda: streaming_copy(path, scratch / "copy.parquet")
    )
    report["ingest"] = _watched("heartline ingest", lambda: _python(str(CHILD), "heartline", str(path), str(home)))
    copy_s, ingest_s = report["pyarrow_copy"]["seconds"], report["ingest"].get("seconds")
    if ingest_s is not None:
        report["ingest"]["ratio_to_pyarrow_copy"] = ratio(ingest_s, copy_s)
        report["ingest"]["goal_met"] = ingest_s <= GOALS["ingest_seconds"]
    report["rerun"] = _watched(
        "heartline ingest, the same file again", lambda: _python(str(CHILD), "heartline", str(path), str(home))
    )
    if not kept:
        path.unlink()
    report["derived"] = _watched("derived tables (the worker's step)", lambda: _python(me, "derived", str(home)))
    report["reads"] = _watched("One and Done and the dashboard's reads", lambda: _python(me, "reads", str(home)))
    next_day = DAYS * 86_400
    report["next_day"] = {
        "file": write_file(day, day_rows, rows, next_day, next_day + 86_400),
        "ingest": _watched(
            f"{day_rows:,} contacts of one more day", lambda: _python(str(CHILD), "heartline", str(day), str(home))
        ),
    }
    report["next_day"]["reads"] = _watched("the reads after it", lambda: _python(me, "reads", str(home)))
    reads = report["reads"]
    if "failed" not in reads:
        cold = reads["one-and-done by unit"]["first_view_cold_s"]
        report["one_and_done_cold_goal_met"] = cold <= GOALS["one_and_done_cold_seconds"]
        report["dashboard_reads_p50_goal_met"] = all(
            r["query_uncached"]["p50_ms"] <= GOALS["dashboard_read_p50_seconds"] * 1000
            for r in reads.values()
            if isinstance(r, dict) and "query_uncached" in r
        )
    report["warehouse_gb"] = round(sum(f.stat().st_size for f in home.rglob("*") if f.is_file()) / 1e9, 2)
    report["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    shutil.rmtree(home, ignore_errors=True)
    return report


if __name__ == "__main__":
    step, where = sys.argv[1], Path(sys.argv[2])
    print(json.dumps({"derived": _derived, "reads": _reads}[step](where)))
