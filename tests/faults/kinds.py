"""The ingest kinds the fault suite kills: one entry per kind (transcripts add theirs here).

Each kind writes two files of its own format: a first file (loaded before a kill, so a kill can land
in a merge) and a second one that adds new records and changes some of the first file's records.
A kind whose records need others first (FHIR Conditions need their Patients) names a `prepare` file,
loaded once into the app database before anything else.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from heartline.contacts.tables import CASES, CONTACTS
from heartline.members.tables import CONDITIONS
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.tables import TableSpec

ROWS = 5_000  # per file: enough that storing takes a while to kill in
CHANGED = 500  # records of the first file the second file changes


@dataclass(frozen=True)
class FaultKind:
    """`heartline ingest KIND`, the table it fills, and how to write a file of `count` records."""

    name: str  # the pytest id
    kind: str  # the `heartline ingest` argument
    table: TableSpec
    suffix: str
    row: Callable[[int, str], dict[str, object]]  # (record number, "first" or "second") → record
    prepare: Callable[[Path], Path] | None = None  # writes a file to load once before (into a folder)

    @property
    def key(self) -> str:
        return self.table.natural_key[0]

    def first_file(self, folder: Path) -> Path:
        return self._write(folder / f"first{self.suffix}", [self.row(i, "first") for i in range(ROWS)])

    def second_file(self, folder: Path) -> Path:
        changed = [self.row(i, "second") for i in range(CHANGED)]
        new = [self.row(i, "second") for i in range(ROWS, 2 * ROWS - CHANGED)]
        return self._write(folder / f"second{self.suffix}", changed + new)

    def _write(self, path: Path, records: list[dict[str, object]]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.suffix == ".csv":
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(records[0]))
                writer.writeheader()
                writer.writerows(records)
        elif self.suffix in (".jsonl", ".ndjson"):
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        else:
            pq.write_table(pa.Table.from_pylist(records), path)
        return path


def _contact(number: int, version: str) -> dict[str, object]:
    minute = number % 60
    return {
        "contact_id": f"c-{number}",
        "member_id": f"M{number % 5000:05d}",
        "channel": "phone" if number % 3 else "chat",
        "direction": "inbound",
        "unit": "commercial",
        "agent_id": f"e-{number % 40}",
        "reason": "claims" if version == "first" else "pharmacy",
        "started_at": f"2026-02-{1 + number % 27:02d}T09:{minute:02d}:00Z",
        "ended_at": f"2026-02-{1 + number % 27:02d}T10:{minute:02d}:00Z",
        "talk_seconds": 100 + number % 500,
    }


def _case(number: int, version: str) -> dict[str, object]:
    return {
        "case_id": f"k-{number}",
        "member_id": f"M{number % 5000:05d}",
        "unit": "medicare",
        "type": "appeal",
        "priority": "standard",
        "opened_at": f"2026-03-{1 + number % 27:02d}T08:00:00Z",
        "status": "open" if version == "first" else "closed",
    }


def _survey_response(number: int, version: str) -> dict[str, object]:
    return {
        "response_id": f"r-{number}",
        "survey": "post_contact",
        "responded_at": f"2026-06-{1 + number % 27:02d}T10:00:00Z",
        "language": "en",
        "member_id": f"M{number % 5000:05d}",
        "contact_id": f"c-{number}",
        "unit": "commercial",
        "nps": number % 11,
        "csat": 1 + number % 5,
        "verbatim": "quick and kind" if version == "first" else "waited a while",
    }


PATIENTS = 500  # the FHIR kind's Conditions belong to these Patients
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def _patients(folder: Path) -> Path:
    """Bulk Data NDJSON of the Patients the FHIR kind's Conditions refer to (app database only)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Patient.ndjson"
    patients = [
        {
            "resourceType": "Patient",
            "id": f"pat-{n}",
            "identifier": [
                {
                    "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MB"}]},
                    "value": f"F{n:05d}",
                }
            ],
            "name": [{"family": f"Family{n}", "given": ["Pat"]}],
            "birthDate": "1960-01-01",
        }
        for n in range(PATIENTS)
    ]
    path.write_text("".join(json.dumps(p) + "\n" for p in patients), encoding="utf-8")
    return path


def _condition(number: int, version: str) -> dict[str, object]:
    """A FHIR Condition; the second version is newer and resolved."""
    return {
        "resourceType": "Condition",
        "id": f"cond-{number}",
        "meta": {"lastUpdated": "2026-01-05T00:00:00Z" if version == "first" else "2026-02-05T00:00:00Z"},
        "clinicalStatus": {
            "coding": [{"system": CLINICAL_STATUS, "code": "active" if version == "first" else "resolved"}]
        },
        "code": {
            "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9", "display": "Type 2 diabetes"}]
        },
        "subject": {"reference": f"Patient/pat-{number % PATIENTS}"},
        "recordedDate": f"2025-{1 + number % 12:02d}-01",
    }


KINDS = (
    FaultKind("contacts-csv", "contacts", CONTACTS, ".csv", _contact),
    FaultKind("contacts-parquet", "contacts", CONTACTS, ".parquet", _contact),
    FaultKind("cases-jsonl", "cases", CASES, ".jsonl", _case),
    FaultKind("survey-responses-csv", "survey-responses", SURVEY_RESPONSES, ".csv", _survey_response),
    FaultKind("fhir-ndjson", "fhir", CONDITIONS, ".ndjson", _condition, prepare=_patients),
)
