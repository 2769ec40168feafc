"""Outside benchmarks: CMS's Care Compare HCAHPS layout and the generic layout load through the ingest
engine (bad rows named by file, row and field; a re-run stores nothing new; only admins may load),
and a unit's results are shown beside the mapped measures with n on both sides and the caveats."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.ingest import IngestOptions
from heartline.voice.analytics import Period
from heartline.voice.benchmarks import CMS_LAYOUT, VOICE_BENCHMARKS, ingest_files, layout_of
from heartline.voice.benchmarks_compare import period_note, unit_benchmarks
from heartline.warehouse.store import Warehouse

# The columns of CMS's "HCAHPS - Hospital" file, in CMS's order.
CMS_COLUMNS = [
    "Facility ID", "Facility Name", "Address", "City/Town", "State", "ZIP Code", "County/Parish",
    "Telephone Number", "HCAHPS Measure ID", "HCAHPS Question", "HCAHPS Answer Description",
    "Patient Survey Star Rating", "Patient Survey Star Rating Footnote", "HCAHPS Answer Percent",
    "HCAHPS Answer Percent Footnote", "HCAHPS Linear Mean Value", "Number of Completed Surveys",
    "Number of Completed Surveys Footnote", "Survey Response Rate Percent",
    "Survey Response Rate Percent Footnote", "Start Date", "End Date",
]  # fmt: skip
FACILITY = [
    "010001",
    "SOUTHEAST HEALTH",
    "1108 ROSS CLARK CIRCLE",
    "DOTHAN",
    "AL",
    "36301",
    "HOUSTON",
    "(334) 793-8701",
]


def cms_row(
    measure: str, percent: str = "71", star: str = "Not Applicable", linear: str = "Not Applicable"
) -> list[str]:
    return [*FACILITY, measure, f"question {measure}", f"answer {measure}", star, "", percent, "", linear,
            "1,204", "", "19", "", "01/01/2024", "12/31/2024"]  # fmt: skip


def write_cms(tmp_path: Path, rows: list[list[str]], name: str = "HCAHPS-Hospital.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(CMS_COLUMNS)
        writer.writerows(rows)
    return path


def write_generic(tmp_path: Path, lines: list[str], name: str = "benchmarks.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(["measure,value,n,period,source", *lines]) + "\n", encoding="utf-8")
    return path


def stored(warehouse: Warehouse) -> list[dict[str, object]]:
    delta = warehouse.open(VOICE_BENCHMARKS)
    assert delta is not None
    return sorted(delta.to_pyarrow_table().to_pylist(), key=lambda r: str(r["measure"]))


CMS_OPTIONS = IngestOptions(format=CMS_LAYOUT)


@pytest.mark.django_db
def test_a_cms_file_is_read_in_cmss_own_layout_and_a_rerun_changes_nothing(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    path = write_cms(
        tmp_path,
        [
            cms_row("H_RECMND_DY", "71"),
            cms_row("H_STAR_RATING", "Not Applicable", star="4"),
            cms_row("H_QUIET_LINEAR_SCORE", "Not Applicable", linear="86"),
            cms_row("H_CLEAN_HSP_A_P", "Not Available", star="Not Available", linear="Not Available"),
        ],
    )
    assert layout_of(path) == CMS_LAYOUT
    first = ingest_files([path], CMS_OPTIONS, warehouse=warehouse)
    again = ingest_files([path], CMS_OPTIONS, warehouse=warehouse)
    assert first.counts.as_dict() == {"read": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert again.counts.as_dict() == {"read": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    rows = stored(warehouse)
    assert [(r["measure"], r["score"]) for r in rows] == [
        ("H_QUIET_LINEAR_SCORE", 86.0),
        ("H_RECMND_DY", 71.0),
        ("H_STAR_RATING", 4.0),
    ]
    recommend = rows[1]
    assert recommend["source"] == "CMS HCAHPS · 010001 SOUTHEAST HEALTH"
    assert recommend["period"] == "2024-01-01/2024-12-31"
    assert (recommend["n"], recommend["response_rate"]) == (1204, "19")


@pytest.mark.django_db
def test_a_value_that_is_not_a_number_refuses_the_file_naming_row_and_field(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    path = write_cms(tmp_path, [cms_row("H_RECMND_DY", "71"), cms_row("H_HSP_RATING_9_10", "7l")])
    report = ingest_files([path], CMS_OPTIONS, warehouse=warehouse)
    assert report.accepted is False
    assert report.problems == ['HCAHPS-Hospital.csv row 3, field value: "7l" is not a number']
    assert warehouse.open(VOICE_BENCHMARKS) is None


@pytest.mark.django_db
def test_a_file_without_cmss_columns_is_refused_naming_them(tmp_path: Path, warehouse: Warehouse) -> None:
    path = tmp_path / "not-cms.csv"
    path.write_text("HCAHPS Measure ID,Start Date\nH_RECMND_DY,01/01/2024\n", encoding="utf-8")
    report = ingest_files([path], CMS_OPTIONS, warehouse=warehouse)
    assert report.accepted is False
    assert "missing column(s) End Date, HCAHPS Answer Percent or HCAHPS Linear Mean Value" in report.problems[0]


@pytest.mark.django_db
def test_the_generic_layout_checks_each_value(tmp_path: Path, warehouse: Warehouse) -> None:
    path = write_generic(
        tmp_path,
        [
            "CAHPS_HP_CS_INFO_ALWAYS,62,1850,2025-01-01/2025-12-31,State survey",
            "CAHPS_HP_PLAN_RATING_9_10,158,1850,2025-01-01/2025-12-31,State survey",
            "CAHPS_HP_FORMS_EASY_ALWAYS,64,many,,State survey",
        ],
    )
    assert layout_of(path) == "native"
    report = ingest_files([path], IngestOptions(), warehouse=warehouse)
    assert report.accepted is False
    assert report.problems == [
        'benchmarks.csv row 3, field value: "158" is outside -100 to 100',
        "benchmarks.csv row 4, field period: is required but empty",
        'benchmarks.csv row 4, field n: "many" is not a whole number of 0 or more',
    ]


def test_the_period_note_says_whether_the_periods_overlap() -> None:
    ours = Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert "does not overlap" in period_note("2024-01-01/2024-12-31", ours)
    assert period_note("2026-01-01/2026-12-31", ours).endswith("overlaps ours")
    assert "not in days" in period_note("2025", ours)


@pytest.mark.usefixtures("survey_responses")
def test_a_units_results_sit_beside_the_benchmark_with_n_on_both_sides(
    tmp_path: Path, app_warehouse: Warehouse, personas, client_as
) -> None:
    path = write_generic(tmp_path, ["H_RECMND_DY,71,1204,2026-01-01/2026-12-31,CMS HCAHPS · National"])
    assert ingest_files([path], IngestOptions(), warehouse=app_warehouse).accepted
    from heartline.core.scoping import caller_for

    data = unit_benchmarks(caller_for(personas.agent.user), "commercial")
    [row] = data["rows"]
    assert (row["measure"], row["item"], row["benchmark"], row["benchmark_n"]) == ("H_RECMND_DY", "nps", 71.0, 1204)
    assert row["ours_n"] == 200
    assert row["ours_ci_low"] < row["ours"] < row["ours_ci_high"]
    assert row["difference"] == pytest.approx(row["ours"] - 71.0)
    assert any("case-mix" in c for c in data["caveats"])
    page = client_as("agent").get("/voice/benchmarks/commercial/").content.decode()
    assert 'data-testid="benchmarks"' in page
    assert "1,204" in page
    assert ">200<" in page.replace(" ", "")
    assert "No case-mix adjustment on our side" in page
    assert client_as("agent").get("/voice/benchmarks/medicare/").status_code == 404


@pytest.mark.django_db
def test_the_command_reads_the_layout_from_the_header(tmp_path: Path, app_warehouse: Warehouse) -> None:
    from heartline.cli import app

    path = write_cms(tmp_path, [cms_row("H_RECMND_DY", "71")])
    runner = CliRunner()
    first = runner.invoke(app, ["voice", "benchmarks", "load", str(path), "--json"])
    again = runner.invoke(app, ["voice", "benchmarks", "load", str(path), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["inserted"] == 1
    assert json.loads(again.stdout) == {
        "accepted": True,
        "read": 1,
        "inserted": 0,
        "updated": 0,
        "unchanged": 1,
        "rejected": 0,
    }


@pytest.mark.usefixtures("app_warehouse")
def test_only_admins_may_post_benchmarks_and_bad_records_are_named(client: Client, personas, api_token) -> None:
    record = {"measure": "H_RECMND_DY", "value": "71", "period": "2024", "source": "CMS HCAHPS · National"}

    def post(records: list[dict[str, str]], who: str) -> object:
        return client.post(
            "/api/v1/ingest/voice-benchmarks",
            {"records": records},
            content_type="application/json",
            headers={"Authorization": f"Bearer {api_token(who)}"},
        )

    assert post([record], "coach").status_code == 403
    bad = post([record, {**record, "measure": "H_HSP_RATING_9_10", "value": "high"}], "admin")
    assert bad.status_code == 400
    assert bad.json()["problems"] == [{"row": 2, "field": "value", "reason": '"high" is not a number'}]
    taken = post([record], "admin")
    assert taken.status_code == 200, taken.content
    assert taken.json()["inserted"] == 1
