"""An ingest context of the tests' own: a fresh warehouse, reports under the test's folder, events kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from heartline.ingest.engine import IngestContext, IngestEvent
from heartline.warehouse.store import Warehouse


class Events(list[IngestEvent]):
    """The events the engine recorded (what the platform writes to the access log)."""


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def context(tmp_path: Path, warehouse: Warehouse, events: Events) -> IngestContext:
    return IngestContext(home=tmp_path / "home", warehouse=warehouse, record=events.append)
