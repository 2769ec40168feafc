"""`heartline ingest fhir` and `POST /api/v1/ingest/fhir`: Bundles, NDJSON, gzip, bad resources, re-runs."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.members.fhir.synthetic import member_resources, patient
from heartline.members.fhir.warehouse_rows import rows_of_members
from heartline.members.models import ConsentDecision, Coverage, Member, StoredResource
from heartline.members.tables import CLAIM_LINES, MEDICATIONS
from heartline.warehouse.store import Warehouse
from tests.members.fhir_support import DATA, load, write_bundle, write_ndjson

pytestmark = pytest.mark.django_db

ALL_NEW = {"read": 1, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 0}


def test_bulk_ndjson_gzip_loads_every_type_into_members_and_history(tmp_path: Path, app_warehouse: Warehouse) -> None:
    report = load(write_ndjson(tmp_path, member_resources(1), compress=True), app_warehouse)

    assert report.accepted is True
    assert report.counts.as_dict() == {"read": 8, "inserted": 8, "updated": 0, "unchanged": 0, "rejected": 0}
    types = ("Condition", "Consent", "Coverage", "Encounter", "ExplanationOfBenefit", "MedicationDispense")
    assert {name: c.as_dict() for name, c in (report.by_type or {}).items()} == dict.fromkeys(
        (*types, "MedicationRequest", "Patient"), ALL_NEW
    )
    member = Member.objects.get(member_id="M0000001")
    assert (member.given_name, member.family_name, member.birth_date, member.language) == (
        "Ana Maria",
        "Rivera",
        dt.date(1961, 4, 12),
        "es",
    )
    assert (member.phone_digits, member.pcp_name, member.plan, member.fhir_id) == (
        "5550100100",
        "Dr. Lee Chen",
        "MA-GOLD",
        "pat-1",
    )
    assert Coverage.objects.get(coverage_id="cov-1").payer == "Heartline Health Plan"
    lines = rows_of_members(app_warehouse, CLAIM_LINES, ["M0000001"])
    assert [(r["claim_line_id"], r["paid_amount"], r["denied"], r["denial_reason_code"]) for r in lines] == [
        ("eob-1#1", 100.0, False, None),
        ("eob-1#2", None, True, "197"),
    ]
    fills = rows_of_members(app_warehouse, MEDICATIONS, ["M0000001"])
    assert [(r["medication_record_id"], r["medication_display"]) for r in fills] == [
        ("dispense/fill-1", "metformin 500 MG"),
        ("request/rx-1", "metformin 500 MG"),
    ]
    decision = ConsentDecision.objects.get()
    assert (decision.channel, decision.purpose, decision.granted, decision.source, decision.reference) == (
        "sms",
        "marketing",
        False,
        "fhir",
        "Consent/consent-1",
    )
    assert StoredResource.objects.get(resource_type="Consent").content["id"] == "consent-1"


def test_a_transaction_bundle_resolves_patients_by_full_url(tmp_path: Path, app_warehouse: Warehouse) -> None:
    resources = member_resources(2)
    entries = []
    for resource in resources:
        resource = copy.deepcopy(resource)
        for element in ("beneficiary", "patient", "subject"):
            if element in resource and resource["resourceType"] != "Patient":
                resource[element] = {"reference": "urn:uuid:6f1d0b1e-0000-4000-8000-000000000002"}
        full_url = (
            "urn:uuid:6f1d0b1e-0000-4000-8000-000000000002"
            if resource["resourceType"] == "Patient"
            else f"urn:uuid:{resource['id']}"
        )
        entries.append(
            {"fullUrl": full_url, "resource": resource, "request": {"method": "PUT", "url": resource["resourceType"]}}
        )
    path = tmp_path / "tx.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}))

    report = load([path], app_warehouse)

    assert report.counts.inserted == 8
    assert Coverage.objects.get(coverage_id="cov-2").member.member_id == "M0000002"


def test_reloading_the_same_resources_changes_nothing(tmp_path: Path, app_warehouse: Warehouse) -> None:
    paths = write_ndjson(tmp_path, member_resources(1) + member_resources(2))
    load(paths, app_warehouse)

    again = load(paths, app_warehouse)

    assert again.counts.as_dict() == {"read": 16, "inserted": 0, "updated": 0, "unchanged": 16, "rejected": 0}
    assert ConsentDecision.objects.count() == 2
    assert len(rows_of_members(app_warehouse, CLAIM_LINES, None)) == 4


def test_a_newer_last_updated_replaces_and_an_older_one_does_not(tmp_path: Path, app_warehouse: Warehouse) -> None:
    load([write_bundle(tmp_path / "first.json", [patient(1, "2025-03-01T12:00:00Z", family="Rivera")])], app_warehouse)

    newer = load(
        [write_bundle(tmp_path / "newer.json", [patient(1, "2025-04-01T00:00:00Z", family="Soto")])], app_warehouse
    )
    older = load(
        [write_bundle(tmp_path / "older.json", [patient(1, "2025-02-01T00:00:00Z", family="Old")])], app_warehouse
    )

    assert (newer.counts.updated, older.counts.updated, older.counts.unchanged) == (1, 0, 1)
    member = Member.objects.get()
    assert (member.family_name, member.source_updated_at) == ("Soto", dt.datetime(2025, 4, 1, tzinfo=dt.UTC))


def test_an_older_claim_never_replaces_a_newer_one_in_the_warehouse(tmp_path: Path, app_warehouse: Warehouse) -> None:
    load(write_ndjson(tmp_path / "new", member_resources(1, "2025-05-01T00:00:00Z")), app_warehouse)
    stale = member_resources(1, "2025-01-01T00:00:00Z")
    stale[2]["item"][0]["adjudication"][2]["amount"]["value"] = 1.0

    report = load(write_ndjson(tmp_path / "old", stale), app_warehouse)

    assert report.by_type is not None
    assert report.by_type["ExplanationOfBenefit"].unchanged == 1
    lines = rows_of_members(app_warehouse, CLAIM_LINES, ["M0000001"])
    assert lines[0]["paid_amount"] == 100.0


def test_a_bad_resource_refuses_the_file_naming_line_id_and_element(tmp_path: Path, app_warehouse: Warehouse) -> None:
    bad = patient(2)
    bad["birthDate"] = "1961-13-40"
    path = tmp_path / "Patient.ndjson"
    path.write_text(json.dumps(patient(1)) + "\n" + json.dumps(bad) + "\n")

    report = load([path], app_warehouse)

    assert report.accepted is False
    assert report.counts.as_dict() == {"read": 2, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 1}
    assert len(report.problems) == 1
    assert report.problems[0].startswith(f"{path} line 2 (Patient/pat-2): Patient.birthDate: ")
    assert Member.objects.count() == 0


def test_a_bad_bundle_entry_is_reported_by_its_index(tmp_path: Path, app_warehouse: Warehouse) -> None:
    bad = member_resources(1)[2]
    bad["item"][0]["adjudication"][0]["amount"] = {"value": "lots"}
    path = write_bundle(tmp_path / "b.json", [patient(1), bad])

    report = load([path], app_warehouse)

    assert report.problems[0].startswith(
        f"{path} entry[1] (ExplanationOfBenefit/eob-1): ExplanationOfBenefit.item[0].adjudication[0].amount.value: "
    )


def test_skip_bad_stores_the_good_resources_and_reports_the_bad(tmp_path: Path, app_warehouse: Warehouse) -> None:
    no_member_id = patient(3)
    no_member_id["identifier"] = [{"system": "urn:other", "value": "X"}]
    path = write_bundle(tmp_path / "b.json", [patient(1), no_member_id])

    report = load([path], app_warehouse, skip_bad=True)

    assert report.accepted is True
    assert report.counts.as_dict() == {"read": 2, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert report.problems == [
        f"{path} entry[1] (Patient/pat-3): Patient.identifier: no member identifier: none with type MB "
        "(http://terminology.hl7.org/CodeSystem/v2-0203)"
    ]
    assert list(Member.objects.values_list("member_id", flat=True)) == ["M0000001"]


def test_a_reference_to_an_unknown_patient_is_a_bad_resource(tmp_path: Path, app_warehouse: Warehouse) -> None:
    condition = member_resources(9)[4]

    report = load([write_bundle(tmp_path / "b.json", [condition])], app_warehouse)

    assert report.accepted is False
    assert report.problems[0].endswith(
        "(Condition/cond-9): 'Patient/pat-9' is no Patient of this load nor a stored member"
    )


def test_a_later_load_finds_the_member_by_their_stored_patient_id(tmp_path: Path, app_warehouse: Warehouse) -> None:
    load([write_bundle(tmp_path / "p.json", [patient(4)])], app_warehouse)

    report = load([write_bundle(tmp_path / "c.json", [member_resources(4)[4]])], app_warehouse)

    assert report.counts.inserted == 1


def test_the_member_id_comes_from_the_configured_system_when_none_is_typed_mb(
    app_warehouse: Warehouse, settings: object
) -> None:
    refused = load([DATA / "carin-bb-patient1-bundle.json"], app_warehouse)
    settings.HEARTLINE_FHIR_MEMBER_ID_SYSTEM = "https://www.xxxhealthplan.com/fhir/memberidentifier"  # type: ignore[attr-defined]
    loaded = load([DATA / "carin-bb-patient1-bundle.json"], app_warehouse)

    assert refused.accepted is False
    assert "Patient.identifier: no member identifier" in refused.problems[0]
    assert loaded.counts.inserted == 3
    coverage = Coverage.objects.get(coverage_id="Coverage1")
    assert (coverage.member.member_id, coverage.payer, coverage.plan, coverage.ends_on) == (
        "1234-234-1243-12345678901",
        "Payer 1",
        "XYZ123",
        dt.date(2019, 10, 31),
    )


def test_worker_processes_check_as_this_process_does(tmp_path: Path, app_warehouse: Warehouse) -> None:
    paths = write_ndjson(tmp_path, member_resources(1) + member_resources(2))

    report = load(paths, app_warehouse, parallel_from=1)

    assert report.counts.inserted == 16


def test_cli_prints_the_counts_and_by_type_as_json(tmp_path: Path, app_warehouse: Warehouse) -> None:
    from heartline.cli import app

    paths = write_ndjson(tmp_path, [patient(1), member_resources(1)[1]])
    result = CliRunner().invoke(app, ["ingest", "fhir", *map(str, paths), "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "read": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "by_type": {"Coverage": ALL_NEW, "Patient": ALL_NEW},
    }


@pytest.mark.usefixtures("app_warehouse")
def test_api_loads_ndjson_for_an_admin_and_refuses_anyone_else(client, personas, api_token) -> None:  # type: ignore[no-untyped-def]
    body = "\n".join(json.dumps(r) for r in member_resources(1))

    refused = client.post(
        "/api/v1/ingest/fhir",
        body,
        content_type="application/fhir+ndjson",
        headers={"Authorization": f"Bearer {api_token('manager')}"},
    )
    loaded = client.post(
        "/api/v1/ingest/fhir",
        body,
        content_type="application/fhir+ndjson",
        headers={"Authorization": f"Bearer {api_token('admin')}"},
    )

    assert refused.status_code == 403
    assert loaded.status_code == 200
    assert (loaded.json()["inserted"], loaded.json()["by_type"]["Patient"]) == (8, ALL_NEW)
    assert Member.objects.count() == 1


def test_an_absolute_reference_finds_the_patient_of_the_load(tmp_path: Path, app_warehouse: Warehouse) -> None:
    condition = member_resources(5)[4]
    condition["subject"] = {"reference": "https://payer.example.org/fhir/Patient/pat-5/_history/3"}

    report = load([write_bundle(tmp_path / "b.json", [patient(5), condition])], app_warehouse)

    assert report.counts.inserted == 2


def test_a_reload_of_the_same_lines_counts_them_unchanged_without_checking_them_again(
    tmp_path: Path, app_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heartline.members.fhir import loading

    paths = write_ndjson(tmp_path, member_resources(1) + member_resources(2))
    load(paths, app_warehouse)
    checked: list[int] = []
    check_items = loading.check_items
    monkeypatch.setattr(
        loading, "check_items", lambda items, *args: checked.append(len(items)) or check_items(items, *args)
    )

    again = load(paths, app_warehouse)

    assert checked == [0]
    assert again.counts.as_dict() == {"read": 16, "inserted": 0, "updated": 0, "unchanged": 16, "rejected": 0}
    assert again.by_type["ExplanationOfBenefit"].unchanged == 2


def test_lines_whose_records_are_gone_are_checked_and_stored_again(tmp_path: Path, app_warehouse: Warehouse) -> None:
    paths = write_ndjson(tmp_path, member_resources(1))
    load(paths, app_warehouse)
    Member.objects.all().delete()
    StoredResource.objects.all().delete()
    empty = Warehouse(tmp_path / "wiped")

    again = load(paths, empty)

    assert again.counts.as_dict() == {"read": 8, "inserted": 8, "updated": 0, "unchanged": 0, "rejected": 0}
    assert len(rows_of_members(empty, CLAIM_LINES, None)) == 2
