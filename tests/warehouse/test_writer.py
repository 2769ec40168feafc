"""The idempotent writer: insert new keys, update changed rows, leave identical rows alone, log each batch."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pyarrow as pa
import pytest
from deltalake import DeltaTable

from heartline.contacts.tables import CONTACTS
from heartline.warehouse import writer
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import BATCH_LOG, write_batch
from tests.warehouse.hand_facts import utc


@pytest.fixture(autouse=True, params=["as-small-batches", "as-large-batches"])
def merge_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case twice: as small batches are written (the Delta writer, then the Delta merge
    comparing rows), and as large ones are (here: every batch) — a first load as Parquet files
    written in parallel (two rows a file) and committed at once, later batches with identical rows
    dropped by DuckDB before the merge. Both must store and count the same."""
    if request.param == "as-large-batches":
        monkeypatch.setattr(writer, "PREFILTER_MIN_ROWS", 1)
        monkeypatch.setattr(writer, "PARALLEL_FIRST_LOAD_MIN_ROWS", 1)
        monkeypatch.setattr(writer, "ROWS_PER_FILE", 2)
    return str(request.param)


def batch(*rows: dict[str, Any]) -> pa.Table:
    return pa.Table.from_pylist(list(rows))


def row(contact_id: str, channel: str = "phone", unit: str | None = "u1") -> dict[str, Any]:
    return {"contact_id": contact_id, "channel": channel, "unit": unit, "started_at": utc(2025, 1, 6, 9, 0)}


def stored(warehouse: Warehouse) -> dict[str, dict[str, Any]]:
    """The table's current rows by contact_id, read with deltalake itself rather than our reader."""
    rows = DeltaTable(str(warehouse.path(CONTACTS))).to_pyarrow_table().to_pylist()
    return {r["contact_id"]: r for r in rows}


def version(warehouse: Warehouse) -> int:
    return DeltaTable(str(warehouse.path(CONTACTS))).version()


def counts(result: Any) -> tuple[int, int, int, int]:
    return (result.read, result.inserted, result.updated, result.unchanged)


def test_first_load_inserts_every_row(wh: Warehouse) -> None:
    result = write_batch(wh, CONTACTS, batch(row("c1"), row("c2"), row("c3")))

    assert counts(result) == (3, 3, 0, 0)
    assert sorted(stored(wh)) == ["c1", "c2", "c3"]


def test_rerunning_the_first_batch_changes_nothing(wh: Warehouse) -> None:
    # row() leaves most columns out, so the rows hold nulls: the comparison must be null-safe.
    first = batch(row("c1"), row("c2"), row("c3", unit=None))
    write_batch(wh, CONTACTS, first)
    version_before = version(wh)

    again = write_batch(wh, CONTACTS, first)

    assert counts(again) == (3, 0, 0, 3)
    assert version(wh) == version_before
    assert again.table_version == version_before
    assert len(stored(wh)) == 3


def test_rerunning_a_merged_batch_changes_nothing(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, batch(row("c1")))
    second = batch(row("c1", channel="chat"), row("c2"))
    write_batch(wh, CONTACTS, second)  # a merge: the table already has data
    version_before = version(wh)

    again = write_batch(wh, CONTACTS, second)

    assert counts(again) == (2, 0, 0, 2)
    assert version(wh) == version_before
    assert len(stored(wh)) == 2


def test_a_changed_row_updates_and_a_new_key_inserts_in_one_batch(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, batch(row("c1"), row("c2"), row("c3")))

    result = write_batch(wh, CONTACTS, batch(row("c1", channel="chat"), row("c2"), row("c4", channel="email")))

    assert counts(result) == (3, 1, 1, 1)
    rows = stored(wh)
    assert sorted(rows) == ["c1", "c2", "c3", "c4"]
    assert {cid: r["channel"] for cid, r in rows.items()} == {
        "c1": "chat",
        "c2": "phone",
        "c3": "phone",
        "c4": "email",
    }


def test_a_value_changed_to_null_counts_as_an_update(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, batch(row("c1", unit="u1")))

    result = write_batch(wh, CONTACTS, batch(row("c1", unit=None)))

    assert counts(result) == (1, 0, 1, 0)
    assert stored(wh)["c1"]["unit"] is None


def test_duplicate_keys_in_a_first_load_keep_the_last(wh: Warehouse) -> None:
    result = write_batch(
        wh, CONTACTS, batch(row("c1", channel="phone"), row("c2"), row("c1", channel="chat"), row("c1", channel="sms"))
    )

    assert counts(result) == (2, 2, 0, 0)
    assert stored(wh)["c1"]["channel"] == "sms"
    assert len(stored(wh)) == 2


def test_duplicate_keys_in_a_merged_batch_keep_the_last(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, batch(row("c1", channel="phone")))

    result = write_batch(wh, CONTACTS, batch(row("c1", channel="chat"), row("c1", channel="email")))

    assert counts(result) == (1, 0, 1, 0)
    assert stored(wh)["c1"]["channel"] == "email"


def test_an_unknown_column_is_refused_by_name(wh: Warehouse) -> None:
    with pytest.raises(ValueError, match=r"has no columns \['colour'\]"):
        write_batch(wh, CONTACTS, batch({**row("c1"), "colour": "blue"}))

    assert wh.open(CONTACTS) is None


def test_missing_optional_columns_become_nulls(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, batch({"contact_id": "c1", "started_at": utc(2025, 1, 6, 9, 0)}))

    stored_row = stored(wh)["c1"]
    assert stored_row["started_at"] == utc(2025, 1, 6, 9, 0)
    assert {name: value for name, value in stored_row.items() if value is not None} == {
        "contact_id": "c1",
        "started_at": utc(2025, 1, 6, 9, 0),
    }


def test_a_missing_required_column_is_refused_by_name(wh: Warehouse) -> None:
    with pytest.raises(ValueError, match=r"needs columns \['started_at'\]"):
        write_batch(wh, CONTACTS, batch({"contact_id": "c1", "unit": "u1"}))


def test_a_null_natural_key_is_refused_by_name(wh: Warehouse) -> None:
    with pytest.raises(ValueError, match=r"columns \['contact_id'\] must have a value in every row"):
        write_batch(wh, CONTACTS, batch(row("c1"), {**row("c2"), "contact_id": None}))


def test_values_are_cast_to_the_table_schema(wh: Warehouse) -> None:
    # int64 from Python ints is stored as the schema's int32/int16.
    write_batch(wh, CONTACTS, batch({**row("c1"), "talk_seconds": 300, "consult_count": 2}))

    schema = DeltaTable(str(wh.path(CONTACTS))).to_pyarrow_table().schema
    assert schema.field("talk_seconds").type == pa.int32()
    assert schema.field("consult_count").type == pa.int16()
    assert stored(wh)["c1"]["talk_seconds"] == 300


def test_the_batch_log_gets_one_row_per_batch_with_its_counts(wh: Warehouse) -> None:
    first = write_batch(wh, CONTACTS, batch(row("c1"), row("c2")), source="day-1.csv")
    second = write_batch(wh, CONTACTS, batch(row("c1", channel="chat"), row("c2"), row("c3")), source="day-2.csv")
    third = write_batch(wh, CONTACTS, batch(row("c3")), source="day-2.csv")

    log = DeltaTable(str(wh.path(BATCH_LOG))).to_pyarrow_table().to_pylist()
    by_batch = {
        r["batch_id"]: (r["table_name"], r["source"], r["read"], r["inserted"], r["updated"], r["unchanged"])
        for r in log
    }
    assert by_batch == {
        first.batch_id: ("contacts", "day-1.csv", 2, 2, 0, 0),
        second.batch_id: ("contacts", "day-2.csv", 3, 1, 1, 1),
        third.batch_id: ("contacts", "day-2.csv", 1, 0, 0, 1),
    }
    assert [r["table_version"] for r in sorted(log, key=lambda r: r["written_at"])] == [
        first.table_version,
        second.table_version,
        third.table_version,
    ]
    assert second.table_version > first.table_version
    assert third.table_version == second.table_version


def test_timestamps_with_an_offset_are_stored_in_utc(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, batch({"contact_id": "c1", "started_at": "2025-01-31T23:30:00+02:00"}))

    assert stored(wh)["c1"]["started_at"] == utc(2025, 1, 31, 21, 30)


def test_a_value_that_does_not_fit_the_column_type_is_refused(wh: Warehouse) -> None:
    with pytest.raises(ValueError, match="'abc'"):
        write_batch(wh, CONTACTS, batch({**row("c1"), "talk_seconds": "abc"}))

    assert wh.open(CONTACTS) is None


GROWN = pa.schema([*CONTACTS.schema, pa.field("callback_requested", pa.bool_())])


def test_a_table_that_gains_a_column_keeps_its_rows_and_reads_the_new_column_as_null(warehouse: Warehouse) -> None:
    write_batch(warehouse, CONTACTS, batch(row("c1"), row("c2")))
    grown = replace(CONTACTS, schema=GROWN)

    result = write_batch(warehouse, grown, batch({**row("c2"), "callback_requested": True}, row("c3")))
    table = DuckDBSource(warehouse).table(grown)
    read = {
        r["contact_id"]: r["callback_requested"]
        for r in table.select("contact_id", "callback_requested").to_pyarrow().to_pylist()
    }

    assert counts(result) == (2, 1, 1, 0)
    assert read == {"c1": None, "c2": True, "c3": None}
