"""Readers in another process see committed versions only, while this process keeps writing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa

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
