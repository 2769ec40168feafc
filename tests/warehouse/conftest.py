"""Warehouse fixtures: an empty warehouse, the hand-made contacts written to it, SQL snapshots."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.warehouse.hand_facts import CONTACTS_BY_HAND

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    """An empty warehouse folder of this test's own (no Django needed)."""
    return Warehouse(tmp_path / "warehouse")


@pytest.fixture
def hand_contacts(wh: Warehouse) -> Warehouse:
    """`wh` holding CONTACTS_BY_HAND, delivered as a real feed would be: c1–c4 first (c1 as chat), then
    a correction of c1 to phone (a merge that rewrites its data file), then c5–c7 (a new data file)."""
    first = [{**row, "channel": "chat"} if row["contact_id"] == "c1" else row for row in CONTACTS_BY_HAND[:4]]
    write_batch(wh, CONTACTS, pa.Table.from_pylist(first), source="hand-1")
    write_batch(wh, CONTACTS, pa.Table.from_pylist(CONTACTS_BY_HAND[:1]), source="hand-2")
    write_batch(wh, CONTACTS, pa.Table.from_pylist(CONTACTS_BY_HAND[4:]), source="hand-3")
    return wh


@pytest.fixture
def duck(hand_contacts: Warehouse) -> DuckDBSource:
    return DuckDBSource(hand_contacts)


@pytest.fixture
def sql_snapshot() -> Callable[[str, str], None]:
    """`sql_snapshot(name, sql)`: compare `sql` with snapshots/<name>.sql; UPDATE_SNAPSHOTS=1 rewrites it."""

    def check(name: str, sql: str) -> None:
        path = SNAPSHOTS / f"{name}.sql"
        text = sql.strip() + "\n"
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            return
        assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review the file"
        assert text == path.read_text(), f"SQL differs from {path.name} (UPDATE_SNAPSHOTS=1 rewrites it)"

    return check
