"""The decision-clock worklist: who sees which cases, in what order, and bad rows that do not break it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from heartline.compliance.selectors import judged_cases, summary
from heartline.contacts.tables import CASES
from heartline.core.errors import NotAllowed
from heartline.core.scoping import caller_for
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

AS_OF = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York


def case(case_id: str, unit: str, received: dt.datetime, **fields: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "unit": unit,
        "opened_at": received,
        "received_at": received,
        "line_of_business": "medicaid",
        "category": "appeal",
        "priority": "standard",
        **fields,
    }


def load(warehouse: Warehouse, *rows: dict[str, Any]) -> None:
    write_batch(warehouse, CASES, pa.Table.from_pylist(list(rows), schema=CASES.schema))


@pytest.fixture
def cases(app_warehouse: Warehouse, personas: Personas) -> None:
    medicare, commercial = personas.org.medicare.code, personas.org.commercial.code
    load(
        app_warehouse,
        # Medicaid appeal, 30 days: received Oct 15 → due end of Nov 14: overdue on Nov 20.
        case("A-overdue", medicare, dt.datetime(2026, 10, 15, 14, 0, tzinfo=dt.UTC)),
        # Received Oct 23 → due end of Nov 22: open, 2.5 days of 30 left → at risk.
        case("A-at-risk", medicare, dt.datetime(2026, 10, 23, 14, 0, tzinfo=dt.UTC)),
        # Received Nov 15 → due end of Dec 15: open, not at risk.
        case("A-open", medicare, dt.datetime(2026, 11, 15, 14, 0, tzinfo=dt.UTC)),
        # Decided and notified on day 10: on time.
        case(
            "A-on-time",
            medicare,
            dt.datetime(2026, 9, 1, 14, 0, tzinfo=dt.UTC),
            notified_at=dt.datetime(2026, 9, 11, 14, 0, tzinfo=dt.UTC),
            outcome="favorable",
        ),
        # A Part D redetermination allows no extension: this row cannot be judged.
        case(
            "D-invalid",
            medicare,
            dt.datetime(2026, 11, 1, 14, 0, tzinfo=dt.UTC),
            line_of_business="medicare_part_d",
            extension_days=5,
        ),
        case("C-other-unit", commercial, dt.datetime(2026, 11, 1, 14, 0, tzinfo=dt.UTC)),
        # Not regulated (no line of business): never on the worklist.
        {"case_id": "X-plain", "unit": medicare, "opened_at": dt.datetime(2026, 11, 1, tzinfo=dt.UTC)},
    )


@pytest.mark.usefixtures("cases")
def test_the_worklist_puts_overdue_first_then_open_cases_by_time_left(personas: Personas) -> None:
    listed = judged_cases(caller_for(personas.manager.user), AS_OF)

    assert [(c.case_id, c.status, c.at_risk) for c in listed] == [
        ("A-overdue", "overdue", False),
        ("A-at-risk", "open", True),
        ("A-open", "open", False),
        ("A-on-time", "on_time", False),
        ("D-invalid", "invalid", False),
    ]


@pytest.mark.usefixtures("cases")
def test_a_case_that_cannot_be_judged_says_why(personas: Personas) -> None:
    (invalid,) = [c for c in judged_cases(caller_for(personas.manager.user), AS_OF) if c.status == "invalid"]

    assert invalid.problem == ("an extension of 5 days is longer than 42 CFR 423.590(a)(1) allows (0 days)")


@pytest.mark.usefixtures("cases")
def test_a_manager_sees_the_cases_of_their_unit_only_and_an_executive_the_division(personas: Personas) -> None:
    managers = {c.case_id for c in judged_cases(caller_for(personas.manager.user), AS_OF)}
    executives = {c.case_id for c in judged_cases(caller_for(personas.executive.user), AS_OF)}

    assert "C-other-unit" not in managers
    assert executives - managers == {"C-other-unit"}


@pytest.mark.usefixtures("cases")
def test_a_representative_may_not_follow_decision_clocks(personas: Personas) -> None:
    with pytest.raises(NotAllowed, match="may not follow decision clocks"):
        judged_cases(caller_for(personas.agent.user), AS_OF)


@pytest.mark.usefixtures("cases")
def test_the_summary_counts_statuses_and_the_on_time_rate_with_its_interval(personas: Personas) -> None:
    result = summary(judged_cases(caller_for(personas.manager.user), AS_OF))

    assert result["by_status"]["overdue"] == 1
    assert result["by_status"]["open"] == 2
    assert result["at_risk"] == 1
    assert (result["judged"], result["on_time"], result["on_time_rate"]) == (1, 1, 1.0)
    # Wilson 95% interval for 1 of 1: (0.2065, 1.0).
    assert result["ci_low"] == pytest.approx(0.2065, abs=1e-4)
    assert result["ci_high"] == 1.0
