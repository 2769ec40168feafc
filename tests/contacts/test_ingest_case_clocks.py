"""Cases carry what regulatory clocks need: line of business, category, request, received, extension,
decided, notified, outcome — with the defaults and checks docs/data-formats.md states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from heartline.contacts.ingest.formats import load_cases
from heartline.contacts.tables import CASES
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import options, stored_rows

pytestmark = pytest.mark.django_db

HEADER = (
    "case_id,member_id,opened_at,priority,line_of_business,category,request,received_at,"
    "extension_days,extension_reason,decided_at,notified_at,outcome,owner_id"
)


def write(tmp_path: Path, *rows: str) -> Path:
    file = tmp_path / "grievances.csv"
    file.write_text("\n".join([HEADER, *rows]) + "\n")
    return file


def test_a_grievance_with_its_clock_fields_is_stored(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "G-1,M1,2026-03-02T15:20:00Z,standard,medicare_part_c,grievance,,2026-03-02T15:15:00Z,14,"
        "member sent records,2026-04-10T14:00:00Z,2026-04-11T16:00:00Z,adverse,E10050",
    )

    report = load_cases([file], options())
    (row,) = stored_rows(app_warehouse, CASES)

    assert report.accepted
    assert {k: row[k] for k in ("line_of_business", "category", "request", "extension_days", "outcome")} == {
        "line_of_business": "medicare_part_c",
        "category": "grievance",
        "request": "service",
        "extension_days": 14,
        "outcome": "adverse",
    }
    assert row["notified_at"] == dt.datetime(2026, 4, 11, 16, 0, tzinfo=dt.UTC)


def test_received_defaults_to_opened_and_an_extension_to_none(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write(tmp_path, "G-2,M1,2026-03-02T15:20:00Z,expedited,medicaid,appeal,,,,,,,,")

    load_cases([file], options())
    (row,) = stored_rows(app_warehouse, CASES)

    assert (row["received_at"], row["extension_days"]) == (dt.datetime(2026, 3, 2, 15, 20, tzinfo=dt.UTC), 0)


def test_a_notice_before_receipt_is_refused_naming_row_and_field(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "G-3,M1,2026-03-02T15:20:00Z,standard,medicaid,appeal,,2026-03-02T15:15:00Z,,,,2026-03-01T10:00:00Z,favorable,",
    )

    report = load_cases([file], options())

    assert report.problems == [
        'grievances.csv row 2, field notified_at: "2026-03-01T10:00:00Z" is before received_at "2026-03-02T15:15:00Z"'
    ]
    assert stored_rows(app_warehouse, CASES) == []


def test_an_unknown_line_of_business_is_refused_with_the_choices(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write(tmp_path, "G-4,M1,2026-03-02T15:20:00Z,standard,medigap,grievance,,,,,,,,")

    report = load_cases([file], options())

    assert report.problems == [
        'grievances.csv row 2, field line_of_business: "medigap" is not one of medicare_part_c, medicare_part_d, '
        "medicaid, commercial"
    ]
