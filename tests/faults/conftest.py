"""The fault suite: heartline processes killed, disks filled; every test here is `slow`.

Its subprocesses run on a HEARTLINE_HOME of their own with an SQLite app database, whichever
database the rest of the suite runs on, so the suite runs once, in the SQLite stage of `make test`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.server import IngestServer


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.slow)
            if config.getoption("--postgres"):
                item.add_marker(
                    pytest.mark.skip(
                        reason="the fault suite's processes use their own SQLite app database; "
                        "it runs in the SQLite stage"
                    )
                )


@pytest.fixture(scope="session")
def ingest_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IngestServer]:
    """One `heartline` process set up once; each command runs in a fork of it (see ingest_server.py)."""
    server = IngestServer(tmp_path_factory.mktemp("fault-home"))
    yield server
    server.stop()
