"""Compaction rewrites many small files into few, without changing what readers see."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.maintenance import compact
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.warehouse.hand_facts import utc


def three_small_files(wh: Warehouse) -> None:
    for day in (6, 7, 8):
        rows = [{"contact_id": f"d{day}-{i}", "started_at": utc(2025, 1, day, 9, i)} for i in range(10)]
        write_batch(wh, CONTACTS, pa.Table.from_pylist(rows))


def count(source: DuckDBSource) -> int:
    return int(source.execute(source.table(CONTACTS).count().name("n").as_table())[0]["n"])  # type: ignore[call-overload]


def test_compaction_leaves_one_file_and_every_row(wh: Warehouse) -> None:
    three_small_files(wh)
    source = DuckDBSource(wh)
    assert count(source) == 30

    result = compact(wh, CONTACTS)

    assert (result.files_before, result.files_after) == (3, 1)
    assert len(wh.parquet_files(CONTACTS)) == 1
    assert count(source) == 30


def test_a_reader_still_holding_the_old_files_can_read_them_after_compaction(wh: Warehouse) -> None:
    three_small_files(wh)
    old_files = wh.parquet_files(CONTACTS)

    compact(wh, CONTACTS)

    assert duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [old_files]).fetchone() == (30,)
