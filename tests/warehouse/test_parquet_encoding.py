"""Which columns the warehouse's Parquet files keep in a dictionary: those whose values repeat."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from heartline.warehouse.writer import dictionary_columns

ROWS = 40_000


def contacts_like() -> pa.Table:
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    return pa.table(
        {
            "contact_id": [f"C-{i}" for i in range(ROWS)],
            "started_at": pa.array([start + dt.timedelta(seconds=i) for i in range(ROWS)], pa.timestamp("us", "UTC")),
            "channel": [("phone", "chat", "email")[i % 3] for i in range(ROWS)],
            "talk_seconds": pa.array([i % 600 for i in range(ROWS)], pa.int32()),
            "team": pa.nulls(ROWS, pa.string()),
        }
    )


def test_columns_of_distinct_values_are_written_plain_and_repeated_ones_in_a_dictionary() -> None:
    assert dictionary_columns(contacts_like()) == ["channel", "talk_seconds", "team"]


def test_an_empty_table_keeps_every_column_in_a_dictionary() -> None:
    assert dictionary_columns(contacts_like().slice(0, 0)) == [
        "contact_id",
        "started_at",
        "channel",
        "talk_seconds",
        "team",
    ]
