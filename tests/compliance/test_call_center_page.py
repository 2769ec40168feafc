"""The call-center standards page and `heartline compliance call-center`.

Queue `q-medicare` (Medicare Advantage, unit medicare), every call answered, hold = wait − IVR (10 s):

    Aug 100 s · Sep 110 s  → Q3 mean 105 s: met
    Oct 130 s · Nov 150 s  → Q4 mean 140 s: over 120 s
    Sep 110, Oct 130, Nov 150 rise; slope 20; December projected 170; Q4 = (130 + 150 + 170) / 3 = 150
    → trending toward a breach.

Queue `q-commercial` (commercial) holds 200 s in November: shown for reference, never flagged. One call
in October is dropped by the plan: Medicare's Q4 disconnect rate is 1 of 2 calls.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.contacts.tables import CONTACTS
from heartline.core.models import AccessLogEntry, Role
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.compliance.call_center_fixtures import call, serve_lines
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db

PAGE = "/compliance/call-center/?from=2026-07-01&to=2026-12-06"
PLAN = [
    call("a1", "2026-08-10 15:00:00", 110, 10),
    call("s1", "2026-09-10 15:00:00", 120, 10),
    call("o1", "2026-10-12 15:00:00", 140, 10, disconnected_by="plan"),
    call("n1", "2026-11-10 15:00:00", 160, 10),
    call("k1", "2026-11-11 15:00:00", 210, 10, queue="q-commercial", unit="commercial"),
]


@pytest.fixture
def plan(app_warehouse: Warehouse, personas: Personas) -> Warehouse:
    serve_lines(personas.org)
    write_batch(app_warehouse, CONTACTS, pa.Table.from_pylist(PLAN, schema=CONTACTS.schema), source="tests")
    return app_warehouse


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def rows(html: str, test_id: str) -> list[tuple[str, ...]]:
    """The text of each body row's cells of the section with data-testid `test_id`."""
    body = html.split(f'data-testid="{test_id}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    found = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [tuple(text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)) for row in found]


def test_the_page_shows_each_queue_quarter_with_its_n_interval_and_standard(
    plan: Warehouse, client_as: Callable[[str], Client]
) -> None:
    html = client_as("exec").get(PAGE).content.decode()

    shown = [(r[0], r[1], r[2], r[5], r[7]) for r in rows(html, "hold-time")]
    assert shown == [
        ("Commercial", "q-commercial", "2026-10", "1", "reference"),
        ("Medicare Advantage (Part C)", "q-medicare", "2026-07", "2", "met"),
        ("Medicare Advantage (Part C)", "q-medicare", "2026-10", "2", "over 120 s"),
    ]
    # mean 140 of 130 and 150: sd 14.142, t(1) 12.706 → 140 ± 127.06
    assert rows(html, "hold-time")[2][3] == "140.0 (12.9–267.1)"


def test_the_quarter_over_the_standard_and_the_rising_queue_are_highlighted(
    plan: Warehouse, client_as: Callable[[str], Client]
) -> None:
    html = client_as("exec").get(PAGE).content.decode()

    assert rows(html, "trends")[0] == (
        "Hold time (s)",
        "Medicare Advantage (Part C)",
        "q-medicare",
        "2026-09: 110 s (n 1) · 2026-10: 130 s (n 1) · 2026-11: 150 s (n 1)",
        "2026-10: 150 s",
        "toward a breach",
    )
    hold = html.split('data-testid="hold-time"', 1)[1].split("</table>", 1)[0]
    assert hold.count('class="breach"') == 1


def test_the_disconnect_rate_says_its_n_and_that_disconnects_are_recorded(
    plan: Warehouse, client_as: Callable[[str], Client]
) -> None:
    html = client_as("exec").get(PAGE).content.decode()

    assert rows(html, "disconnect-rate")[2] == (
        "Medicare Advantage (Part C)",
        "q-medicare",
        "2026-10",
        "50.0% (9.5–90.5)",
        "1",
        "2",
        "1 calls",
        "over 5%",
    )


def test_a_manager_sees_only_their_units_queues(plan: Warehouse, client_as: Callable[[str], Client]) -> None:
    html = client_as("manager").get(PAGE).content.decode()

    assert {r[1] for r in rows(html, "hold-time")} == {"q-medicare"}


@pytest.mark.parametrize("username", ["agent", "coach", "qa"])
def test_roles_without_the_capability_are_refused(
    plan: Warehouse, client_as: Callable[[str], Client], username: str
) -> None:
    assert client_as(username).get(PAGE).status_code == 403


def test_a_compliance_officer_may_open_it_and_the_view_is_logged(plan: Warehouse, personas: Personas) -> None:
    officer = make_employee("officer", Role.COMPLIANCE, personas.org.division)
    client = Client()
    client.force_login(officer.user)

    assert client.get(PAGE).status_code == 200
    assert AccessLogEntry.objects.filter(user=officer.user, action="compliance.call_center").count() == 1


def test_a_bad_date_is_refused_with_a_reason(plan: Warehouse, client_as: Callable[[str], Client]) -> None:
    response = client_as("exec").get("/compliance/call-center/?from=2026-13-01")

    assert response.status_code == 400


def test_the_menu_shows_the_page_to_those_who_may_open_it(plan: Warehouse, client_as: Callable[[str], Client]) -> None:
    assert [("/compliance/call-center/" in client_as(u).get("/").content.decode()) for u in ("exec", "agent")] == [
        True,
        False,
    ]


def heartline(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_command_prints_the_report_as_json(plan: Warehouse) -> None:
    report = heartline("compliance", "call-center", "--from", "2026-07-01", "--to", "2026-12-06", "--json")

    assert sorted(report) == ["disconnect_rate", "hold_time", "period", "standards", "test_calls"]
    assert report["standards"]["hold_time_seconds"] == 120.0
    assert [(r["queue"], r["quarter"], r["value"], r["n"], r["breach"]) for r in report["hold_time"]["rows"]] == [
        ("q-commercial", "2026-10-01", 200.0, 1, False),
        ("q-medicare", "2026-07-01", 105.0, 2, False),
        ("q-medicare", "2026-10-01", 140.0, 2, True),
    ]
    medicare = next(t for t in report["hold_time"]["trends"] if t["queue"] == "q-medicare")
    assert (medicare["rising"], medicare["projected"], medicare["toward_breach"]) == (True, 150.0, True)
    assert sorted(report["hold_time"]["rows"][0]) == sorted(
        [
            "line_of_business", "line_label", "queue", "quarter", "value", "ci_low", "ci_high", "median", "sd",
            "ivr_recorded", "numerator", "denominator", "n", "applies", "breach",
        ]
    )  # fmt: skip


def test_the_command_refuses_a_bad_period() -> None:
    result = CliRunner().invoke(app, ["compliance", "call-center", "--from", "2026-12-01", "--to", "2026-11-01"])

    assert result.exit_code == 2
