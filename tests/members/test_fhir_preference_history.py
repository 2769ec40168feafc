"""A member's preference changes leave as FHIR `Provenance` (one per change, docs/adr/0009) and a
Heartline that loads the export holds the same changes: which preference, from what to what, from
where, by whom, when — once, however often the export is loaded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from heartline.core.scoping import OPERATOR
from heartline.members.fhir.export import export_fhir
from heartline.members.fhir.synthetic import member_resources
from heartline.members.models import Member, PreferenceChange, StoredResource
from heartline.members.preferences import record_preference
from heartline.warehouse.store import Warehouse
from tests.members.fhir_support import load, write_ndjson

pytestmark = pytest.mark.django_db

FIELDS = ("member__member_id", "field", "old_value", "new_value", "source", "recorded_at", "recorded_by")
PREFERENCES = ("preferred_channel", "language", "time_zone", "quiet_hours_start", "quiet_hours_end")

# The FHIR R4 specification's general Provenance example (provenance-example.json), trimmed of its
# narrative: valid R4, but the provenance of a procedure, not of a member's preference.
SPEC_PROVENANCE_EXAMPLE: dict[str, Any] = {
    "resourceType": "Provenance",
    "id": "example",
    "target": [{"reference": "Procedure/example/_history/1"}],
    "occurredPeriod": {"start": "2015-06-27", "end": "2015-06-28"},
    "recorded": "2015-06-27T08:39:24+10:00",
    "policy": ["http://acme.com/fhir/Consent/25"],
    "location": {"reference": "Location/1"},
    "reason": [{"coding": [{"system": "http://snomed.info/sct", "code": "3457005", "display": "Referral"}]}],
    "agent": [
        {
            "type": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "AUT"}]
            },
            "who": {"reference": "Practitioner/xcda-author"},
        },
        {
            "id": "a1",
            "type": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "DEV"}]
            },
            "who": {"display": "Device/software"},
        },
    ],
    "entity": [
        {
            "role": "source",
            "what": {"reference": "DocumentReference/example", "display": "CDA Document in XDS repository"},
        }
    ],
}


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.fixture
def member_with_changes(tmp_path: Path, app_warehouse: Warehouse) -> Member:
    """Member M0000001 (loaded from FHIR) who switched to Chinese on a call, set quiet hours and a new
    time zone in the portal, and later went back to e-mail."""
    load(write_ndjson(tmp_path / "in", member_resources(1)), app_warehouse)
    record_preference(OPERATOR, "M0000001", "language", "zh", "call", at(2))
    record_preference(OPERATOR, "M0000001", "quiet_hours", "21:00-08:00", "portal", at(3))
    record_preference(OPERATOR, "M0000001", "time_zone", "America/Denver", "portal", at(4))
    record_preference(OPERATOR, "M0000001", "preferred_channel", "email", "call", at(5))
    PreferenceChange.objects.filter(field__in=["quiet_hours", "time_zone"]).update(recorded_by="")  # the member
    return Member.objects.get(member_id="M0000001")


def exported(folder: Path, kind: str = "Provenance") -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / f"{kind}.ndjson").read_text().splitlines()]


def current(member_id: str = "M0000001") -> dict[str, Any]:
    return Member.objects.filter(member_id=member_id).values(*PREFERENCES).get()


def test_each_change_is_a_valid_r4_provenance_of_the_patient_at_its_time(
    tmp_path: Path, app_warehouse: Warehouse, member_with_changes: Member
) -> None:
    export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)

    provenances = exported(tmp_path / "out")
    for resource in provenances:
        get_fhir_model_class("Provenance").model_validate(resource)
    patient = exported(tmp_path / "out", "Patient")[0]
    assert {p["target"][0]["reference"] for p in provenances} == {f"Patient/{patient['id']}"}
    assert [p["recorded"] for p in provenances] == [at(day).isoformat() for day in (2, 3, 4, 5)]
    portal = provenances[1]
    assert portal["agent"][0]["who"] == {"reference": f"Patient/{patient['id']}"}  # the member, in the portal
    assert patient["communication"][0]["language"]["coding"][0]["code"] == "zh"  # the current language


def test_the_export_loads_into_an_empty_heartline_with_the_same_changes_and_preferences(
    tmp_path: Path, app_warehouse: Warehouse, member_with_changes: Member
) -> None:
    changes, preferences = sorted(PreferenceChange.objects.values_list(*FIELDS)), current()
    export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)
    Member.objects.all().delete()
    StoredResource.objects.all().delete()

    report = load(sorted((tmp_path / "out").iterdir()), Warehouse(tmp_path / "empty"))

    assert report.accepted, report.problems
    assert report.by_type["Provenance"].inserted == 4
    assert sorted(PreferenceChange.objects.values_list(*FIELDS)) == changes
    assert current() == preferences


def test_loading_the_export_again_and_a_later_one_stores_each_change_once(
    tmp_path: Path, app_warehouse: Warehouse, member_with_changes: Member
) -> None:
    export_fhir(OPERATOR, tmp_path / "first", warehouse=app_warehouse)
    record_preference(OPERATOR, "M0000001", "language", "en", "portal", at(20))
    export_fhir(OPERATOR, tmp_path / "second", warehouse=app_warehouse)
    changes = sorted(PreferenceChange.objects.values_list(*FIELDS))
    Member.objects.all().delete()
    StoredResource.objects.all().delete()
    empty = Warehouse(tmp_path / "empty")
    load(sorted((tmp_path / "first").iterdir()), empty)

    again = load(sorted((tmp_path / "first").iterdir()), empty)
    later = load(sorted((tmp_path / "second").iterdir()), empty)

    assert again.by_type["Provenance"].inserted == 0
    assert later.by_type["Provenance"].inserted == 1
    assert sorted(PreferenceChange.objects.values_list(*FIELDS)) == changes
    assert current()["language"] == "en"


def test_the_fhir_specs_provenance_example_is_refused_naming_file_line_and_element(
    tmp_path: Path, app_warehouse: Warehouse
) -> None:
    get_fhir_model_class("Provenance").model_validate(SPEC_PROVENANCE_EXAMPLE)  # valid R4 as published
    second = SPEC_PROVENANCE_EXAMPLE | {"id": "example-2"}
    paths = write_ndjson(tmp_path / "in", [*member_resources(1), SPEC_PROVENANCE_EXAMPLE, second])
    path = next(p for p in paths if p.name == "Provenance.ndjson")

    report = load(paths, app_warehouse)

    assert report.accepted is False
    assert report.problems == [
        f"{path} line {line} (Provenance/{resource_id}): Provenance.extension: no "
        "urn:heartline:fhir:extension:preference-change extension: Heartline reads Provenance only as "
        "a member's preference change"
        for line, resource_id in ((1, "example"), (2, "example-2"))
    ]
    assert not Member.objects.exists()  # nothing from a refused load is stored


def test_a_change_to_a_value_the_preference_cannot_hold_names_the_element(
    tmp_path: Path, app_warehouse: Warehouse, member_with_changes: Member
) -> None:
    export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)
    provenances = exported(tmp_path / "out")
    language = provenances[0]
    language["extension"][0]["extension"][2]["valueString"] = "klingon"
    (tmp_path / "out" / "Provenance.ndjson").write_text("\n".join(json.dumps(p) for p in provenances) + "\n")

    report = load([tmp_path / "out" / "Provenance.ndjson"], app_warehouse)

    assert report.accepted is False
    assert len(report.problems) == 1
    assert report.problems[0].startswith(
        f"{tmp_path / 'out' / 'Provenance.ndjson'} line 1 (Provenance/{language['id']}): "
        "Provenance.extension[0].extension[2]: 'klingon' is not a language"
    )
