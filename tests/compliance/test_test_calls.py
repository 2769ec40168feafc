"""`heartline ingest test-calls`: the test-call log, good and bad, and the availability it measures.

The log below (worked by hand): four calls in a language and two over TTY, limits 8 and 7 minutes.

    id   queue         language tty   live  interpreter  connected   completed?
    t1   q-medicare    es       no    yes   yes          300 s       yes
    t2   q-medicare    zh       no    yes   no           –           no  (no interpreter)
    t3   q-medicare    vi       no    yes   yes          540 s       no  (over 8 minutes)
    t4   q-commercial  es       no    no    –            –           no  (nobody answered)
    t5   q-medicare             yes   yes   –            400 s       yes
    t6   q-medicare             yes   yes   –            430 s       no  (over 7 minutes)

Interpreter: 1 of 4; TTY: 1 of 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from heartline.compliance.tables import TEST_CALLS
from heartline.compliance.test_calls import load_test_calls
from heartline.ingest import kinds as ingest_kinds
from heartline.warehouse.store import Warehouse
from tests.compliance.call_center_fixtures import serve_lines
from tests.contacts.ingest_fixtures import options, stored_rows
from tests.contacts.metric_fixtures import rate_row, run
from tests.support.personas import Org

pytestmark = pytest.mark.django_db

HEADER = (
    "call_id,placed_at,queue,line_of_business,language,tty,reached_live_person,interpreter_available,"
    "connected_within_seconds,notes"
)
LOG = [
    "t1,2026-03-02T15:00:00Z,q-medicare,,es,false,true,true,300,",
    "t2,2026-03-03T15:00:00Z,q-medicare,,zh,false,true,false,,CSR could not reach the language line",
    "t3,2026-03-04T15:00:00Z,q-medicare,,vi,false,true,true,540,",
    "t4,2026-03-05T15:00:00-05:00,q-commercial,,es,false,false,,,",
    "t5,2026-03-06T15:00:00Z,q-medicare,,,true,true,,400,",
    "t6,2026-03-09T15:00:00Z,q-medicare,medicare_part_d,,true,true,,430,",
]


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def loaded(app_warehouse: Warehouse, org: Org, tmp_path: Path) -> Warehouse:
    serve_lines(org)
    report = load_test_calls([write_csv(tmp_path / "calls.csv", *LOG)], options())
    assert (report.accepted, report.problems) == (True, [])
    return app_warehouse


def test_the_kind_is_registered_with_the_ingest_command() -> None:
    assert ingest_kinds.get_kind("test-calls") is load_test_calls


def test_each_call_is_filed_under_its_queues_unit_and_line(loaded: Warehouse) -> None:
    rows = {r["call_id"]: r for r in stored_rows(loaded, TEST_CALLS)}

    assert [(r["call_id"], r["unit"], r["line_of_business"]) for r in rows.values()] == [
        ("t1", "medicare", "medicare_part_c"),
        ("t2", "medicare", "medicare_part_c"),
        ("t3", "medicare", "medicare_part_c"),
        ("t4", "commercial", "commercial"),
        ("t5", "medicare", "medicare_part_c"),
        ("t6", "medicare", "medicare_part_d"),  # the file's line wins over the queue's
    ]


def test_availability_is_completed_test_calls_over_those_placed(loaded: Warehouse) -> None:
    rows = run("interpreter-tty-availability", loaded, by=("test",))

    assert rows == [rate_row(1, 4, test="interpreter"), rate_row(1, 2, test="tty")]


def test_the_time_limits_are_options(loaded: Warehouse) -> None:
    options_ = {"interpreter_limit_seconds": 600, "tty_limit_seconds": 430}

    rows = run("interpreter-tty-availability", loaded, by=("test",), options=options_)

    assert rows == [rate_row(2, 4, test="interpreter"), rate_row(2, 2, test="tty")]


def test_a_bad_log_is_refused_whole_with_file_row_and_field(app_warehouse: Warehouse, org: Org, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "bad.csv",
        LOG[0],
        "t7,2026-03-10 15:00,q-medicare,,es,false,true,true,60,",
        "t8,2026-03-10T15:00:00Z,q-medicare,medicare,es,false,true,true,60,",
        "t9,2026-03-10T15:00:00Z,q-medicare,,es,maybe,true,true,-4,",
        ",2026-03-10T15:00:00Z,q-medicare,,es,false,true,true,60,",
    )

    report = load_test_calls([bad], options())

    assert report.accepted is False
    assert report.problems == [
        'bad.csv row 3, field placed_at: "2026-03-10 15:00" is not an ISO 8601 time with an offset '
        "(e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)",
        'bad.csv row 4, field line_of_business: "medicare" is not one of medicare_part_c, medicare_part_d, '
        "medicaid, commercial",
        'bad.csv row 5, field tty: "maybe" is not true or false',
        'bad.csv row 5, field connected_within_seconds: "-4" is not a whole number of 0 or more',
        "bad.csv row 6, field call_id: is required but empty",
    ]
    assert stored_rows(app_warehouse, TEST_CALLS) == []


def test_a_file_may_not_say_the_unit(app_warehouse: Warehouse, org: Org, tmp_path: Path) -> None:
    path = tmp_path / "unit.csv"
    path.write_text("call_id,placed_at,unit\nt1,2026-03-02T15:00:00Z,medicare\n", encoding="utf-8")

    report = load_test_calls([path], options())

    assert (report.accepted, report.problems) == (
        False,
        [
            "unit.csv: column unit is not part of the native test-calls format: "
            "it is filled from the queue's unit in Heartline"
        ],
    )


def test_the_api_stores_a_good_batch_and_refuses_a_bad_one(
    app_warehouse: Warehouse, org: Org, client: Client, api_token: Callable[[str], str]
) -> None:
    headers = {"Authorization": f"Bearer {api_token('admin')}"}
    record = {"call_id": "t1", "placed_at": "2026-03-02T15:00:00Z", "queue": "q-medicare", "language": "es"}
    bad = client.post(
        "/api/v1/ingest/test-calls",
        {"records": [record, {**record, "call_id": "t2", "tty": "maybe"}]},
        content_type="application/json",
        headers=headers,
    )
    good = client.post(
        "/api/v1/ingest/test-calls", {"records": [record]}, content_type="application/json", headers=headers
    )

    assert (bad.status_code, bad.json()["problems"]) == (
        400,
        [{"row": 2, "field": "tty", "reason": '"maybe" is not true or false'}],
    )
    assert (good.status_code, good.json()["inserted"]) == (200, 1)
    assert [(r["call_id"], r["unit"]) for r in stored_rows(app_warehouse, TEST_CALLS)] == [("t1", "medicare")]


def test_the_api_refuses_a_non_admin(app_warehouse: Warehouse, client: Client, api_token: Callable[[str], str]) -> None:
    response = client.post(
        "/api/v1/ingest/test-calls",
        {"records": []},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('manager')}"},
    )

    assert response.status_code == 403
