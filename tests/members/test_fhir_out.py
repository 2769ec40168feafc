"""FHIR out: `GET /api/v1/fhir/Patient/…`, `$everything` by capability, `heartline export fhir`, round trip."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class
from typer.testing import CliRunner

from heartline.core.models import AccessLogEntry
from heartline.core.roles import Role
from heartline.core.scoping import OPERATOR
from heartline.members.fhir.export import export_fhir
from heartline.members.fhir.synthetic import member_resources
from heartline.members.fhir.warehouse_rows import rows_of_members
from heartline.members.models import ConsentDecision, Coverage, Member, StoredResource
from heartline.members.tables import HISTORY_TABLES
from heartline.warehouse.store import Warehouse
from tests.members.fhir_support import DATA, load, write_ndjson
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db

CLINICAL = ["Condition", "Encounter", "MedicationDispense", "MedicationRequest"]


def valid_r4(resource: dict[str, Any]) -> str:
    """The resource's type, after its R4B model accepted it (raises otherwise)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return str(resource["resourceType"])


@pytest.fixture
def loaded(tmp_path: Path, app_warehouse: Warehouse) -> Warehouse:
    load(write_ndjson(tmp_path / "in", member_resources(1) + member_resources(2)), app_warehouse)
    return app_warehouse


def get(client: Client, api_token: Callable[[str], str], who: str, url: str) -> Any:
    return client.get(url, headers={"Authorization": f"Bearer {api_token(who)}"})


@pytest.mark.usefixtures("loaded")
def test_patient_is_valid_r4_fhir_json_and_logged(client: Client, personas: Personas, api_token: Any) -> None:
    response = get(client, api_token, "agent", "/api/v1/fhir/Patient/M0000001")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    resource = response.json()
    assert valid_r4(resource) == "Patient"
    assert resource["identifier"][0]["value"] == "M0000001"
    entry = AccessLogEntry.objects.get(member_id="M0000001")
    assert (entry.username, entry.channel, entry.detail["shown"]) == ("agent", "fhir", ["Patient"])


@pytest.mark.usefixtures("loaded")
def test_everything_for_an_agent_leaves_out_clinical_records(
    client: Client, personas: Personas, api_token: Any
) -> None:
    bundle = get(client, api_token, "agent", "/api/v1/fhir/Patient/M0000001/$everything").json()

    assert valid_r4(bundle) == "Bundle"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "Patient",
        "Coverage",
        "ExplanationOfBenefit",
        "Consent",
    ]
    entry = AccessLogEntry.objects.get(member_id="M0000001")
    assert entry.detail["shown"] == ["Consent", "Coverage", "ExplanationOfBenefit", "Patient"]


@pytest.mark.usefixtures("loaded")
def test_everything_for_a_care_manager_includes_clinical_records(
    client: Client, personas: Personas, api_token: Any
) -> None:
    make_employee("nurse", Role.CARE_MANAGER, personas.org.division)

    bundle = get(client, api_token, "nurse", "/api/v1/fhir/Patient/M0000002/$everything").json()

    assert valid_r4(bundle) == "Bundle"
    assert sorted({e["resource"]["resourceType"] for e in bundle["entry"]}) == sorted(
        ["Patient", "Coverage", "ExplanationOfBenefit", "Consent", *CLINICAL]
    )
    assert all(valid_r4(e["resource"]) for e in bundle["entry"])


@pytest.mark.usefixtures("loaded")
def test_an_unknown_member_is_404_and_a_role_without_lookup_is_403(
    client: Client, personas: Personas, api_token: Any
) -> None:
    make_employee("planner", Role.WORKFORCE_PLANNER, personas.org.division)

    missing = get(client, api_token, "agent", "/api/v1/fhir/Patient/NOPE")
    refused = get(client, api_token, "planner", "/api/v1/fhir/Patient/M0000001/$everything")

    assert (missing.status_code, refused.status_code) == (404, 403)


def test_export_writes_one_ndjson_file_per_type_and_logs_each_member(
    tmp_path: Path, loaded: Warehouse, personas: Personas
) -> None:
    written = export_fhir(OPERATOR, tmp_path / "out", warehouse=loaded)

    assert written == {
        "Patient": 2,
        "Coverage": 2,
        "ExplanationOfBenefit": 2,
        "Condition": 2,
        "Encounter": 2,
        "MedicationRequest": 2,
        "MedicationDispense": 2,
        "Consent": 2,
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{t}.ndjson" for t in written)
    for path in (tmp_path / "out").iterdir():
        assert all(valid_r4(json.loads(line)) == path.stem for line in path.read_text().splitlines())
    entries = AccessLogEntry.objects.filter(channel="export").order_by("member_id")
    assert [(e.member_id, e.action) for e in entries] == [
        ("M0000001", "members.fhir.export"),
        ("M0000002", "members.fhir.export"),
    ]


def test_export_since_and_member_filter(tmp_path: Path, app_warehouse: Warehouse, personas: Personas) -> None:
    load(write_ndjson(tmp_path / "a", member_resources(1, "2024-01-01T00:00:00Z")), app_warehouse)
    load(write_ndjson(tmp_path / "b", member_resources(2, "2025-06-01T00:00:00Z")), app_warehouse)

    recent = export_fhir(OPERATOR, tmp_path / "recent", since=dt.date(2025, 1, 1), warehouse=app_warehouse)
    one = export_fhir(OPERATOR, tmp_path / "one", member_ids=["M0000001"], warehouse=app_warehouse)

    assert recent["Patient"] == 1
    assert json.loads((tmp_path / "recent" / "Patient.ndjson").read_text())["id"] == "pat-2"
    assert json.loads((tmp_path / "one" / "Patient.ndjson").read_text())["id"] == "pat-1"
    assert one["Patient"] == 1


def test_export_cli_writes_files(tmp_path: Path, loaded: Warehouse) -> None:
    from heartline.cli import app

    result = CliRunner().invoke(app, ["export", "fhir", "--out", str(tmp_path / "cli"), "--member", "M0000002"])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli" / "ExplanationOfBenefit.ndjson").read_text().count("\n") == 1


def snapshot(warehouse: Warehouse) -> dict[str, Any]:
    """Everything a load stores, without database keys."""
    members = list(Member.objects.order_by("member_id").values())
    for row in members:
        row.pop("id")
    coverages = list(Coverage.objects.order_by("coverage_id").values())
    for row in coverages:
        row.pop("id")
        row["member_id"] = Member.objects.get(pk=row["member_id"]).member_id
    decisions = sorted(
        (d.member.member_id, d.channel, d.purpose, d.granted, d.express, d.source, d.recorded_at, d.reference)
        for d in ConsentDecision.objects.select_related("member")
    )
    stored = sorted((r.resource_type, r.resource_id, r.member_id, r.content_hash) for r in StoredResource.objects.all())
    history = {spec.name: rows_of_members(warehouse, spec, None) for spec in HISTORY_TABLES}
    return {"members": members, "coverages": coverages, "decisions": decisions, "stored": stored, "history": history}


def test_round_trip_ingest_export_reingest_keeps_every_row(tmp_path: Path, settings: Any) -> None:
    from heartline.core.analytics import warehouse_source

    settings.HEARTLINE_FHIR_MEMBER_ID_SYSTEM = "https://www.xxxhealthplan.com/fhir/memberidentifier"
    first = Warehouse(tmp_path / "first")
    settings.WAREHOUSE_DIR = first.root
    warehouse_source.cache_clear()
    load(
        [
            *write_ndjson(tmp_path / "in", member_resources(1) + member_resources(2)),
            DATA / "carin-bb-patient1-bundle.json",
        ],
        first,
    )
    before = snapshot(first)
    export_fhir(OPERATOR, tmp_path / "out", warehouse=first)
    exported = sorted((tmp_path / "out").iterdir())
    for model in (ConsentDecision, Coverage, StoredResource, Member, AccessLogEntry):
        model.objects.all().delete()
    with connection.cursor():
        assert Member.objects.count() == 0

    second = Warehouse(tmp_path / "second")
    report = load(exported, second)

    assert report.accepted is True, report.problems
    after = snapshot(second)
    # Practitioners and organizations are not exported: they were only used to name PCP and payer.
    before["stored"] = [s for s in before["stored"] if s[0] == "Consent"]
    assert after == before
