"""CMS audit universes: the SOD header, which cases land where, the values CMS asks for, the audit
period, scoping, members' names and their access log, formula-safe CSV, and the CLI, API and page
that export them (the other tables: test_universe_tables.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.compliance.universe_layouts import UNIVERSES, universe_named
from heartline.compliance.universes import universe_csv, universe_rows
from heartline.contacts.tables import CASES
from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR, caller_for
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.members.factories import make_member
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

SOD = UNIVERSES["part-c-sod"]
OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))

# CMS-10191 ODAG Appendix A Table 1, in CMS's order; docs/compliance.md "Audit universes" gives the source.
SOD_HEADER = [
    "Beneficiary First Name",
    "Beneficiary Last Name",
    "Enrollee ID",
    "Contract ID",
    "Plan ID",
    "Authorization or Claim Number",
    "Person who made the request?",
    "Provider Type",
    "Date the request was received",
    "Diagnosis",
    "Issue description and type of service",
    "Level of service",
    "Was request made under the expedited timeframe but processed by the plan under the standard timeframe?",
    "Request for expedited timeframe",
    "Was a timeframe extension taken?",
    "If an extension was taken, did the sponsor notify the member of the reason(s) for the delay and of "
    "their right to file an expedited grievance?",
    "Request Disposition",
    "Date of sponsor decision",
    "Was the request denied for lack of medical necessity?",
    "If denied for lack of medical necessity, was the review completed by a physician or other appropriate "
    "health care professional?",
    "Date oral notification provided to enrollee",
    "Date written notification provided to enrollee",
    "Date service authorization entered/effectuated in the sponsor's system",
    "AOR Receipt date",
    "First Tier, Downstream, and Related Entity",
]


def at(day: int, hour: int = 14, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)


def determination(case_id: str, unit: str, received: dt.datetime, **fields: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "member_id": f"M-{case_id}",
        "unit": unit,
        "opened_at": received,
        "received_at": received,
        "line_of_business": "medicare_part_c",
        "category": "initial_determination",
        "priority": "standard",
        "request": "service",
        **fields,
    }


@pytest.fixture
def cases(app_warehouse: Warehouse, personas: Personas) -> None:
    medicare, commercial = personas.org.medicare.code, personas.org.commercial.code
    rows = [
        # Approved on Oct 5, member told Oct 6 (10:00 in New York).
        determination("SOD-approved", medicare, at(2), decided_at=at(5), notified_at=at(6), outcome="favorable"),
        # Extended 14 days, partly favorable: reported as denied.
        determination("SOD-extended", medicare, at(3), extension_days=14, decided_at=at(20), outcome="partial"),
        # Still open: no decision, no notice.
        determination("SOD-open", medicare, at(28)),
        # 22:00 on Sep 30 in New York: before the audit period although Oct 1 in UTC.
        determination("SOD-september", medicare, at(1, hour=2)),
        determination("SOD-november", medicare, at(2, month=11)),
        determination("SOD-other-unit", commercial, at(10)),
        # Not this universe: expedited, a payment request, a reconsideration, Part D.
        determination("X-expedited", medicare, at(10), priority="expedited"),
        determination("X-payment", medicare, at(10), request="payment"),
        determination("X-appeal", medicare, at(10), category="appeal"),
        determination("X-part-d", medicare, at(10), line_of_business="medicare_part_d"),
    ]
    write_batch(app_warehouse, CASES, pa.Table.from_pylist(rows, schema=CASES.schema))
    make_member("M-SOD-approved", given="Maria", family="Lopez")
    make_member("M-SOD-extended", given="=cmd|' /C calc'!A0", family="Ng")


def by_claim(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    return {row[5]: dict(zip(SOD_HEADER, row, strict=True)) for row in rows}


def test_the_sod_header_is_cms_table_1_exactly() -> None:
    assert SOD.header == SOD_HEADER


@pytest.mark.usefixtures("cases")
def test_only_standard_pre_service_part_c_determinations_received_in_the_period_land_in_sod() -> None:
    rows = universe_rows(OPERATOR, SOD, *OCTOBER)

    assert [row[5] for row in rows] == ["SOD-approved", "SOD-extended", "SOD-other-unit", "SOD-open"]


@pytest.mark.usefixtures("cases")
def test_an_approved_determination_has_cms_dates_and_na_for_the_denial_questions() -> None:
    row = by_claim(universe_rows(OPERATOR, SOD, *OCTOBER))["SOD-approved"]

    assert row["Enrollee ID"] == "M-SOD-approved"
    assert row["Date the request was received"] == "2026/10/02"
    assert row["Was a timeframe extension taken?"] == "N"
    assert row[SOD_HEADER[15]] == "NA"
    assert row["Request Disposition"] == "APPROVED"
    assert row["Date of sponsor decision"] == "2026/10/05"
    assert row["Was the request denied for lack of medical necessity?"] == "NA"
    assert row["Date written notification provided to enrollee"] == "2026/10/06"
    assert (row["Beneficiary First Name"], row["Beneficiary Last Name"]) == ("Maria", "Lopez")
    assert (row["Contract ID"], row["Plan ID"], row["Diagnosis"]) == ("", "", "")


@pytest.mark.usefixtures("cases")
def test_a_member_missing_from_the_members_app_has_blank_names_but_keeps_their_id() -> None:
    row = by_claim(universe_rows(OPERATOR, SOD, *OCTOBER))["SOD-open"]

    assert (row["Beneficiary First Name"], row["Beneficiary Last Name"], row["Enrollee ID"]) == ("", "", "M-SOD-open")


@pytest.mark.usefixtures("cases")
def test_each_member_a_universe_names_is_written_to_the_access_log(personas: Personas) -> None:
    universe_rows(caller_for(personas.manager.user), SOD, *OCTOBER)

    entries = AccessLogEntry.objects.filter(action="compliance.universe.export")
    assert sorted(entries.values_list("member_id", flat=True)) == ["M-SOD-approved", "M-SOD-extended"]
    assert {e.username for e in entries} == {personas.manager.user.username}
    assert all(e.detail["shown"] == ["identity"] for e in entries)


@pytest.mark.usefixtures("cases")
def test_a_name_a_spreadsheet_would_run_is_written_as_text() -> None:
    text = universe_csv(SOD, universe_rows(OPERATOR, SOD, *OCTOBER))

    lines = {line[5]: line for line in csv.reader(io.StringIO(text))}
    assert lines["SOD-extended"][0] == "'=cmd|' /C calc'!A0"


@pytest.mark.usefixtures("cases")
def test_an_extended_partly_favorable_determination_reads_as_extended_and_denied() -> None:
    row = by_claim(universe_rows(OPERATOR, SOD, *OCTOBER))["SOD-extended"]

    assert row["Was a timeframe extension taken?"] == "Y"
    assert row[SOD_HEADER[15]] == ""
    assert row["Request Disposition"] == "DENIED"
    assert row["Was the request denied for lack of medical necessity?"] == ""


@pytest.mark.usefixtures("cases")
def test_an_open_determination_has_no_decision_or_notice_yet() -> None:
    row = by_claim(universe_rows(OPERATOR, SOD, *OCTOBER))["SOD-open"]

    assert (row["Request Disposition"], row["Date of sponsor decision"]) == ("", "NA")
    assert row["Date written notification provided to enrollee"] == "NA"


@pytest.mark.usefixtures("cases")
def test_a_manager_exports_their_unit_only_and_the_export_is_access_logged(personas: Personas) -> None:
    rows = universe_rows(caller_for(personas.manager.user), SOD, *OCTOBER)

    assert [row[5] for row in rows] == ["SOD-approved", "SOD-extended", "SOD-open"]
    entry = AccessLogEntry.objects.get(action="export audit universe")
    assert (entry.resource, entry.detail["cases"]) == ("compliance/universes/part-c-sod", 3)


@pytest.mark.usefixtures("cases")
def test_a_representative_may_not_export_universes(personas: Personas) -> None:
    with pytest.raises(NotAllowed, match="may not export audit universes"):
        universe_rows(caller_for(personas.agent.user), SOD, *OCTOBER)


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ActionRefused, match="starts 2026-10-31 after it ends 2026-10-01"):
        universe_rows(OPERATOR, SOD, OCTOBER[1], OCTOBER[0])


def test_an_unknown_universe_names_the_known_ones() -> None:
    with pytest.raises(NotFound, match="no universe 'part-z'; there are: part-c-claims, part-c-eod, part-c-sod"):
        universe_named("part-z")


def test_the_csv_neutralises_spreadsheet_formulas() -> None:
    text = universe_csv(SOD, [["=HYPERLINK(1)", *[""] * 24]])

    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == SOD_HEADER
    assert lines[1][0] == "'=HYPERLINK(1)"


@pytest.mark.usefixtures("cases")
def test_the_cli_writes_the_universe_csv(tmp_path: Path) -> None:
    target = tmp_path / "sod.csv"
    period = ["--from", "2026-10-01", "--to", "2026-10-31"]

    result = CliRunner().invoke(app, ["compliance", "universe", "part-c-sod", *period, "--out", str(target), "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cases"] == 4
    lines = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [line[5] for line in lines[1:]] == ["SOD-approved", "SOD-extended", "SOD-other-unit", "SOD-open"]


def test_the_cli_lists_the_universes_for_an_unknown_name() -> None:
    result = CliRunner().invoke(
        app, ["compliance", "universe", "nope", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.csv"]
    )

    assert result.exit_code == 2
    assert "There are: part-c-claims, part-c-eod, part-c-sod" in result.output


@pytest.mark.usefixtures("cases")
def test_the_api_lists_universes_and_returns_one_as_csv(
    client: Client, personas: Personas, api_token: Callable[..., str]
) -> None:
    headers = {"Authorization": f"Bearer {api_token(personas.manager.user)}"}

    listed = client.get("/api/v1/compliance/universes", headers=headers)
    response = client.get(
        "/api/v1/compliance/universes/part-c-sod.csv", {"from": "2026-10-01", "to": "2026-10-31"}, headers=headers
    )

    assert [u["name"] for u in listed.json()] == ["part-c-sod", "part-c-eod", "part-c-claims"]
    sod = listed.json()[0]
    assert sod["columns"] == SOD_HEADER
    assert sod["mapping"][2] == {"column": "C", "heading": "Enrollee ID", "fills": "the case's `member_id`"}
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert [line[5] for line in lines[1:]] == ["SOD-approved", "SOD-extended", "SOD-open"]


def test_the_api_asks_for_the_period(client: Client, personas: Personas, api_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {api_token(personas.manager.user)}"}

    response = client.get("/api/v1/compliance/universes/part-c-sod.csv", headers=headers)

    assert response.status_code == 400


@pytest.mark.usefixtures("cases")
def test_the_page_downloads_the_chosen_universe(client_as: Callable[[str], Client]) -> None:
    response = client_as("manager").get(
        "/compliance/universes/", {"universe": "part-c-sod", "from": "2026-10-01", "to": "2026-10-31"}
    )

    assert response["Content-Disposition"] == 'attachment; filename="part-c-sod_2026-10-01_2026-10-31.csv"'
    assert response.content.decode().count("\r\n") == 4


def test_the_page_offers_each_universe_with_its_cms_table(client_as: Callable[[str], Client]) -> None:
    page = client_as("manager").get("/compliance/universes/", {"from": "2026-10-01", "to": "2026-10-31"})

    html = page.content.decode()
    assert 'name="universe" value="part-c-sod"' in html
    assert "Standard Pre-service Organization Determinations (SOD), CMS-10191" in html
    assert 'name="from" value="2026-10-01"' in html
