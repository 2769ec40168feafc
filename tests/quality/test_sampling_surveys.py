"""Risk-weighted sampling and members' survey answers: a contact whose survey was low (NPS 0–6 or
CSAT 1–2) weighs 3 more, so it is drawn more often and listed first; without surveys nothing changes.

The contacts are those of tests.quality.world (March 2026, commercial): q-1 and q-2 handed off
once (weight 3), q-3 repeated (weight 4), q-4 … q-6 plain (weight 1) for e-agent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from heartline.quality.models import SampledContact, SamplingPlan, ScorecardVersion
from heartline.quality.selectors.audits import audit_queue
from heartline.quality.services.sampling import create_sampling_plan, draw, risk_weight
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.quality.test_audits import caller
from tests.support.personas import Personas

ANSWERED = dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC)


def surveyed(warehouse: Warehouse, answers: dict[str, tuple[int | None, int | None]]) -> None:
    """A post-contact survey response per contact: contact id → (NPS, CSAT)."""
    rows = [
        {
            "response_id": f"SP-{contact}",
            "survey": "post_contact",
            "responded_at": ANSWERED,
            "contact_id": contact,
            "agent_id": "e-agent",
            "unit": "commercial",
            "nps": nps,
            "csat": csat,
        }
        for contact, (nps, csat) in answers.items()
    ]
    write_batch(warehouse, SURVEY_RESPONSES, pa.Table.from_pylist(rows, schema=SURVEY_RESPONSES.schema), source="t")


def plan(personas: Personas, per_agent: int, seed: int = 11) -> dict[str, float]:
    """Contact id → risk weight of a fresh risk-weighted plan for commercial's March."""
    SamplingPlan.objects.all().delete()
    made = create_sampling_plan(
        caller(personas, "qa"),
        unit_code="commercial",
        month=dt.date(2026, 3, 1),
        per_agent=per_agent,
        method="risk",
        scorecard_code="cqa",
        seed=seed,
    )
    return dict(SampledContact.objects.filter(plan=made).values_list("contact_id", "risk_weight"))


def test_a_low_survey_adds_3_to_the_risk_weight() -> None:
    assert (risk_weight(0, False, True), risk_weight(1, True, True), risk_weight(1, True)) == (4.0, 9.0, 6.0)


def test_a_risk_weighted_draw_favours_a_contact_with_a_low_survey() -> None:
    rows: list[dict[str, Any]] = [
        {"contact_id": f"p{i:02d}", "agent_id": "A", "handoffs": 0, "repeated": False, "low_survey": False}
        for i in range(10)
    ]
    rows.append({"contact_id": "low", "agent_id": "A", "handoffs": 0, "repeated": False, "low_survey": True})
    low_by_risk = sum(draw(rows, 1, "risk", seed)[0]["contact_id"] == "low" for seed in range(300))
    low_by_chance = sum(draw(rows, 1, "random", seed)[0]["contact_id"] == "low" for seed in range(300))
    # Expected 300·4/14 ≈ 86 against 300/11 ≈ 27.
    assert low_by_risk > 60
    assert low_by_chance < 45


@pytest.mark.django_db
def test_a_plan_weighs_low_surveys_and_the_queue_lists_them_first(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    surveyed(quality_contacts, {"q-4": (9, 5), "q-5": (6, 4), "q-6": (8, 2), "q-2": (3, 1)})

    weights = plan(personas, per_agent=6)

    assert {c: weights[c] for c in ("q-1", "q-2", "q-3", "q-4", "q-5", "q-6")} == {
        "q-1": 3.0,  # one handoff
        "q-2": 6.0,  # one handoff and NPS 3
        "q-3": 4.0,  # repeated
        "q-4": 1.0,  # NPS 9, CSAT 5: not low
        "q-5": 4.0,  # NPS 6 is a detractor's
        "q-6": 4.0,  # CSAT 2
    }
    queue = [s.contact_id for s in audit_queue(caller(personas, "qa")) if s.agent.code == "e-agent"]
    assert queue[0] == "q-2"
    assert queue[-1] == "q-4"


@pytest.mark.django_db
def test_without_surveys_or_with_only_good_ones_the_plan_is_the_same(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    before = plan(personas, per_agent=2)
    surveyed(quality_contacts, {f"q-{i}": (10, 5) for i in range(1, 10)})
    after = plan(personas, per_agent=2)

    assert after == before
    assert set(before.values()) <= {1.0, 3.0, 4.0}  # 1 + 2 × handoffs + 3 × repeated, nothing more
