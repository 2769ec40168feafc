"""Sampling plans: N per agent per month, random or weighted to risk, never a contact twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from heartline.quality.models import SampledContact, ScorecardVersion
from heartline.quality.selectors.audits import audit_queue
from heartline.quality.services.audits import start_audit
from heartline.quality.services.sampling import create_sampling_plan, draw, risk_weight
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import caller
from tests.support.personas import Personas


def test_risk_weight_counts_handoffs_and_repeats() -> None:
    assert (risk_weight(0, False), risk_weight(2, False), risk_weight(1, True)) == (1.0, 5.0, 6.0)


def test_a_draw_takes_n_distinct_contacts_per_agent_and_all_when_fewer() -> None:
    rows = [{"contact_id": f"a{i}", "agent_id": "A", "handoffs": 0, "repeated": False} for i in range(10)]
    rows += [{"contact_id": "b1", "agent_id": "B", "handoffs": 0, "repeated": False}] * 3  # the same contact thrice

    chosen = draw(rows, 4, "random", seed=7)

    assert Counter(r["agent_id"] for r in chosen) == {"A": 4, "B": 1}
    assert len({r["contact_id"] for r in chosen}) == 5


def test_a_risk_weighted_draw_favours_risky_contacts() -> None:
    # One contact with 10 handoffs (weight 21) among 20 plain ones (weight 1): drawn 1 of 1 nearly always.
    rows = [{"contact_id": f"p{i:02d}", "agent_id": "A", "handoffs": 0, "repeated": False} for i in range(20)]
    rows.append({"contact_id": "risky", "agent_id": "A", "handoffs": 10, "repeated": False})
    risky_draws = sum(draw(rows, 1, "risk", seed)[0]["contact_id"] == "risky" for seed in range(200))
    random_draws = sum(draw(rows, 1, "random", seed)[0]["contact_id"] == "risky" for seed in range(200))
    # Expected 200·21/41 ≈ 102 against 200/21 ≈ 10.
    assert risky_draws > 70
    assert random_draws < 25


@pytest.mark.django_db
def test_a_plan_draws_from_the_units_contacts_of_the_month_and_is_not_drawn_twice(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    qa = caller(personas, "qa")
    plan = create_sampling_plan(
        qa, unit_code="commercial", month=dt.date(2026, 3, 15), per_agent=2, method="risk", scorecard_code="cqa"
    )
    again = create_sampling_plan(
        qa, unit_code="commercial", month=dt.date(2026, 3, 1), per_agent=2, method="risk", scorecard_code="cqa"
    )

    samples = list(SampledContact.objects.filter(plan=plan))
    assert again.pk == plan.pk
    assert SampledContact.objects.count() == 4
    assert Counter(s.agent.code for s in samples) == {"e-agent": 2, "e-bo": 2}
    assert {s.contact_id for s in samples} <= {f"q-{i}" for i in range(1, 10)} | {"q-r"}


@pytest.mark.django_db
def test_the_queue_shows_the_plans_contacts_until_audited(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    from heartline.quality.services.audits import save_answers
    from tests.quality.test_audits import ALL_MET

    qa: Any = caller(personas, "qa")
    create_sampling_plan(
        qa, unit_code="commercial", month=dt.date(2026, 3, 1), per_agent=1, method="random", scorecard_code="cqa"
    )
    first = audit_queue(qa)[0]
    audit = start_audit(qa, sample_id=first.pk)
    save_answers(qa, audit.pk, ALL_MET, complete=True)

    assert [s.pk for s in audit_queue(qa)] != []
    assert first.pk not in [s.pk for s in audit_queue(qa)]
    assert list(audit_queue(caller(personas, "manager"))) == []
