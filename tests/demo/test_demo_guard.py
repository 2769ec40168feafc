"""The demo never wipes data it did not make."""

from __future__ import annotations

import pytest

from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee
from heartline.demo.build import NotADemoError, build_demo
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.demo.second_builds import SecondBuild, one_contact
from tests.support.personas import Personas


@pytest.mark.django_db
def test_a_home_with_other_peoples_records_is_refused(personas: Personas, warehouse: Warehouse) -> None:
    before = Employee.objects.count()

    with pytest.raises(NotADemoError, match="holds data the demo did not make \\(employees\\)"):
        build_demo(size="small", warehouse=warehouse)

    assert Employee.objects.count() == before


@pytest.mark.django_db
def test_a_warehouse_with_contacts_the_demo_did_not_write_is_refused(warehouse: Warehouse) -> None:
    write_batch(warehouse, CONTACTS, one_contact())

    with pytest.raises(NotADemoError, match="warehouse facts"):
        build_demo(size="small", warehouse=warehouse)

    stored = warehouse.open(CONTACTS)
    assert stored is not None
    assert stored.to_pyarrow_table().column("contact_id").to_pylist() == ["real-1"]


def test_force_builds_over_other_data(forced: SecondBuild) -> None:
    assert forced.summary.contacts > 40_000
    assert forced.marked_as_demo
