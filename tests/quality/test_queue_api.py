"""`GET /api/v1/quality/queue`: pages of the audit queue (`limit`, `offset`), the total in the
X-Total-Count header, names beside the codes, and a clear 400 for a page out of range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.quality.models import ScorecardVersion
from heartline.quality.services.sampling import create_sampling_plan
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_of_four(personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse) -> None:
    """Two contacts of each of the unit's two representatives drawn to audit."""
    create_sampling_plan(
        caller(personas, "qa"),
        unit_code="commercial",
        month=dt.date(2026, 3, 1),
        per_agent=2,
        method="risk",
        scorecard_code="cqa",
    )


@pytest.fixture
def qa(client: Client, api_token: Callable[[str], str]) -> Callable[..., Any]:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('qa')}"}
    return lambda **params: client.get("/api/v1/quality/queue", params, **auth)


def test_pages_of_the_queue_neither_skip_nor_repeat_and_carry_the_total(
    queue_of_four: None, qa: Callable[..., Any]
) -> None:
    everything = qa()
    first, second, past_the_end = qa(limit=3), qa(limit=3, offset=3), qa(limit=3, offset=4)

    ids = [item["sample_id"] for item in everything.json()]
    assert len(ids) == 4
    assert [i["sample_id"] for i in first.json()] + [i["sample_id"] for i in second.json()] == ids
    assert past_the_end.json() == []
    assert [r["X-Total-Count"] for r in (everything, first, second, past_the_end)] == ["4", "4", "4", "4"]


def test_queue_items_keep_their_codes_and_add_names(queue_of_four: None, qa: Callable[..., Any]) -> None:
    item = qa(limit=1).json()[0]

    assert set(item) == {
        "sample_id",
        "contact_id",
        "agent",
        "agent_name",
        "unit",
        "unit_name",
        "contact_started_at",
        "handoffs",
        "repeated",
        "risk_weight",
        "scorecard",
        "scorecard_name",
    }
    assert (item["unit"], item["unit_name"]) == ("commercial", "Commercial inbound")
    assert (item["scorecard"], item["scorecard_name"]) == ("cqa", "Call Quality Audit")
    assert (item["agent"], item["agent_name"]) in {("e-agent", "Ana"), ("e-bo", "Bo")}


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"limit": 0}, "limit=0: must be 1–500"),
        ({"limit": 501}, "limit=501: must be 1–500"),
        ({"offset": -1}, "offset=-1: must be 0–1000000"),
        ({"offset": 1_000_001}, "offset=1000001: must be 0–1000000"),
    ],
)
def test_a_page_out_of_range_is_refused_with_the_range(
    personas: Personas, qa: Callable[..., Any], params: dict[str, int], detail: str
) -> None:
    response = qa(**params)

    assert response.status_code == 400
    assert response.json() == {"detail": detail}
