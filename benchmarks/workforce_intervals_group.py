"""The `workforce_intervals` group: the interval table after a day's ingest, by days beside a whole rebuild.

Issue 16 asks for the interval table "rebuilt incrementally after ingest"; `warehouse.increments` brings
it up to date by the UTC days an ingest's contacts started on. Input: synthetic contacts (seeded) over
HEARTLINE_BENCH_INTERVAL_DAYS days (default 120) at HEARTLINE_BENCH_INTERVAL_PER_DAY contacts a day
(default 10,000; 1.2M contacts), 20 queues in 2 units, written with `write_batch`; then `NEW_DAYS`
further days, each one write as an ingest makes it.

- `baseline_full_rebuild`: `refresh(CONTACT_INTERVALS)` (the worker's whole rebuild), 3 timed runs;
- `heartline_by_days`: `update_incrementally` (what `update_after_write` runs for it) after each new
  day's write (that day's intervals counted again, the rest kept), one timed run per day; the write
  itself is timed apart (`write_seconds`);
- `agrees_with_full_rebuild`: the table after the new days equals a whole rebuild (checked, not timed).

Figures are reported, never asserted.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from harness import LoadWatch, note, ratio

SEED = 16
QUEUES = 20
NEW_DAYS = 3
FIRST_DAY = dt.date(2026, 1, 1)


def _days() -> int:
    return int(os.environ.get("HEARTLINE_BENCH_INTERVAL_DAYS", "120"))


def _per_day() -> int:
    return int(os.environ.get("HEARTLINE_BENCH_INTERVAL_PER_DAY", "10000"))


def synthetic_contacts(first_day: dt.date, days: int, per_day: int, seed: int, prefix: str) -> Any:
    """`days` days of inbound calls from `first_day`, busiest mid-day UTC, as a `contacts` batch."""
    import pyarrow as pa

    from heartline.contacts.tables import CONTACTS

    rng = np.random.default_rng(seed)
    n = days * per_day
    day = np.repeat(np.arange(days), per_day)
    second_of_day = np.clip(rng.normal(15 * 3600, 3 * 3600, n), 0, 86_399).astype(np.int64)
    start_epoch = np.datetime64(first_day.isoformat(), "us").astype(np.int64)
    started = start_epoch + (day * 86_400 + second_of_day) * 1_000_000
    abandoned = rng.random(n) < 0.08
    wait = rng.exponential(40, n)
    answered = np.where(abandoned, np.iinfo(np.int64).min, started + (wait * 1_000_000).astype(np.int64))
    talk = rng.integers(60, 900, n).astype(np.int32)
    queue = rng.integers(0, QUEUES, n)
    queues = np.array([f"queue-{q:02d}" for q in range(QUEUES)])
    units = np.where(queue % 2 == 0, "commercial", "medicare")
    timestamp = pa.timestamp("us", tz="UTC")
    columns = {
        "contact_id": pa.array([f"{prefix}-{i}" for i in range(n)]),
        "member_id": pa.array([f"M{i % 50_000:07d}" for i in range(n)]),
        "channel": pa.array(np.full(n, "phone")),
        "direction": pa.array(np.full(n, "inbound")),
        "queue": pa.array(queues[queue]),
        "unit": pa.array(units),
        "started_at": pa.array(started, timestamp),
        "answered_at": pa.array(np.where(abandoned, 0, answered), timestamp, mask=abandoned),
        "ended_at": pa.array(started + (talk.astype(np.int64) + 60) * 1_000_000, timestamp),
        "talk_seconds": pa.array(np.where(abandoned, 0, talk), pa.int32(), mask=abandoned),
        "hold_seconds": pa.array(rng.integers(0, 60, n).astype(np.int32)),
        "wrap_seconds": pa.array(rng.integers(0, 120, n).astype(np.int32)),
        "abandoned": pa.array(abandoned),
    }
    return pa.table({f.name: columns.get(f.name, pa.nulls(n, f.type)) for f in CONTACTS.schema}, schema=CONTACTS.schema)


def run(scratch: Path) -> dict[str, Any]:
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.derived import is_current, refresh
    from heartline.warehouse.increments import update_incrementally
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch
    from heartline.workforce.intervals import CONTACT_INTERVALS, INTERVALS

    days, per_day = _days(), _per_day()
    warehouse = Warehouse(scratch / "warehouse")
    note(f"workforce_intervals: writing {days} days × {per_day:,} contacts")
    write_batch(warehouse, CONTACTS, synthetic_contacts(FIRST_DAY, days, per_day, SEED, "old"), source="bench")
    report: dict[str, Any] = {"days": days, "contacts_per_day": per_day, "contacts": days * per_day}

    note("workforce_intervals: whole rebuilds (baseline)")
    with LoadWatch() as load:
        full = []
        for _ in range(3):
            began = time.perf_counter()
            built = refresh(warehouse, CONTACT_INTERVALS)
            full.append(time.perf_counter() - began)
    report["baseline_full_rebuild"] = {
        "seconds": [round(s, 3) for s in full],
        "median_seconds": round(statistics.median(full), 3),
        "rows": built.rows,
        "load": load.summary(),
    }

    note(f"workforce_intervals: {NEW_DAYS} new days, each brought up to date by its day")
    by_day, writes, left = [], [], []
    with LoadWatch() as load:
        for number in range(NEW_DAYS):
            day = FIRST_DAY + dt.timedelta(days=days + number)
            batch = synthetic_contacts(day, 1, per_day, SEED + 1 + number, f"new{number}")
            began = time.perf_counter()
            result = write_batch(warehouse, CONTACTS, batch, source="bench")
            writes.append(time.perf_counter() - began)
            began = time.perf_counter()
            if not update_incrementally(warehouse, CONTACT_INTERVALS, CONTACTS, result):
                left.append(CONTACT_INTERVALS.spec.name)
            by_day.append(time.perf_counter() - began)
    current = is_current(warehouse, CONTACT_INTERVALS)
    table = warehouse.open(INTERVALS)
    after = table.to_pyarrow_table().sort_by([(k, "ascending") for k in INTERVALS.natural_key]) if table else None
    refresh(warehouse, CONTACT_INTERVALS)
    rebuilt = warehouse.open(INTERVALS)
    whole = rebuilt.to_pyarrow_table().sort_by([(k, "ascending") for k in INTERVALS.natural_key]) if rebuilt else None
    median = statistics.median(by_day)
    report["heartline_by_days"] = {
        "seconds": [round(s, 3) for s in by_day],
        "median_seconds": round(median, 3),
        "write_seconds": [round(s, 3) for s in writes],
        "left_for_a_whole_rebuild": sorted(set(left)),
        "current_after": current,
        "load": load.summary(),
    }
    report["agrees_with_full_rebuild"] = bool(after is not None and whole is not None and after.equals(whole))
    report["by_days_over_full_rebuild"] = ratio(median, report["baseline_full_rebuild"]["median_seconds"])
    return report


if __name__ == "__main__":
    import json
    import shutil
    import sys
    import tempfile

    from harness import configure_django

    home = Path(tempfile.mkdtemp(prefix="heartline-bench-intervals-"))
    try:
        configure_django(home / "home")
        json.dump(run(home / "scratch"), sys.stdout, indent=2)
        print()
    finally:
        shutil.rmtree(home, ignore_errors=True)
