"""Fixtures of the quality tests: the world of tests.quality.world on top of the personas."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from heartline.quality.models import ScorecardVersion
    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas


@pytest.fixture
def scorecard(personas: Personas) -> ScorecardVersion:
    from tests.quality.world import add_second_agent, build_behaviors, build_scorecards

    add_second_agent(personas)
    build_behaviors()
    return build_scorecards()


@pytest.fixture
def quality_contacts(app_warehouse: Warehouse) -> Warehouse:
    from tests.quality.world import write_quality_contacts

    write_quality_contacts(app_warehouse)
    return app_warehouse
