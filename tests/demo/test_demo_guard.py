"""The demo never wipes data it did not make."""

from __future__ import annotations

import pyarrow as pa
import pytest

from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee
from heartline.demo.build import NotADemoError, build_demo
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas
from tests.warehouse.hand_facts import utc


@pytest.mark.django_db
def test_a_home_with_other_peoples_records_is_refused(personas: Personas, warehouse: Warehouse) -> None:
    before = Employee.objects.count()

    with pytest.raises(NotADemoError, match="holds data the demo did not make \\(employees\\)"):
        build_demo(size="small", warehouse=warehouse)

    assert Employee.objects.count() == before


@pytest.mark.django_db
def test_a_warehouse_with_contacts_the_demo_did_not_write_is_refused(warehouse: Warehouse) -> None:
    write_batch(warehouse, CONTACTS, _one_contact())

    with pytest.raises(NotADemoError, match="warehouse facts"):
        build_demo(size="small", warehouse=warehouse)

    stored = warehouse.open(CONTACTS)
    assert stored is not None
    assert stored.to_pyarrow_table().column("contact_id").to_pylist() == ["real-1"]


@pytest.mark.django_db
def test_force_builds_over_other_data(warehouse: Warehouse) -> None:
    write_batch(warehouse, CONTACTS, _one_contact())

    summary = build_demo(size="small", warehouse=warehouse, force=True)

    assert summary.contacts > 40_000
    assert (warehouse.root / "DEMO").exists()


def _one_contact() -> pa.Table:
    return pa.Table.from_pylist([{"contact_id": "real-1", "started_at": utc(2026, 1, 5, 9, 0)}])
