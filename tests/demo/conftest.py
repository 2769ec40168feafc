"""One small demo plan, built once per test module and removed afterwards.

Tests that only read the plan share it (`small_demo`); tests that rebuild it do so inside their own
test transaction and into their own warehouse folder, so the shared plan is back when they end.
Django is not set up yet when this file loads, hence the imports inside the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from pytest_django import DjangoDbBlocker

if TYPE_CHECKING:
    from tests.demo.built import BuiltDemo


@pytest.fixture(scope="module")
def small_demo(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BuiltDemo]:
    from heartline.contacts.tables import CASES, CONTACTS
    from heartline.demo import blueprint
    from heartline.demo.build import build_demo, wipe_demo
    from heartline.demo.fingerprint import org_digest, table_digest
    from heartline.warehouse.store import Warehouse
    from tests.demo.built import SEED, BuiltDemo

    warehouse = Warehouse(tmp_path_factory.mktemp("demo") / "warehouse")
    calls: list[tuple[str, int, int]] = []
    with django_db_blocker.unblock():
        summary = build_demo(
            size="small",
            seed=SEED,
            warehouse=warehouse,
            progress=lambda step, done, total: calls.append((step, done, total)),
        )
        built = BuiltDemo(
            summary=summary,
            warehouse=warehouse,
            contacts_digest=table_digest(warehouse, CONTACTS),
            cases_digest=table_digest(warehouse, CASES),
            org_digest=org_digest(blueprint.DIVISION_CODE),
            progress=tuple(calls),
        )
    yield built
    with django_db_blocker.unblock():
        wipe_demo(warehouse)
