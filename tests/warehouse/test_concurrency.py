"""Readers in another process see committed versions only, while this process keeps writing."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.warehouse.hand_facts import utc

READER = Path(__file__).with_name("count_reader.py")
BATCHES = 12
ROWS_PER_BATCH = 250


def batch(number: int) -> pa.Table:
    """`ROWS_PER_BATCH` new contacts, plus a correction to one contact of the previous batch (a merge
    that rewrites a data file), so each committed version holds exactly (number + 1) * ROWS_PER_BATCH rows."""
    rows = [
        {"contact_id": f"b{number}-{i}", "channel": "phone", "unit": "u1", "started_at": utc(2025, 1, 6, 9, 0)}
        for i in range(ROWS_PER_BATCH)
    ]
    if number:
        rows.append({"contact_id": f"b{number - 1}-0", "channel": "chat", "unit": "u1", "started_at": utc(2025, 1, 6)})
    return pa.Table.from_pylist(rows)


def test_a_reader_in_another_process_sees_only_committed_totals(wh: Warehouse) -> None:
    committed = {0} | {(n + 1) * ROWS_PER_BATCH for n in range(BATCHES)}
    final = BATCHES * ROWS_PER_BATCH
    reader = subprocess.Popen(
        [sys.executable, str(READER), str(wh.root), str(final), "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "ready"
        results = [write_batch(wh, CONTACTS, batch(n)) for n in range(BATCHES)]
        out, err = reader.communicate(timeout=90)
    finally:
        reader.kill()

    assert reader.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report["errors"] == []
    assert set(report["seen"]) <= committed
    assert report["seen"][-1] == final
    assert report["seen"] == sorted(report["seen"])  # never goes back to an older version
    assert len(set(report["seen"])) >= 3, "the reader did not overlap the writes; the test proved nothing"
    assert [r.inserted for r in results] == [ROWS_PER_BATCH] * BATCHES
    assert [r.updated for r in results] == [0] + [1] * (BATCHES - 1)


def _write_same_batch(root: str, barrier: Any, results: Any) -> None:
    from heartline.contacts.tables import CONTACTS as contacts
    from heartline.warehouse.store import Warehouse as Store
    from heartline.warehouse.writer import write_batch as write

    rows = pa.Table.from_pylist([{"contact_id": f"c-{i}", "started_at": utc(2026, 1, 1, 9, 0)} for i in range(2000)])
    barrier.wait()
    try:
        result = write(Store(Path(root)), contacts, rows)
        results.put((result.inserted, result.unchanged))
    except Exception as exc:  # noqa: BLE001 - the test reports any failure of the other process
        results.put(repr(exc))


def test_two_processes_loading_the_same_batch_at_once_store_it_once(tmp_path: Path) -> None:
    """Writers take turns: one first-loads the 2,000 rows, the other finds them all unchanged."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    writers = [context.Process(target=_write_same_batch, args=(str(tmp_path), barrier, results)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)

    outcomes = sorted([results.get(timeout=5), results.get(timeout=5)])
    stored = Warehouse(tmp_path).open(CONTACTS)
    assert stored is not None
    ids = stored.to_pyarrow_table(columns=["contact_id"]).column(0)

    assert outcomes == [(0, 2000), (2000, 0)]
    assert len(ids) == 2000
    assert len(pa.compute.unique(ids)) == 2000
