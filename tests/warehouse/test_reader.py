"""Reading warehouse tables: DuckDB views over the current Delta version, refreshed after each write."""

from __future__ import annotations

import shutil
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import pytest

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource, ParquetSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.warehouse.hand_facts import utc


def rows(*contact_ids: str, channel: str = "phone") -> pa.Table:
    return pa.Table.from_pylist(
        [{"contact_id": c, "channel": channel, "started_at": utc(2025, 1, 6, 9, 0)} for c in contact_ids]
    )


def count(source: DuckDBSource | ParquetSource) -> int:
    result = source.execute(source.table(CONTACTS).count().name("n").as_table())
    return int(result[0]["n"])  # type: ignore[call-overload]


def test_a_table_never_written_reads_as_empty(wh: Warehouse) -> None:
    source = DuckDBSource(wh)

    assert source.execute(source.table(CONTACTS)) == []
    assert count(source) == 0


def test_a_table_never_written_has_the_registered_column_types(wh: Warehouse) -> None:
    schema = DuckDBSource(wh).table(CONTACTS).schema()

    assert list(schema.names) == CONTACTS.schema.names
    assert schema["contact_id"].is_string()
    assert schema["started_at"] == dt.Timestamp(timezone="UTC", scale=6)
    assert schema["hold_seconds"] == dt.int32
    assert schema["consult_count"] == dt.int16
    assert schema["abandoned"] == dt.boolean


def test_a_written_table_has_the_same_column_types_as_an_empty_one(wh: Warehouse) -> None:
    empty = DuckDBSource(wh).table(CONTACTS).schema()
    write_batch(wh, CONTACTS, rows("c1"))

    written = DuckDBSource(wh).table(CONTACTS).schema()

    assert {name: typ.copy(nullable=True) for name, typ in written.items()} == {
        name: typ.copy(nullable=True) for name, typ in empty.items()
    }


def test_the_same_source_sees_each_new_version(wh: Warehouse) -> None:
    source = DuckDBSource(wh)
    assert count(source) == 0

    write_batch(wh, CONTACTS, rows("c1", "c2"))
    assert count(source) == 2

    write_batch(wh, CONTACTS, rows("c3"))
    assert count(source) == 3


def test_an_update_replaces_the_row_instead_of_adding_one(wh: Warehouse) -> None:
    # A merge rewrites the data file holding c1; the old file stays on disk but is not in the version.
    source = DuckDBSource(wh)
    write_batch(wh, CONTACTS, rows("c1", "c2"))
    assert count(source) == 2

    write_batch(wh, CONTACTS, rows("c1", channel="chat"))

    table = source.table(CONTACTS)
    assert count(source) == 2
    assert source.execute(table.filter(table.contact_id == "c1").select("channel")) == [{"channel": "chat"}]


def test_parquet_source_reads_the_current_version_and_follows_writes(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, rows("c1", "c2"))
    source = ParquetSource(wh, ibis.duckdb.connect())
    assert count(source) == 2

    write_batch(wh, CONTACTS, rows("c1", "c3", channel="chat"))

    assert count(source) == 3


def test_a_source_follows_a_table_deleted_and_created_again(wh: Warehouse) -> None:
    """A demo rebuild deletes a table and writes it anew at version 0: a running server must follow."""
    source = DuckDBSource(wh)
    write_batch(wh, CONTACTS, rows("c1", "c2", "c3"))
    assert count(source) == 3

    shutil.rmtree(wh.path(CONTACTS))
    write_batch(wh, CONTACTS, rows("d1"))

    assert count(source) == 1


def test_a_query_past_the_memory_limit_set_for_duckdb_works_on_disk_in_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator's HEARTLINE_DUCKDB_MEMORY_LIMIT bounds each connection, and what does not fit is
    spilled to the warehouse's .tmp folder (DuckDB's default limit, 80% of the machine, got a 100M-row
    derived-table build killed by the kernel)."""
    monkeypatch.setenv("HEARTLINE_DUCKDB_MEMORY_LIMIT", "300MB")
    warehouse = Warehouse(tmp_path / "warehouse")
    con = DuckDBSource(warehouse)._backend()[0].con

    limit, spill = con.execute("SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchone()

    assert limit == "286.1 MiB"  # 300 MB, as DuckDB shows it
    assert Path(spill) == warehouse.root / ".tmp"
    assert Path(spill).is_dir()
