"""Survey-response ingest: the contact ingest's rules — a bad row refuses the whole file with a report
naming file, row and field; --skip-bad stores the valid rows and writes the rejects; re-runs store
nothing new; the API takes the same records; only admins may load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.ingest import IngestOptions
from heartline.voice.ingest import ingest_files
from heartline.warehouse.store import Warehouse

HEADER = (
    "response_id,survey,responded_at,language,member_id,contact_id,agent_id,unit,nps,csat,resolved,cs_info,verbatim"
)
GOOD = [
    "R1,post_contact,2026-06-01T10:00:00Z,en,NBH000000001,C1,e-agent,commercial,9,5,Yes,,Quick and kind",
    "R2,post_contact,2026-06-01T11:00:00-05:00,es,NBH000000002,C2,e-agent,commercial,3,2,No,,Esperé una hora",
    "R3,cahps_cs,2026-06-02T09:00:00Z,zh,NBH000000003,,,commercial,7,,,Usually,等了很久",
]


def write(tmp_path: Path, rows: list[str], name: str = "responses.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_clean_file_is_stored_and_a_rerun_stores_nothing_new(tmp_path: Path, warehouse: Warehouse) -> None:
    path = write(tmp_path, GOOD)
    first = ingest_files([path], IngestOptions(), warehouse=warehouse)
    again = ingest_files([path], IngestOptions(), warehouse=warehouse)
    assert first.counts.as_dict() == {"read": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert again.counts.as_dict() == {"read": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0}


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_file_naming_row_and_field(tmp_path: Path, warehouse: Warehouse) -> None:
    bad = "R4,post_contact,2026-06-02T09:00:00Z,en,,,,commercial,11,0,Maybe,,"
    report = ingest_files([write(tmp_path, [*GOOD, bad])], IngestOptions(), warehouse=warehouse)
    assert report.accepted is False
    assert report.counts.inserted == 0
    assert report.problems == [
        'responses.csv row 5, field nps: "11" is larger than 10',
        'responses.csv row 5, field csat: "0" is not a whole number from 1 to 5',
        'responses.csv row 5, field resolved: "Maybe" is not one of Yes, No',
    ]


@pytest.mark.django_db
def test_a_verbatim_longer_than_5000_characters_is_refused(tmp_path: Path, warehouse: Warehouse) -> None:
    longest = GOOD[0].replace("Quick and kind", "a" * 5_000)
    too_long = GOOD[1].replace("R2,", "R9,").replace("Esperé una hora", "é" * (1 << 20))
    report = ingest_files([write(tmp_path, [longest, too_long])], IngestOptions(), warehouse=warehouse)
    assert (report.accepted, report.counts.rejected) == (False, 1)
    assert report.problems == ["responses.csv row 3, field verbatim: is longer than 5000 characters"]


@pytest.mark.django_db
def test_skip_bad_stores_the_valid_rows_and_writes_the_rejects(tmp_path: Path, warehouse: Warehouse) -> None:
    bad = "R4,post_contact,2026-06-02T09:00:00Z,fr,,,,commercial,8,,,,"
    report = ingest_files([write(tmp_path, [*GOOD, bad])], IngestOptions(skip_bad=True), warehouse=warehouse)
    assert report.accepted is True
    assert (report.counts.inserted, report.counts.rejected) == (3, 1)
    rejects = Path(str(report.rejects_path)).read_text(encoding="utf-8")
    assert "R4" in rejects
    assert "language" in rejects


@pytest.mark.django_db
def test_an_unknown_column_refuses_the_file(tmp_path: Path, warehouse: Warehouse) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("response_id,survey,responded_at,mood\nR1,post_contact,2026-06-01T10:00:00Z,happy\n")
    report = ingest_files([path], IngestOptions(), warehouse=warehouse)
    assert report.accepted is False
    assert report.problems[0].startswith("odd.csv: unknown column(s) mood")


@pytest.mark.django_db
def test_cli_prints_json_counts(tmp_path: Path, app_warehouse: Warehouse) -> None:
    from heartline.cli import app

    result = CliRunner().invoke(app, ["ingest", "survey-responses", str(write(tmp_path, GOOD)), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "read": 3,
        "inserted": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }


@pytest.mark.usefixtures("app_warehouse")
def test_api_refuses_a_batch_with_a_bad_record_and_stores_a_good_one(client, personas, api_token) -> None:
    headers = {"Authorization": f"Bearer {api_token('admin')}"}
    record = {"response_id": "R9", "survey": "post_contact", "responded_at": "2026-06-01T10:00:00Z", "nps": 10}
    bad = client.post(
        "/api/v1/ingest/survey-responses",
        {"records": [record, {**record, "response_id": "R10", "nps": "ten"}]},
        content_type="application/json",
        headers=headers,
    )
    good = client.post(
        "/api/v1/ingest/survey-responses", {"records": [record]}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 400
    assert bad.json()["problems"] == [{"row": 2, "field": "nps", "reason": '"ten" is not a whole number of 0 or more'}]
    assert good.status_code == 200
    assert good.json()["inserted"] == 1


@pytest.mark.usefixtures("app_warehouse")
def test_api_refuses_a_non_admin(client, personas, api_token) -> None:
    response = client.post(
        "/api/v1/ingest/survey-responses",
        {"records": []},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('manager')}"},
    )
    assert response.status_code == 403
