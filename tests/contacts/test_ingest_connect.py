"""`heartline ingest contacts --format amazon-connect`: contact records joined into Heartline contacts.

The sample export (tests/contacts/data/amazon_connect_ctrs.jsonl) holds 14 records: a call delivered
twice, a transfer (2 legs), a consult, an abandoned chat, a three-leg contact with a consult in the
middle, a task, an outbound call and a supervisor monitoring it. amazon_connect_contacts.csv is the
same seven contacts in the native format.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from heartline.contacts.ingest.amazon_connect import MAPPING_ENV
from heartline.contacts.ingest.formats import CONTACTS_FORMAT, load_contacts
from heartline.contacts.tables import CONTACTS
from heartline.core.ingest import ingest_files
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import DATA, options, sample, stored, stored_rows

pytestmark = pytest.mark.django_db

EXPORT = "amazon_connect_ctrs.jsonl"
CONNECT = options("amazon-connect")


def contact_id(n: int) -> str:
    return f"7d3b9f52-1c4e-4a8b-b6f0-{n:012d}"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=dt.UTC)


def loaded(warehouse: Warehouse, tmp_path: Path) -> dict[str, dict[str, object]]:
    load_contacts([sample(EXPORT, tmp_path)], CONNECT)
    return {str(r["contact_id"]): r for r in stored_rows(warehouse, CONTACTS)}


def test_the_export_loads_as_seven_contacts(app_warehouse: Warehouse, tmp_path: Path) -> None:
    report = load_contacts([sample(EXPORT, tmp_path)], CONNECT)

    assert (report.accepted, report.counts.as_dict()) == (
        True,
        {"read": 7, "inserted": 7, "updated": 0, "unchanged": 0, "rejected": 0},
    )
    assert [r["contact_id"] for r in stored_rows(app_warehouse, CONTACTS)] == [
        contact_id(n) for n in (1, 2, 4, 6, 7, 11, 12)
    ]


def test_a_transfer_chain_becomes_one_contact_with_the_queues_as_its_route(
    app_warehouse: Warehouse, tmp_path: Path
) -> None:
    contact = loaded(app_warehouse, tmp_path)[contact_id(2)]

    assert contact["route"] == "q-commercial>q-pharmacy"
    assert (contact["talk_seconds"], contact["hold_seconds"], contact["wrap_seconds"]) == (360, 30, 90)
    assert (contact["started_at"], contact["ended_at"]) == (utc(2026, 1, 6, 9, 0), utc(2026, 1, 6, 9, 10, 30))


def test_the_agent_of_a_chain_is_the_one_who_finished_it(app_warehouse: Warehouse, tmp_path: Path) -> None:
    contact = loaded(app_warehouse, tmp_path)[contact_id(2)]

    assert (contact["agent_id"], contact["disposition"]) == ("e-pharmacist", "resolved")


def test_a_consult_is_not_a_transfer(app_warehouse: Warehouse, tmp_path: Path) -> None:
    contacts = loaded(app_warehouse, tmp_path)

    consulted = contacts[contact_id(4)]
    assert (consulted["route"], consulted["consult_count"], consulted["talk_seconds"]) == ("q-medicare", 1, 900)
    assert contact_id(5) not in contacts


def test_a_three_leg_chain_counts_the_consult_inside_it(app_warehouse: Warehouse, tmp_path: Path) -> None:
    contact = loaded(app_warehouse, tmp_path)[contact_id(7)]

    assert (contact["route"], contact["consult_count"], contact["talk_seconds"], contact["agent_id"]) == (
        "q-medicare>q-pharmacy>q-commercial",
        1,
        1030,
        "e-agent",
    )


def test_a_contact_no_agent_reached_is_abandoned(app_warehouse: Warehouse, tmp_path: Path) -> None:
    contact = loaded(app_warehouse, tmp_path)[contact_id(6)]

    assert (contact["abandoned"], contact["agent_id"], contact["answered_at"], contact["channel"]) == (
        True,
        None,
        None,
        "chat",
    )


def test_the_latest_copy_of_a_record_wins(app_warehouse: Warehouse, tmp_path: Path) -> None:
    contact = loaded(app_warehouse, tmp_path)[contact_id(1)]

    assert (contact["wrap_seconds"], contact["disposition"]) == (45, "resolved")


def test_a_task_is_a_portal_contact_and_an_outbound_call_is_outbound(app_warehouse: Warehouse, tmp_path: Path) -> None:
    contacts = loaded(app_warehouse, tmp_path)

    assert (contacts[contact_id(11)]["channel"], contacts[contact_id(11)]["case_id"]) == ("portal", "CASE-1001")
    assert contacts[contact_id(12)]["direction"] == "outbound"


def test_connect_and_native_files_describing_the_same_contacts_load_identical_rows(tmp_path: Path) -> None:
    from_connect, from_native = Warehouse(tmp_path / "connect"), Warehouse(tmp_path / "native")

    ingest_files(CONTACTS_FORMAT, [sample(EXPORT, tmp_path / "in")], CONNECT, warehouse=from_connect)
    ingest_files(
        CONTACTS_FORMAT, [sample("amazon_connect_contacts.csv", tmp_path / "in")], options(), warehouse=from_native
    )

    assert stored(from_connect, CONTACTS).num_rows == 7
    assert stored(from_connect, CONTACTS).equals(stored(from_native, CONTACTS))


def test_an_export_as_one_json_array_loads_the_same_contacts(tmp_path: Path) -> None:
    records = [json.loads(line) for line in (DATA / EXPORT).read_text().splitlines()]
    array = tmp_path / "in" / "export.json"
    array.parent.mkdir()
    array.write_text(json.dumps(records, indent=2))
    from_lines, from_array = Warehouse(tmp_path / "lines"), Warehouse(tmp_path / "array")

    ingest_files(CONTACTS_FORMAT, [sample(EXPORT, tmp_path / "in")], CONNECT, warehouse=from_lines)
    ingest_files(CONTACTS_FORMAT, [array], CONNECT, warehouse=from_array)

    assert stored(from_array, CONTACTS).equals(stored(from_lines, CONTACTS))


def test_a_chain_split_over_two_files_of_one_ingest_is_joined(app_warehouse: Warehouse, tmp_path: Path) -> None:
    lines = (DATA / EXPORT).read_text().splitlines()
    first_leg = next(line for line in lines if contact_id(2) in line.split('"ContactId":')[1][:40])
    rest = [line for line in lines if line != first_leg]
    (tmp_path / "a.jsonl").write_text(first_leg + "\n")
    (tmp_path / "b.jsonl").write_text("\n".join(rest) + "\n")

    report = load_contacts([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], CONNECT)

    assert report.counts.as_dict()["inserted"] == 7
    contacts = {r["contact_id"]: r for r in stored_rows(app_warehouse, CONTACTS)}
    assert contacts[contact_id(2)]["route"] == "q-commercial>q-pharmacy"


def test_a_mapping_file_names_the_attributes_to_read(
    app_warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[attributes]\nreason = "language"\n\n[channels]\nTASK = "email"\n')
    monkeypatch.setenv(MAPPING_ENV, str(mapping))

    contacts = loaded(app_warehouse, tmp_path / "in")

    assert (contacts[contact_id(11)]["reason"], contacts[contact_id(11)]["channel"]) == ("en", "email")
    assert contacts[contact_id(11)]["member_id"] == "M0006"  # the default mapping still fills the rest


def test_a_mapping_that_fills_an_unknown_field_refuses_the_ingest(
    app_warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[attributes]\nteam = "team"\n')
    monkeypatch.setenv(MAPPING_ENV, str(mapping))

    report = load_contacts([sample(EXPORT, tmp_path / "in")], CONNECT)

    assert report.accepted is False
    assert report.problems == [
        f"{EXPORT}: mapping file {mapping}: [attributes] cannot fill team "
        "(it can fill member_id, reason, language, unit, disposition, case_id)"
    ]


def test_a_bad_value_is_reported_at_the_line_of_the_contacts_first_record(
    app_warehouse: Warehouse, tmp_path: Path
) -> None:
    lines = (DATA / EXPORT).read_text().splitlines()
    lines[1] = lines[1].replace('"Channel":"VOICE"', '"Channel":"VIDEO"')
    export = tmp_path / "ctrs.jsonl"
    export.write_text("\n".join(lines) + "\n")

    report = load_contacts([export], CONNECT)

    assert report.problems == ['ctrs.jsonl row 2, field channel: "VIDEO" is not one of phone, chat, email, portal, sms']


def test_an_export_that_is_not_json_is_refused(app_warehouse: Warehouse, tmp_path: Path) -> None:
    export = tmp_path / "ctrs.jsonl"
    export.write_text('{"ContactId": "a"}\nnot json\n')

    report = load_contacts([export], CONNECT)

    assert report.problems == ["ctrs.jsonl: is not valid JSON at line 2, column 1: Expecting value"]


def test_a_record_without_a_contact_id_is_rejected(app_warehouse: Warehouse, tmp_path: Path) -> None:
    export = tmp_path / "ctrs.jsonl"
    lines = (DATA / EXPORT).read_text().splitlines()
    export.write_text("\n".join([lines[5], '{"Channel": "VOICE"}']) + "\n")

    report = load_contacts([export], options("amazon-connect", skip_bad=True))

    assert report.counts.as_dict() == {"read": 2, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert report.problems == ["ctrs.jsonl row 2, field ContactId: is required but missing"]


def test_two_copies_of_a_record_one_without_an_offset_load_without_a_crash(
    app_warehouse: Warehouse, tmp_path: Path
) -> None:
    """A naive LastUpdateTimestamp cannot be ordered against an offset one: that copy's time counts as
    missing, so the later copy in the file is kept, as for any copy without a time."""
    record = json.loads((DATA / EXPORT).read_text().splitlines()[5])
    older, newer = dict(record), dict(record)
    older["LastUpdateTimestamp"] = "2026-03-02T10:00:00Z"
    newer["LastUpdateTimestamp"] = "2026-03-02T11:00:00"  # no offset
    newer["Attributes"] = {**record.get("Attributes", {}), "disposition": "escalated"}
    export = tmp_path / "ctrs.jsonl"
    export.write_text(json.dumps(older) + "\n" + json.dumps(newer) + "\n")

    report = load_contacts([export], CONNECT)

    assert report.counts.as_dict() == {"read": 1, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert [row["disposition"] for row in stored_rows(app_warehouse, CONTACTS)] == ["escalated"]
