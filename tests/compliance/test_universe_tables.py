"""The expedited (EOD) and payment (claims) universes: their headers as documented, hand-made cases
with the values CMS asks for (dates YYYY/MM/DD and times HH:MM:SS on New York's clock, across the
end of daylight saving time), scoping, and choosing the table on the command line, the API and the page."""

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
from heartline.compliance.universe_layouts import UNIVERSES, column_notes
from heartline.compliance.universes import Universe, universe_csv, universe_rows
from heartline.contacts.tables import CASES
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR, caller_for
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.members.factories import make_member
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

EOD, CLAIMS = UNIVERSES["part-c-eod"], UNIVERSES["part-c-claims"]
AUTUMN = (dt.date(2026, 10, 1), dt.date(2026, 11, 30))

MEMBER_AND_CASE = [
    "Beneficiary First Name",
    "Beneficiary Last Name",
    "Enrollee ID",
    "Contract ID",
    "Plan ID",
    "Authorization or Claim Number",
]
EXTENSION_NOTICE = (
    "If an extension was taken, did the sponsor notify the member of the reason(s) for the delay and of their "
    "right to file an expedited grievance?"
)
REVIEWER = (
    "If denied for lack of medical necessity, was the review completed by a physician or other appropriate "
    "health care professional?"
)
# CMS-10191 ODAG Appendix A Table 2 (EOD), columns A–AC; docs/compliance.md "Audit universes".
EOD_HEADER = [
    *MEMBER_AND_CASE,
    "Person who made the request?",
    "Provider Type",
    "Date the request was received",
    "Time the request was received",
    "Diagnosis",
    "Issue description and type of service",
    "Level of service",
    "Subsequent expedited request",
    "Was a timeframe extension taken?",
    EXTENSION_NOTICE,
    "Request Disposition",
    "Date of sponsor decision",
    "Time of sponsor decision",
    "Was the request denied for lack of medical necessity?",
    REVIEWER,
    "Date oral notification provided to enrollee",
    "Time oral notification provided to enrollee",
    "Date written notification provided to enrollee",
    "Time written notification provided to enrollee",
    "Date service authorization entered/effectuated in the sponsor's system",
    "Time effectuated in the sponsor's system",
    "AOR Receipt date",
    "First Tier, Downstream, and Related Entity",
]
# CMS-10191 ODAG Appendix A Table 3 (payment requests, claims), columns A–T.
CLAIMS_HEADER = [
    *MEMBER_AND_CASE,
    "Provider Type",
    "Is this a clean claim?",
    "Date the request was received",
    "Diagnosis",
    "Issue description and type of service",
    "Level of service",
    "Request Disposition",
    "Date the Claim was paid",
    "Was interest paid on the claim?",
    "Was the request denied for lack of medical necessity?",
    REVIEWER,
    "Date written notification provided to enrollee",
    "Date written notification provided to provider",
    "First Tier, Downstream, and Related Entity",
]


def utc(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


def part_c(case_id: str, unit: str, received: dt.datetime, **fields: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "member_id": f"M-{case_id}",
        "unit": unit,
        "opened_at": received,
        "received_at": received,
        "line_of_business": "medicare_part_c",
        "category": "initial_determination",
        "priority": "expedited",
        "request": "service",
        **fields,
    }


@pytest.fixture
def cases(app_warehouse: Warehouse, personas: Personas) -> None:
    medicare, commercial = personas.org.medicare.code, personas.org.commercial.code
    rows = [
        # Received 23:30 on Oct 31 in New York (03:30 UTC Nov 1), decided 01:15 on Nov 1 (EDT),
        # member told 20:05 on Nov 1 (EST, after the clocks went back).
        part_c(
            "EOD-approved",
            medicare,
            utc(11, 1, 3, 30),
            decided_at=utc(11, 1, 5, 15),
            notified_at=utc(11, 2, 1, 5),
            outcome="favorable",
        ),
        part_c(
            "EOD-denied", medicare, utc(10, 12, 16), decided_at=utc(10, 13, 9), outcome="adverse", extension_days=14
        ),
        part_c("EOD-other-unit", commercial, utc(10, 20, 16)),
        part_c("X-standard", medicare, utc(10, 12, 16), priority="standard"),
        part_c("X-payment-grievance", medicare, utc(10, 12, 16), request="payment", category="grievance"),
        # Payment requests: a claim approved and one received on Nov 30 at 23:00 in New York.
        part_c(
            "PAY-approved",
            medicare,
            utc(10, 5, 15),
            priority="standard",
            request="payment",
            decided_at=utc(10, 20, 15),
            notified_at=utc(10, 21, 15),
            outcome="favorable",
        ),
        part_c("PAY-late-night", medicare, utc(12, 1, 4), priority="standard", request="payment", outcome="partial"),
        part_c("PAY-december", medicare, utc(12, 1, 6), priority="standard", request="payment"),
    ]
    write_batch(app_warehouse, CASES, pa.Table.from_pylist(rows, schema=CASES.schema))
    make_member("M-EOD-approved", given="Rosa", family="Díaz")
    make_member("M-PAY-approved", given="Sam", family="O'Neil", phone="(555) 010-0456")


def by_case(universe: Universe, rows: list[list[str]]) -> dict[str, dict[str, str]]:
    case_column = universe.header.index("Authorization or Claim Number")
    return {row[case_column]: dict(zip(universe.header, row, strict=True)) for row in rows}


def test_the_eod_header_is_table_2_exactly() -> None:
    assert EOD.header == EOD_HEADER


def test_the_claims_header_is_table_3_exactly() -> None:
    assert CLAIMS.header == CLAIMS_HEADER


def test_columns_are_lettered_as_cms_numbers_them() -> None:
    notes = column_notes(EOD)

    assert [n["column"] for n in notes[24:]] == ["Y", "Z", "AA", "AB", "AC"]
    assert notes[26] == {
        "column": "AA",
        "heading": "Time effectuated in the sponsor's system",
        "fills": "blank: effectuation is not recorded in Heartline",
    }


def test_every_blank_column_says_why() -> None:
    for universe in UNIVERSES.values():
        for column in universe.columns:
            assert column.fills, (universe.name, column.heading)


@pytest.mark.usefixtures("cases")
def test_only_expedited_pre_service_part_c_determinations_land_in_eod() -> None:
    rows = universe_rows(OPERATOR, EOD, *AUTUMN)

    assert list(by_case(EOD, rows)) == ["EOD-denied", "EOD-other-unit", "EOD-approved"]


@pytest.mark.usefixtures("cases")
def test_an_expedited_approval_has_new_york_dates_and_times_across_the_end_of_daylight_saving() -> None:
    row = by_case(EOD, universe_rows(OPERATOR, EOD, *AUTUMN))["EOD-approved"]

    assert (row["Beneficiary First Name"], row["Beneficiary Last Name"]) == ("Rosa", "Díaz")
    assert (row["Date the request was received"], row["Time the request was received"]) == ("2026/10/31", "23:30:00")
    assert (row["Date of sponsor decision"], row["Time of sponsor decision"]) == ("2026/11/01", "01:15:00")
    assert row["Date written notification provided to enrollee"] == "2026/11/01"
    assert row["Time written notification provided to enrollee"] == "20:05:00"
    assert row["Request Disposition"] == "APPROVED"
    assert (row["Was a timeframe extension taken?"], row[EXTENSION_NOTICE]) == ("N", "NA")
    assert (row["Was the request denied for lack of medical necessity?"], row[REVIEWER]) == ("NA", "NA")
    assert (row["Date oral notification provided to enrollee"], row["Time oral notification provided to enrollee"]) == (
        "",
        "",
    )


@pytest.mark.usefixtures("cases")
def test_an_extended_denial_not_yet_notified_reads_na_for_the_notice() -> None:
    row = by_case(EOD, universe_rows(OPERATOR, EOD, *AUTUMN))["EOD-denied"]

    assert (row["Request Disposition"], row["Was a timeframe extension taken?"], row[EXTENSION_NOTICE]) == (
        "DENIED",
        "Y",
        "",
    )
    assert (row["Date of sponsor decision"], row["Time of sponsor decision"]) == ("2026/10/13", "05:00:00")
    assert (
        row["Date written notification provided to enrollee"],
        row["Time written notification provided to enrollee"],
    ) == (
        "NA",
        "NA",
    )
    assert (row["Beneficiary First Name"], row["Enrollee ID"]) == ("", "M-EOD-denied")


@pytest.mark.usefixtures("cases")
def test_payment_requests_land_in_claims_by_their_new_york_day_of_receipt() -> None:
    rows = by_case(CLAIMS, universe_rows(OPERATOR, CLAIMS, *AUTUMN))

    assert list(rows) == ["PAY-approved", "PAY-late-night"]
    approved = rows["PAY-approved"]
    assert (approved["Beneficiary First Name"], approved["Beneficiary Last Name"]) == ("Sam", "O'Neil")
    assert approved["Date the request was received"] == "2026/10/05"
    assert approved["Request Disposition"] == "APPROVED"
    assert approved["Date written notification provided to enrollee"] == "2026/10/21"
    assert (approved["Date the Claim was paid"], approved["Is this a clean claim?"]) == ("", "")
    late = rows["PAY-late-night"]
    assert (late["Date the request was received"], late["Request Disposition"]) == ("2026/11/30", "DENIED")


@pytest.mark.usefixtures("cases")
def test_a_manager_sees_their_unit_and_each_named_member_is_logged(personas: Personas) -> None:
    rows = universe_rows(caller_for(personas.manager.user), EOD, *AUTUMN)

    assert list(by_case(EOD, rows)) == ["EOD-denied", "EOD-approved"]
    logged = AccessLogEntry.objects.filter(action="compliance.universe.export")
    assert list(logged.values_list("member_id", flat=True)) == ["M-EOD-approved"]


@pytest.mark.usefixtures("cases")
def test_an_executive_gets_the_universe_without_member_names_and_nobody_is_logged_as_named(
    personas: Personas,
) -> None:
    rows = universe_rows(caller_for(personas.executive.user), EOD, *AUTUMN)

    named = universe_rows(OPERATOR, EOD, *AUTUMN)
    assert len(rows) == len(named) > 0
    assert all(row[EOD.header.index("Beneficiary First Name")] == "" for row in rows)
    assert any(row[EOD.header.index("Beneficiary First Name")] for row in named)
    assert not AccessLogEntry.objects.filter(action="compliance.universe.export", username="exec").exists()


def test_an_empty_universe_is_still_its_header() -> None:
    for universe in UNIVERSES.values():
        text = universe_csv(universe, universe_rows(OPERATOR, universe, *AUTUMN))

        assert list(csv.reader(io.StringIO(text))) == [universe.header]


@pytest.mark.usefixtures("cases")
def test_the_cli_chooses_the_table_with_table(tmp_path: Path) -> None:
    target = tmp_path / "eod.csv"
    period = ["--from", "2026-10-01", "--to", "2026-11-30", "--out", str(target), "--json"]

    result = CliRunner().invoke(app, ["compliance", "universe", "--table", "part-c-eod", *period])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["universe"] == "part-c-eod"
    lines = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert lines[0] == EOD_HEADER
    assert len(lines) == 4


def test_the_cli_refuses_two_different_tables() -> None:
    args = ["compliance", "universe", "part-c-sod", "--table", "part-c-eod"]
    result = CliRunner().invoke(app, [*args, "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.csv"])

    assert result.exit_code == 2
    assert "Give one" in result.output


@pytest.mark.usefixtures("cases")
def test_the_api_returns_the_claims_table(client: Client, personas: Personas, api_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {api_token(personas.manager.user)}"}

    response = client.get(
        "/api/v1/compliance/universes/part-c-claims.csv", {"from": "2026-10-01", "to": "2026-11-30"}, headers=headers
    )

    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == CLAIMS_HEADER
    assert [line[5] for line in lines[1:]] == ["PAY-approved", "PAY-late-night"]


@pytest.mark.usefixtures("cases")
def test_the_page_downloads_the_table_asked_for(client_as: Callable[[str], Client]) -> None:
    response = client_as("manager").get(
        "/compliance/universes/", {"table": "part-c-eod", "from": "2026-10-01", "to": "2026-11-30"}
    )

    assert response["Content-Disposition"] == 'attachment; filename="part-c-eod_2026-10-01_2026-11-30.csv"'
    assert response.content.decode().splitlines()[0].startswith("Beneficiary First Name,Beneficiary Last Name")


def test_the_page_lists_each_tables_columns_and_what_fills_them(client_as: Callable[[str], Client]) -> None:
    html = client_as("manager").get("/compliance/universes/").content.decode()

    assert 'name="universe" value="part-c-claims"' in html
    assert "29 columns" in html
    assert "<strong>Is this a clean claim?</strong> — blank: claim cleanliness is not recorded in Heartline" in html
