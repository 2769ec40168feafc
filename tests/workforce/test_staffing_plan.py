"""`heartline ingest staffing-plan`: the planner's schedule, good and bad.

The plan below: three half hours on q-medicare (unit medicare) and one on q-commercial (unit
commercial); the second file corrects one interval and adds none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from heartline.ingest import kinds as ingest_kinds
from heartline.warehouse.store import Warehouse
from heartline.workforce.staffing_plan import STAFFING_PLAN, load_staffing_plan
from tests.compliance.call_center_fixtures import serve_lines
from tests.contacts.ingest_fixtures import options, stored_rows
from tests.support.personas import Org

pytestmark = pytest.mark.django_db

HEADER = "queue,interval_start,interval_seconds,scheduled_agents"
PLAN = [
    "q-medicare,2026-12-07T14:00:00Z,1800,12",
    "q-medicare,2026-12-07T14:30:00Z,1800,14",
    "q-medicare,2026-12-07T10:00:00-05:00,,15",  # 15:00 UTC; an empty length is half an hour
    "q-commercial,2026-12-07T14:00:00Z,900,4",
]


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def plan_file(org: Org, tmp_path: Path) -> Path:
    serve_lines(org)
    return write_csv(tmp_path / "plan.csv", *PLAN)


def test_the_kind_is_registered_with_the_ingest_command() -> None:
    assert ingest_kinds.get_kind("staffing-plan") is load_staffing_plan


def test_each_interval_is_stored_under_its_queues_unit(app_warehouse: Warehouse, plan_file: Path) -> None:
    report = load_staffing_plan([plan_file], options())

    assert [str(p) for p in report.problems] == []
    rows = [
        (r["queue"], r["interval_start"].isoformat(), r["interval_seconds"], r["scheduled_agents"], r["unit"])
        for r in stored_rows(app_warehouse, STAFFING_PLAN)
    ]
    assert rows == [
        ("q-commercial", "2026-12-07T14:00:00+00:00", 900, 4, "commercial"),
        ("q-medicare", "2026-12-07T14:00:00+00:00", 1800, 12, "medicare"),
        ("q-medicare", "2026-12-07T14:30:00+00:00", 1800, 14, "medicare"),
        ("q-medicare", "2026-12-07T15:00:00+00:00", 1800, 15, "medicare"),
    ]


def test_a_corrected_plan_replaces_the_intervals_it_names_and_a_rerun_changes_nothing(
    app_warehouse: Warehouse, plan_file: Path, tmp_path: Path
) -> None:
    load_staffing_plan([plan_file], options())
    correction = write_csv(tmp_path / "fix.csv", "q-medicare,2026-12-07T14:30:00Z,1800,16")

    load_staffing_plan([correction], options())
    load_staffing_plan([correction], options())

    scheduled = {
        (r["queue"], r["interval_start"].isoformat()): r["scheduled_agents"]
        for r in stored_rows(app_warehouse, STAFFING_PLAN)
    }
    assert len(scheduled) == 4
    assert scheduled["q-medicare", "2026-12-07T14:30:00+00:00"] == 16


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "q-medicare,2026-12-07T16:00:00,1800,12",  # no offset: it could be any time zone
            'field interval_start: "2026-12-07T16:00:00" is not an ISO 8601 time with an offset '
            "(e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)",
        ),
        (
            "q-medicare,2026-12-07T16:00:00Z,60,12",
            'field interval_seconds: "60" is not a whole number from 300 to 3600',
        ),
        ("q-medicare,2026-12-07T16:00:00Z,1800,-3", 'field scheduled_agents: "-3" is not a whole number of 0 or more'),
        ("q-medicare,2026-12-07T16:00:00Z,1800,", "field scheduled_agents: is required but empty"),
        (",2026-12-07T16:00:00Z,1800,12", "field queue: is required but empty"),
    ],
)
def test_a_bad_row_refuses_the_file_naming_its_row_and_field(
    app_warehouse: Warehouse, plan_file: Path, tmp_path: Path, row: str, message: str
) -> None:
    bad = write_csv(tmp_path / "bad.csv", PLAN[0], row)

    report = load_staffing_plan([bad], options())

    assert not report.accepted
    assert [str(p) for p in report.problems] == [f"bad.csv row 3, {message}"]
    assert stored_rows(app_warehouse, STAFFING_PLAN) == []


def test_one_interval_twice_in_a_file_refuses_both_rows(
    app_warehouse: Warehouse, plan_file: Path, tmp_path: Path
) -> None:
    twice = write_csv(tmp_path / "twice.csv", PLAN[0], PLAN[1], "q-medicare,2026-12-07T09:00:00-05:00,1800,13")

    report = load_staffing_plan([twice], options())

    assert [str(p) for p in report.problems] == [
        'twice.csv row 2, field queue: "q-medicare · 2026-12-07 14:00:00.000000Z" appears again at row 4',
        'twice.csv row 4, field queue: "q-medicare · 2026-12-07 14:00:00.000000Z" appears again (first at row 2)',
    ]
    assert stored_rows(app_warehouse, STAFFING_PLAN) == []
