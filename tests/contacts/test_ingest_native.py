"""`heartline ingest contacts|cases` on native files: CSV, Parquet and JSON Lines, good and bad."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from heartline.contacts.ingest.formats import CONTACTS_FORMAT, load_cases, load_contacts
from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.ingest import ingest_files
from heartline.core.models import AccessLogEntry
from heartline.ingest import kinds as ingest_kinds
from heartline.ingest import report as report_module
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import options, sample, stored, stored_rows, typed_contacts_csv
from tests.support.personas import Personas

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper

pytestmark = pytest.mark.django_db

HEADER = (
    "contact_id,member_id,channel,direction,queue,unit,agent_id,reason,language,started_at,answered_at,"
    "ended_at,hold_seconds,talk_seconds,wrap_seconds,abandoned,route,consult_count,case_id,disposition"
)
TIME_REASON = "is not an ISO 8601 time with an offset (e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=dt.UTC)


def counts(read: int, inserted: int = 0, updated: int = 0, unchanged: int = 0, rejected: int = 0) -> dict[str, int]:
    return {"read": read, "inserted": inserted, "updated": updated, "unchanged": unchanged, "rejected": rejected}


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row_of(warehouse: Warehouse, contact_id: str) -> dict[str, object]:
    return next(r for r in stored_rows(warehouse, CONTACTS) if r["contact_id"] == contact_id)


GOOD_ROW = "c-9,M9,phone,inbound,q-commercial,commercial,e-agent,claims,en,2026-02-02T09:00:00Z,,2026-02-02T09:05:00Z,0,300,0,false,q-commercial,0,,resolved"  # noqa: E501


# -- good files -----------------------------------------------------------------------------------


def test_a_good_csv_loads_every_contact(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_contacts([sample("contacts.csv", tmp_path)], options())

    assert (report.accepted, report.counts.as_dict()) == (True, counts(6, inserted=6))
    assert stored(app_warehouse, CONTACTS).num_rows == 6


def test_times_with_an_offset_are_stored_in_utc(app_warehouse: Warehouse, tmp_path: Path) -> None:
    load_contacts([sample("contacts.csv", tmp_path)], options())

    assert row_of(app_warehouse, "c-1002")["started_at"] == utc(2026, 2, 2, 9, 15)
    assert row_of(app_warehouse, "c-1003")["ended_at"] == utc(2026, 2, 3, 19, 20)
    assert row_of(app_warehouse, "c-1006")["started_at"] == utc(2026, 2, 6, 16, 45, 30, 250000)


def test_empty_values_are_stored_as_nulls_and_flags_as_booleans(app_warehouse: Warehouse, tmp_path: Path) -> None:
    load_contacts([sample("contacts.csv", tmp_path)], options())

    row = row_of(app_warehouse, "c-1004")
    assert (row["abandoned"], row["answered_at"], row["talk_seconds"], row["agent_id"], row["disposition"]) == (
        True,
        None,
        None,
        None,
        None,
    )


def test_team_is_filled_from_the_agents_team(app_warehouse: Warehouse, personas: Personas, tmp_path: Path) -> None:
    load_contacts([sample("contacts.csv", tmp_path)], options())

    teams = {r["contact_id"]: r["team"] for r in stored_rows(app_warehouse, CONTACTS)}
    # e-agent and e-coach are in commercial team A; e-medicare-agent is no employee; c-1004 had no agent.
    assert teams == {
        "c-1001": "commercial-a",
        "c-1002": "commercial-a",
        "c-1003": None,
        "c-1004": None,
        "c-1005": "commercial-a",
        "c-1006": "commercial-a",
    }


def test_a_parquet_file_loads_the_same_rows_as_the_csv(tmp_path: Path) -> None:
    from_csv, from_parquet = Warehouse(tmp_path / "csv"), Warehouse(tmp_path / "parquet")
    csv_file = sample("contacts.csv", tmp_path / "in")
    parquet_file = tmp_path / "in" / "contacts.parquet"
    pq.write_table(typed_contacts_csv(csv_file), parquet_file)

    ingest_files(CONTACTS_FORMAT, [csv_file], options(), warehouse=from_csv)
    report = ingest_files(CONTACTS_FORMAT, [parquet_file], options(), warehouse=from_parquet)

    assert report.counts.as_dict() == counts(6, inserted=6)
    assert stored(from_parquet, CONTACTS).equals(stored(from_csv, CONTACTS))


def test_parquet_whole_floats_and_dictionary_text_load_as_their_values(tmp_path: Path) -> None:
    from_csv, from_parquet = Warehouse(tmp_path / "csv"), Warehouse(tmp_path / "parquet")
    csv_file = sample("contacts.csv", tmp_path / "in")
    table = typed_contacts_csv(csv_file)
    table = table.set_column(
        table.schema.get_field_index("talk_seconds"), "talk_seconds", table["talk_seconds"].cast("float64")
    )
    table = table.set_column(table.schema.get_field_index("channel"), "channel", table["channel"].dictionary_encode())
    pq.write_table(table, tmp_path / "in" / "typed.parquet")

    ingest_files(CONTACTS_FORMAT, [csv_file], options(), warehouse=from_csv)
    ingest_files(CONTACTS_FORMAT, [tmp_path / "in" / "typed.parquet"], options(), warehouse=from_parquet)

    assert stored(from_parquet, CONTACTS).equals(stored(from_csv, CONTACTS))


def test_a_parquet_fraction_of_a_second_count_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    table = typed_contacts_csv(sample("contacts.csv", tmp_path))
    talk = table["talk_seconds"].cast("float64").to_pylist()
    talk[2] = 12.5
    table = table.set_column(table.schema.get_field_index("talk_seconds"), "talk_seconds", pa.array(talk))
    pq.write_table(table, tmp_path / "halves.parquet")

    report = load_contacts([tmp_path / "halves.parquet"], options())

    assert report.problems == ['halves.parquet row 3, field talk_seconds: "12.5" is not a whole number of 0 or more']


def test_a_json_lines_file_loads_the_same_rows_as_the_csv(tmp_path: Path) -> None:
    from_csv, from_json = Warehouse(tmp_path / "csv"), Warehouse(tmp_path / "json")

    ingest_files(CONTACTS_FORMAT, [sample("contacts.csv", tmp_path / "in")], options(), warehouse=from_csv)
    report = ingest_files(CONTACTS_FORMAT, [sample("contacts.jsonl", tmp_path / "in")], options(), warehouse=from_json)

    assert report.counts.as_dict() == counts(6, inserted=6)
    assert stored(from_json, CONTACTS).equals(stored(from_csv, CONTACTS))


def test_a_rerun_of_the_same_file_changes_nothing(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = sample("contacts.csv", tmp_path)
    load_contacts([file], options())
    version = app_warehouse.open(CONTACTS).version()  # type: ignore[union-attr]

    report = load_contacts([file], options())

    assert report.counts.as_dict() == counts(6, unchanged=6)
    assert app_warehouse.open(CONTACTS).version() == version  # type: ignore[union-attr]


def test_a_newer_version_of_a_contact_replaces_the_older(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = sample("contacts.csv", tmp_path)
    load_contacts([file], options())
    newer = tmp_path / "later" / "contacts.csv"
    newer.parent.mkdir()
    newer.write_text(
        file.read_text().replace("q-commercial>q-pharmacy,0,,resolved", "q-commercial>q-pharmacy,0,,escalated")
    )

    report = load_contacts([newer], options())

    assert report.counts.as_dict() == counts(6, updated=1, unchanged=5)
    assert row_of(app_warehouse, "c-1002")["disposition"] == "escalated"


OTHER_ROW = GOOD_ROW.replace("c-9,", "c-8,")


def test_a_contact_id_repeated_in_a_file_refuses_it_naming_both_rows(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "twice.csv", GOOD_ROW, OTHER_ROW, GOOD_ROW.replace(",claims,", ",billing,"))

    report = load_contacts([file], options())

    assert (report.accepted, report.counts.as_dict()) == (False, counts(3, rejected=2))
    assert report.problems == [
        'twice.csv row 2, field contact_id: "c-9" appears again at row 4',
        'twice.csv row 4, field contact_id: "c-9" appears again (first at row 2)',
    ]
    assert stored_rows(app_warehouse, CONTACTS) == []


def test_skip_bad_leaves_out_every_row_of_a_repeated_contact_id(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "thrice.csv", GOOD_ROW, GOOD_ROW, OTHER_ROW, GOOD_ROW)

    report = load_contacts([file], options(skip_bad=True))

    assert (report.accepted, report.counts.as_dict()) == (True, counts(4, inserted=1, rejected=3))
    assert [r["contact_id"] for r in stored_rows(app_warehouse, CONTACTS)] == ["c-8"]
    with open(str(report.rejects_path), newline="") as handle:
        assert [(r["row"], r["problem"]) for r in csv.DictReader(handle)] == [
            ("2", '"c-9" appears again at row 3'),
            ("3", '"c-9" appears again (first at row 2)'),
            ("5", '"c-9" appears again (first at row 2)'),
        ]


def test_a_reason_longer_than_200_characters_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    longest = GOOD_ROW.replace(",claims,", "," + "r" * 200 + ",")
    too_long = OTHER_ROW.replace(",claims,", "," + "r" * (1 << 20) + ",")
    file = write_csv(tmp_path / "long.csv", longest, too_long)

    report = load_contacts([file], options())

    assert (report.accepted, report.counts.rejected) == (False, 1)
    assert report.problems == ["long.csv row 3, field reason: is longer than 200 characters"]


def test_a_route_may_be_1000_characters_long(app_warehouse: Warehouse, tmp_path: Path) -> None:
    route = ">".join(["q-" + "x" * 198] * 5)[:1000]
    file = write_csv(tmp_path / "route.csv", GOOD_ROW.replace(",q-commercial,0,", f",{route},0,"))

    report = load_contacts([file], options())

    assert (report.accepted, report.problems) == (True, [])
    assert row_of(app_warehouse, "c-9")["route"] == route


def test_several_files_load_in_one_batch(app_warehouse: Warehouse, tmp_path: Path) -> None:
    files = [sample("contacts.csv", tmp_path), write_csv(tmp_path / "more.csv", GOOD_ROW)]

    report = load_contacts(files, options())

    assert report.counts.as_dict() == counts(7, inserted=7)


def test_a_clean_run_writes_a_report_saying_so(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_contacts([sample("contacts.csv", tmp_path)], options())

    assert report.report_path == str(tmp_path / "contacts.csv.report.txt")
    assert "No problems." in Path(report.report_path).read_text()


# -- bad files ------------------------------------------------------------------------------------

BAD_FILE_PROBLEMS = [
    f'contacts_bad.csv row 4, field started_at: "2025-13-01" {TIME_REASON}',
    'contacts_bad.csv row 5, field channel: "fax" is not one of phone, chat, email, portal, sms',
    'contacts_bad.csv row 5, field hold_seconds: "-5" is not a whole number of 0 or more',
]


def test_a_file_with_a_bad_row_is_refused_whole(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_contacts([sample("contacts_bad.csv", tmp_path)], options())

    assert (report.accepted, report.counts.as_dict()) == (False, counts(5, rejected=2))
    assert report.problems == BAD_FILE_PROBLEMS


def test_a_refused_file_stores_nothing(app_warehouse: Warehouse, tmp_path: Path) -> None:
    load_contacts([sample("contacts.csv", tmp_path)], options())
    before, version = stored(app_warehouse, CONTACTS), app_warehouse.open(CONTACTS).version()  # type: ignore[union-attr]

    load_contacts([sample("contacts_bad.csv", tmp_path)], options())

    assert app_warehouse.open(CONTACTS).version() == version  # type: ignore[union-attr]
    assert stored(app_warehouse, CONTACTS).equals(before)


def test_the_report_beside_the_file_names_file_row_field_and_reason(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_contacts([sample("contacts_bad.csv", tmp_path)], options())

    assert report.report_path == str(tmp_path / "contacts_bad.csv.report.txt")
    text = Path(report.report_path).read_text()
    assert text.splitlines()[-3:] == BAD_FILE_PROBLEMS
    assert "refused: nothing was stored" in text
    assert report.rejects_path is None


def test_skip_bad_stores_the_valid_rows(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_contacts([sample("contacts_bad.csv", tmp_path)], options(skip_bad=True))

    assert (report.accepted, report.counts.as_dict()) == (True, counts(5, inserted=3, rejected=2))
    assert [r["contact_id"] for r in stored_rows(app_warehouse, CONTACTS)] == ["c-2001", "c-2002", "c-2005"]


def test_skip_bad_writes_the_bad_rows_with_their_original_values_to_a_rejects_file(
    app_warehouse: Warehouse, tmp_path: Path
) -> None:
    report = load_contacts([sample("contacts_bad.csv", tmp_path)], options(skip_bad=True))

    assert report.rejects_path == str(tmp_path / "contacts_bad.csv.rejects.csv")
    with open(report.rejects_path, newline="") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(r["contact_id"], r["started_at"], r["channel"], r["hold_seconds"]) for r in rejects] == [
        ("c-2003", "2025-13-01", "phone", "0"),
        ("c-2004", "2026-03-02T09:30:00Z", "fax", "'-5"),  # a leading - would run as a formula
    ]
    assert [(r["row"], r["field"], r["reason"]) for r in rejects] == [
        ("4", "started_at", "claims"),
        ("5", "channel; hold_seconds", "benefits"),
    ]
    assert rejects[1]["problem"] == (
        '"fax" is not one of phone, chat, email, portal, sms; "-5" is not a whole number of 0 or more'
    )


def test_a_rejected_value_that_looks_like_a_formula_is_written_as_text(
    app_warehouse: Warehouse, tmp_path: Path
) -> None:
    formula = '"=HYPERLINK(""http://x.test"",""claims"")"'
    file = write_csv(tmp_path / "formula.csv", GOOD_ROW.replace(",claims,", f",{formula},").replace(",phone,", ",fax,"))

    report = load_contacts([file], options(skip_bad=True))

    with open(str(report.rejects_path), newline="") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(r["reason"], r["channel"], r["problem"]) for r in rejects] == [
        ('\'=HYPERLINK("http://x.test","claims")', "fax", '"fax" is not one of phone, chat, email, portal, sms')
    ]


def test_a_missing_required_column_is_named(app_warehouse: Warehouse, tmp_path: Path) -> None:
    header = HEADER.replace("started_at,", "")
    file = write_csv(tmp_path / "no_start.csv", GOOD_ROW.replace("2026-02-02T09:00:00Z,", ""), header=header)

    report = load_contacts([file], options(skip_bad=True))

    assert (report.accepted, report.counts.as_dict()) == (False, counts(1, rejected=1))
    assert report.problems == ["no_start.csv: missing required column(s) started_at"]


def test_an_unknown_column_is_named(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "extra.csv", GOOD_ROW + ",Ana", header=HEADER + ",agent_name")

    report = load_contacts([file], options())

    assert report.accepted is False
    assert report.problems[0].startswith("extra.csv: unknown column(s) agent_name; the native contacts format has ")


def test_a_team_column_is_refused_because_heartline_fills_it(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "team.csv", GOOD_ROW + ",commercial-a", header=HEADER + ",team")

    report = load_contacts([file], options())

    assert report.problems == [
        "team.csv: column team is not part of the native contacts format: "
        "it is filled from the agent's team in Heartline"
    ]


def test_a_time_without_an_offset_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "local.csv", GOOD_ROW.replace("2026-02-02T09:00:00Z", "2026-02-02T09:00:00"))

    report = load_contacts([file], options())

    assert report.problems == [f'local.csv row 2, field started_at: "2026-02-02T09:00:00" {TIME_REASON}']


def test_a_day_that_does_not_exist_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "feb.csv", GOOD_ROW.replace("2026-02-02T09:05:00Z", "2026-02-30T09:05:00Z"))

    report = load_contacts([file], options())

    assert report.problems == [f'feb.csv row 2, field ended_at: "2026-02-30T09:05:00Z" {TIME_REASON}']


def test_an_end_before_the_start_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "order.csv", GOOD_ROW.replace("2026-02-02T09:05:00Z", "2026-02-02T08:55:00Z"))

    report = load_contacts([file], options())

    assert report.problems == [
        'order.csv row 2, field ended_at: "2026-02-02T08:55:00Z" is before started_at "2026-02-02T09:00:00Z"'
    ]


def test_an_empty_required_value_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "blank.csv", GOOD_ROW.replace("c-9,", ",", 1))

    report = load_contacts([file], options())

    assert report.problems == ["blank.csv row 2, field contact_id: is required but empty"]


def test_a_flag_other_than_true_or_false_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "flag.csv", GOOD_ROW.replace(",false,", ",no,"))

    report = load_contacts([file], options())

    assert report.problems == ['flag.csv row 2, field abandoned: "no" is not true or false']


def test_a_consult_count_beyond_its_range_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "many.csv", GOOD_ROW.replace("q-commercial,0,", "q-commercial,40000,"))

    report = load_contacts([file], options())

    assert report.problems == ['many.csv row 2, field consult_count: "40000" is larger than 32767']


def test_a_row_with_too_many_values_is_reported_and_later_rows_keep_their_numbers(
    app_warehouse: Warehouse, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "split.csv",
        GOOD_ROW,
        GOOD_ROW.replace("c-9,", "c-10,") + ",surplus",
        GOOD_ROW.replace("c-9,", "c-11,").replace(",phone,", ",pager,"),
    )

    report = load_contacts([file], options(skip_bad=True))

    assert report.counts.as_dict() == counts(3, inserted=1, rejected=2)
    assert report.problems[1] == 'split.csv row 4, field channel: "pager" is not one of phone, chat, email, portal, sms'
    assert report.problems[0].startswith("split.csv row 3: has 21 values where the header has 20: c-10,")


def test_a_file_that_is_not_utf8_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = tmp_path / "latin1.csv"
    file.write_bytes((HEADER + "\n" + GOOD_ROW.replace("M9", "Mé") + "\n").encode("latin-1"))

    report = load_contacts([file], options())

    assert report.accepted is False
    assert report.problems[0].startswith("latin1.csv: ")


def test_a_file_of_unknown_type_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = tmp_path / "contacts.xlsx"
    file.write_bytes(b"PK")

    report = load_contacts([file], options())

    assert report.problems == [
        "contacts.xlsx: unknown file type .xlsx; native files end in .csv, .parquet, .pq, .jsonl, .ndjson, .json "
        "(CSV and JSON Lines may be gzipped: .gz)"
    ]


def test_a_bad_file_refuses_the_good_files_of_the_same_ingest(app_warehouse: Warehouse, tmp_path: Path) -> None:
    files = [sample("contacts.csv", tmp_path), sample("contacts_bad.csv", tmp_path)]

    report = load_contacts(files, options())

    assert (report.accepted, report.counts.as_dict()) == (False, counts(11, rejected=2))
    assert app_warehouse.open(CONTACTS) is None
    assert report.report_path == str(tmp_path / "contacts_bad.csv.report.txt")


def test_reports_go_to_heartline_home_when_the_input_folder_is_read_only(
    app_warehouse: Warehouse, tmp_path: Path, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.HEARTLINE_HOME = tmp_path / "home"
    monkeypatch.setattr(report_module, "_writable", lambda folder: False)

    report = load_contacts([sample("contacts_bad.csv", tmp_path / "in")], options())

    assert report.report_path == str(tmp_path / "home" / "ingest-reports" / "contacts_bad.csv.report.txt")
    assert Path(report.report_path).is_file()


def test_a_parquet_time_without_a_time_zone_refuses_the_file(app_warehouse: Warehouse, tmp_path: Path) -> None:
    table = typed_contacts_csv(sample("contacts.csv", tmp_path))
    naive = table.set_column(
        table.schema.get_field_index("started_at"), "started_at", table["started_at"].cast("timestamp[us]")
    )
    pq.write_table(naive, tmp_path / "naive.parquet")

    report = load_contacts([tmp_path / "naive.parquet"], options(skip_bad=True))

    assert report.problems == [
        "naive.parquet: field started_at: is a timestamp[us] column without a time zone; "
        "times need an explicit offset or UTC"
    ]


# -- cases ----------------------------------------------------------------------------------------


def test_a_cases_csv_loads(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_cases([sample("cases.csv", tmp_path)], options())

    assert report.counts.as_dict() == counts(3, inserted=3)
    opened = {r["case_id"]: r["opened_at"] for r in stored_rows(app_warehouse, CASES)}
    assert opened["CASE-2002"] == utc(2026, 2, 4, 13, 0)


def test_a_case_priority_must_be_standard_or_expedited(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = tmp_path / "cases.csv"
    file.write_text("case_id,opened_at,priority\nCASE-1,2026-02-01T10:00:00Z,urgent\n")

    report = load_cases([file], options())

    assert report.problems == ['cases.csv row 2, field priority: "urgent" is not one of standard, expedited']


def test_an_answer_before_the_start_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    row = GOOD_ROW.replace("2026-02-02T09:00:00Z,,", "2026-02-02T09:00:00Z,2026-02-02T08:59:00Z,")
    file = write_csv(tmp_path / "answer.csv", row)

    report = load_contacts([file], options())

    assert report.problems == [
        'answer.csv row 2, field answered_at: "2026-02-02T08:59:00Z" is before started_at "2026-02-02T09:00:00Z"'
    ]


def test_an_answer_after_the_end_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    row = GOOD_ROW.replace("2026-02-02T09:00:00Z,,", "2026-02-02T09:00:00Z,2026-02-02T09:06:00Z,")
    file = write_csv(tmp_path / "answer.csv", row)

    report = load_contacts([file], options())

    assert report.problems == [
        'answer.csv row 2, field ended_at: "2026-02-02T09:05:00Z" is before answered_at "2026-02-02T09:06:00Z"'
    ]


def test_a_case_closed_before_it_opened_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    file = tmp_path / "cases.csv"
    file.write_text("case_id,opened_at,closed_at\nCASE-1,2026-02-01T10:00:00Z,2026-01-31T10:00:00Z\n")

    report = load_cases([file], options())

    assert report.problems == [
        'cases.csv row 2, field closed_at: "2026-01-31T10:00:00Z" is before opened_at "2026-02-01T10:00:00Z"'
    ]


def test_cases_have_no_amazon_connect_format(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_cases([sample("cases.csv", tmp_path)], options("amazon-connect"))

    assert (report.accepted, report.problems) == (
        False,
        ["cases cannot be read in format 'amazon-connect' (formats: native)"],
    )


# -- the access log and the command line -----------------------------------------------------------


def test_an_ingest_is_written_to_the_access_log(app_warehouse: Warehouse, tmp_path: Path) -> None:
    load_contacts([sample("contacts.csv", tmp_path)], options())

    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.resource, entry.channel, entry.user) == (
        "ingest.contacts",
        "warehouse:contacts",
        "cli",
        None,
    )
    assert (entry.detail["inserted"], entry.detail["accepted"]) == (6, True)


@pytest.fixture
def registered_kinds() -> Iterator[None]:
    """The ingest kinds registered as the contacts app registers them, and the registry restored after."""
    saved = dict(ingest_kinds._KINDS)
    ingest_kinds.register_kind("contacts", load_contacts)
    ingest_kinds.register_kind("cases", load_cases)
    yield
    ingest_kinds._KINDS.clear()
    ingest_kinds._KINDS.update(saved)


def test_the_command_prints_the_counts_as_json(
    app_warehouse: Warehouse, tmp_path: Path, registered_kinds: None
) -> None:
    from heartline.cli import app

    result = CliRunner().invoke(app, ["ingest", "contacts", str(sample("contacts.csv", tmp_path)), "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1]) == counts(6, inserted=6)


def test_the_command_exits_non_zero_when_the_file_is_refused(
    app_warehouse: Warehouse, tmp_path: Path, registered_kinds: None
) -> None:
    from heartline.cli import app

    result = CliRunner().invoke(app, ["ingest", "contacts", str(sample("contacts_bad.csv", tmp_path)), "--json"])

    assert result.exit_code == 1
    assert json.loads(result.stdout.strip().splitlines()[-1]) == counts(5, rejected=2)
