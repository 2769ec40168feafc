"""The two builds the demo tests make besides the shared one, each once per test process (see
tests.demo.second_builds). Django is not set up yet when this file loads, hence the imports inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pytest_django import DjangoDbBlocker

if TYPE_CHECKING:
    from tests.demo.second_builds import SecondBuild
    from tests.support.shared_demo import BuiltDemo


@pytest.fixture(scope="session")
def rebuilt(
    small_demo: BuiltDemo, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> SecondBuild:
    """The demo built again with its own seed over the shared demo and a copy of its warehouse."""
    from heartline.warehouse.store import Warehouse
    from tests.demo.second_builds import build_and_roll_back
    from tests.support.shared_demo import SEED, copy_on_write

    folder = tmp_path_factory.mktemp("rebuilt")
    warehouse = Warehouse(copy_on_write(small_demo.warehouse.root, folder / "warehouse"))
    return build_and_roll_back(django_db_blocker, warehouse, folder / "index", seed=SEED, force=False)


@pytest.fixture(scope="session")
def forced(
    small_demo: BuiltDemo, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> SecondBuild:
    """The demo built with another seed and `force=True` into a warehouse holding `one_contact()`, made live
    to end in the week before FORCED_ENDS."""
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch
    from tests.demo.second_builds import FORCED_ENDS, build_and_roll_back, one_contact
    from tests.support.shared_demo import SEED

    folder = tmp_path_factory.mktemp("forced")
    warehouse = Warehouse(folder / "warehouse")
    write_batch(warehouse, CONTACTS, one_contact())
    return build_and_roll_back(
        django_db_blocker, warehouse, folder / "index", seed=SEED + 1, force=True, ends=FORCED_ENDS
    )
