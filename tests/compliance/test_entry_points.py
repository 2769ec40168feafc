"""The worklist page, `heartline compliance cases --json` and `GET /api/v1/compliance/cases`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pyarrow as pa
import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.contacts.tables import CASES
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 10, 1, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def grievances(app_warehouse: Warehouse, personas: Personas) -> None:
    rows = [
        {
            "case_id": "G-late",
            "unit": personas.org.medicare.code,
            "opened_at": RECEIVED,
            "received_at": RECEIVED,
            "line_of_business": "medicare_part_c",
            "category": "grievance",
            "priority": "standard",
            # Day 0 is Oct 1 (New York): day 30 is Oct 31; notified on Nov 2 → late.
            "notified_at": dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC),
            "outcome": "adverse",
        },
        {
            "case_id": "G-open",
            "unit": personas.org.medicare.code,
            "opened_at": RECEIVED,
            "received_at": RECEIVED,
            "line_of_business": "medicare_part_c",
            "category": "grievance",
            "priority": "standard",
        },
    ]
    write_batch(app_warehouse, CASES, pa.Table.from_pylist(rows, schema=CASES.schema))


@pytest.mark.usefixtures("grievances")
def test_the_cli_prints_cases_with_rule_due_time_and_status_and_a_summary() -> None:
    result = CliRunner().invoke(app, ["compliance", "cases", "--as-of", "2026-10-20T12:00:00-04:00", "--json"])

    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    by_id = {c["case_id"]: c for c in printed["cases"]}
    assert by_id["G-open"]["rule"] == "part_c.grievance.standard"
    assert by_id["G-open"]["due_at"] == "2026-11-01T03:59:59.999999+00:00"
    # As of Oct 20 the late notice (Nov 2) had not happened yet: both cases are open.
    assert [c["status"] for c in printed["cases"]] == ["open", "open"]
    assert printed["summary"]["by_status"]["open"] == 2


@pytest.mark.usefixtures("grievances")
def test_the_cli_refuses_a_moment_without_an_offset() -> None:
    result = CliRunner().invoke(app, ["compliance", "cases", "--as-of", "2026-10-20T12:00:00"])

    assert result.exit_code == 2
    assert "has no offset" in result.output


@pytest.mark.usefixtures("grievances")
def test_the_api_judges_at_the_moment_asked(client: Client, personas: Personas, api_token: Callable[..., str]) -> None:
    token = api_token(personas.manager.user)

    response = client.get(
        "/api/v1/compliance/cases",
        {"as_of": "2026-11-20T12:00:00Z"},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 200
    statuses = {c["case_id"]: c["status"] for c in response.json()["cases"]}
    assert statuses == {"G-late": "late", "G-open": "overdue"}


@pytest.mark.usefixtures("grievances")
def test_the_api_refuses_a_representative(client: Client, personas: Personas, api_token: Callable[..., str]) -> None:
    token = api_token(personas.agent.user)

    response = client.get("/api/v1/compliance/cases", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


@pytest.mark.usefixtures("grievances")
def test_the_worklist_page_shows_what_is_overdue_and_the_on_time_rate_with_n(
    client_as: Callable[[str], Client],
) -> None:
    page = client_as("manager").get("/compliance/").content.decode()

    assert '<strong class="bad">1 overdue</strong>' in page
    assert "n = 1" in page
    assert "42 CFR 422.564(e)" in page
