"""A member's preference changes as FHIR R4 `Provenance`, one per change, and back (docs/adr/0009).

The Patient carries the current preferences (`Patient.communication` the language, the timezone
extension, Heartline extensions for channel and quiet hours: `outbound.patient_resource`); how they
came to be travels as Provenance resources, the FHIR resource for "who changed this record, when,
how":

- `target` is the Patient, `recorded` the time of the change (an instant), `activity` the
  v3-DataOperation `UPDATE`, `agent` who made it: the member themselves (`who` the Patient, type
  author) for a portal change without a user, else the user who recorded it (`who.display`, type
  data entry person);
- what changed, from what to what, from where and by whom as written travels in the
  PREFERENCE_CHANGE extension (`field`, `oldValue`, `newValue`, `source`, `recordedBy`; an empty
  value is left out, FHIR allows none), so a Heartline that loads the export holds the same
  `PreferenceChange` rows.

Ids derive from the member, field, time and values: the same change always has the same id, so a
re-export and re-load changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from heartline.members.fhir.outbound import compact, patient_ref, when
from heartline.members.fhir.preference_in import PREFERENCE_CHANGE
from heartline.members.models import PreferenceChange, Source

DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"


def provenance_id(member_id: str, change: PreferenceChange) -> str:
    """The change's stable FHIR id."""
    stamp = change.recorded_at.astimezone(dt.UTC).isoformat()
    key = f"{member_id}|{change.field}|{stamp}|{change.old_value}|{change.new_value}"
    return f"hl-preference-{hashlib.sha256(key.encode()).hexdigest()[:24]}"


def _agent(change: PreferenceChange, patient_id: str) -> dict[str, Any]:
    if not change.recorded_by and change.source == Source.PORTAL:
        return {"type": {"coding": [{"system": PARTICIPATION, "code": "AUT"}]}, "who": patient_ref(patient_id)}
    return {
        "type": {"coding": [{"system": PARTICIPATION, "code": "ENT"}]},
        "who": {"display": change.recorded_by or f"Heartline ({change.source})"},
    }


def provenance_resource(change: PreferenceChange, member_id: str, patient_id: str) -> dict[str, Any]:
    """One change as a valid R4 Provenance."""
    parts = [
        {"url": "field", "valueCode": change.field},
        {"url": "oldValue", "valueString": change.old_value},
        {"url": "newValue", "valueString": change.new_value},
        {"url": "source", "valueCode": change.source},
        {"url": "recordedBy", "valueString": change.recorded_by},
    ]
    resource: dict[str, Any] = compact(
        {
            "resourceType": "Provenance",
            "id": provenance_id(member_id, change),
            "meta": {"lastUpdated": when(change.recorded_at)},
            "extension": [{"url": PREFERENCE_CHANGE, "extension": parts}],
            "target": [patient_ref(patient_id)],
            "recorded": when(change.recorded_at),
            "activity": {"coding": [{"system": DATA_OPERATION, "code": "UPDATE", "display": "revise"}]},
            "agent": [_agent(change, patient_id)],
        }
    )
    return resource


def provenance_resources(
    changes: Iterable[PreferenceChange], member_ids: Mapping[int, str], patient_ids: Mapping[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Member id → the Provenance of each of their `changes`, oldest first. `member_ids` maps a
    member's database id to its member id; `patient_ids` a member id to its Patient id."""
    by_member: dict[str, list[dict[str, Any]]] = {}
    for change in sorted(changes, key=lambda c: (c.member_id, c.recorded_at, c.pk)):
        member_id = member_ids[change.member_id]
        by_member.setdefault(member_id, []).append(provenance_resource(change, member_id, patient_ids[member_id]))
    return by_member
