"""Heartline's records as FHIR R4 resources: the reverse of `inbound`, element for element.

Each function writes what `inbound` reads, so an export re-imports into the same rows (docs/fhir.md,
"Round trip"); empty values are left out, as FHIR requires. Claims follow the CARIN Blue Button
adjudication categories; consent given over FHIR is returned as the Consent received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from heartline.members.fhir.inbound import (
    MEMBER_EXTENSIONS,
    NPI_SYSTEM,
    PRESCRIBER_EXTENSION,
    TIMEZONE_EXTENSION,
    V2_0203,
)

CLAIM_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claim-type"
ADJUDICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/adjudication"
CARIN_ADJUDICATION = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
CARIN_DISCRIMINATOR = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator"
CARC_SYSTEM = "https://x12.org/codes/claim-adjustment-reason-codes"
AMOUNT_CATEGORIES = (
    ("billed_amount", ADJUDICATION_SYSTEM, "submitted"),
    ("allowed_amount", ADJUDICATION_SYSTEM, "eligible"),
    ("paid_amount", CARIN_ADJUDICATION, "paidtoprovider"),
    ("member_liability", CARIN_ADJUDICATION, "memberliability"),
)


def compact(value: Any) -> Any:
    """`value` without empty strings, None, empty lists and empty objects (FHIR allows none of them)."""
    if isinstance(value, dict):
        kept = {k: compact(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        kept_items = [compact(v) for v in value]
        return [v for v in kept_items if v not in (None, "", [], {})]
    return value


def when(value: object) -> str | None:
    """A date as FHIR date, a datetime as FHIR instant (UTC)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def meta(updated: object) -> dict[str, Any]:
    return {"lastUpdated": when(updated)}


def patient_ref(patient_id: str) -> dict[str, str]:
    return {"reference": f"Patient/{patient_id}"}


def concept(code: object, system: str = "", shown: object = None, text: object = None) -> dict[str, Any] | None:
    if not code and not text:
        return None
    return {"coding": [{"system": system, "code": code, "display": shown}] if code else [], "text": text}


def patient_resource(member: Any, member_id_system: str) -> dict[str, Any]:
    """A Member as a Patient: the member id is the identifier typed MB (in the configured system)."""
    resource = {
        "resourceType": "Patient",
        "id": member.fhir_id or member.member_id,
        "meta": meta(member.source_updated_at),
        "extension": [
            {"url": TIMEZONE_EXTENSION, "valueCode": member.time_zone} if member.time_zone else None,
            *_member_extensions(member),
        ],
        "identifier": [
            {
                "type": {"coding": [{"system": V2_0203, "code": "MB", "display": "Member Number"}]},
                "system": member_id_system,
                "value": member.member_id,
            }
        ],
        "name": [{"use": "official", "family": member.family_name, "given": member.given_name.split(" ")}],
        "telecom": [{"system": "phone", "value": member.phone}, {"system": "email", "value": member.email}],
        "gender": member.sex,
        "birthDate": when(member.birth_date),
        "address": [
            {
                "line": [member.address_line],
                "city": member.city,
                "state": member.state,
                "postalCode": member.postal_code,
            }
        ],
        "communication": [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": member.language}]}, "preferred": True}
        ],
        "generalPractitioner": [
            {"display": member.pcp_name, "identifier": {"system": NPI_SYSTEM, "value": member.pcp_npi}}
        ]
        if member.pcp_name
        else [],
    }
    return dict(compact(resource))


def _member_extensions(member: Any) -> list[dict[str, Any] | None]:
    """The Member fields FHIR has no element for, as the extensions `inbound` reads back."""
    extensions: list[dict[str, Any] | None] = []
    for name, (url, element) in MEMBER_EXTENSIONS.items():
        value = getattr(member, name)
        if isinstance(value, dt.time):
            value = value.isoformat(timespec="seconds")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        extensions.append({"url": url, element: value} if value not in (None, "") else None)
    return extensions


def coverage_resource(coverage: Any, patient_id: str) -> dict[str, Any]:
    resource = {
        "resourceType": "Coverage",
        "id": coverage.coverage_id,
        "meta": meta(coverage.source_updated_at),
        "status": coverage.status,
        "type": concept(coverage.product),
        "subscriberId": coverage.subscriber_id,
        "beneficiary": patient_ref(patient_id),
        "relationship": concept(coverage.relationship, "http://terminology.hl7.org/CodeSystem/subscriber-relationship"),
        "period": {"start": when(coverage.starts_on), "end": when(coverage.ends_on)},
        # Coverage.payor is required: a coverage stored without its payer says so.
        "payor": [{"display": coverage.payer or "Unknown payer"}],
        "class": [
            {
                "type": concept("plan", "http://terminology.hl7.org/CodeSystem/coverage-class"),
                "value": coverage.plan,
            }
        ]
        if coverage.plan
        else [],
    }
    return dict(compact(resource))


def _adjudication(line: dict[str, Any]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = [
        {"category": concept(code, system), "amount": {"value": line[column], "currency": "USD"}}
        for column, system, code in AMOUNT_CATEGORIES
        if line.get(column) is not None
    ]
    if line.get("denial_reason_code") or line.get("denial_reason"):
        entries.append(
            {
                "category": concept("denialreason", CARIN_DISCRIMINATOR),
                "reason": concept(line.get("denial_reason_code"), CARC_SYSTEM, line.get("denial_reason"))
                or {"text": line.get("denial_reason")},
            }
        )
    return entries


def explanation_of_benefit(
    lines: Sequence[dict[str, Any]], patient_id: str, insurer: str, coverage_id: str | None
) -> dict[str, Any]:
    """The lines of one claim (same claim_id, by line number) as an ExplanationOfBenefit."""
    lines = sorted(lines, key=lambda row: row.get("line_number") or 0)
    head = lines[0]
    diagnoses: list[str] = []
    for line in lines:
        for code in (line.get("diagnosis_codes") or "").split("|"):
            if code and code not in diagnoses:
                diagnoses.append(code)
    items = []
    for line in lines:
        codes = [c for c in (line.get("diagnosis_codes") or "").split("|") if c]
        items.append(
            {
                "sequence": line.get("line_number") or 1,
                "diagnosisSequence": [diagnoses.index(c) + 1 for c in codes],
                "productOrService": concept(line.get("service_code"), "", line.get("service_display"))
                or {"text": "unknown"},
                "servicedPeriod": {"start": when(line.get("service_start")), "end": when(line.get("service_end"))},
                "adjudication": _adjudication(line),
            }
        )
    created = head.get("billed_on") or head.get("service_start") or head.get("source_updated_at")
    resource = {
        "resourceType": "ExplanationOfBenefit",
        "id": head["claim_id"],
        "meta": meta(head.get("source_updated_at")),
        "status": head.get("status") or "active",
        "type": concept(head.get("claim_type"), CLAIM_TYPE_SYSTEM),
        "use": "claim",
        "patient": patient_ref(patient_id),
        "created": when(created),
        "insurer": {"display": insurer or "Unknown payer"},
        "provider": {
            "display": head.get("provider_name"),
            "identifier": {"system": NPI_SYSTEM, "value": head.get("provider_npi")},
        },
        "outcome": head.get("outcome") or "complete",
        "diagnosis": [
            {
                "sequence": position,
                "diagnosisCodeableConcept": concept(code, "http://hl7.org/fhir/sid/icd-10-cm"),
            }
            for position, code in enumerate(diagnoses, start=1)
        ],
        "insurance": [{"focal": True, "coverage": {"reference": f"Coverage/{coverage_id}"}}]
        if coverage_id
        else [{"focal": True, "coverage": {"display": insurer or "Unknown coverage"}}],
        "item": items,
    }
    compacted = dict(compact(resource))
    if "provider" not in compacted:  # required: a claim stored without its provider says so
        compacted["provider"] = {"display": "Unknown provider"}
    return compacted


def encounter_resource(row: dict[str, Any], patient_id: str) -> dict[str, Any]:
    resource = {
        "resourceType": "Encounter",
        "id": row["encounter_id"],
        "meta": meta(row.get("source_updated_at")),
        "status": row.get("status") or "unknown",
        "class": {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
            "code": row.get("encounter_class") or "AMB",
        },
        "type": [{"text": row.get("type_display")}],
        "subject": patient_ref(patient_id),
        "period": {"start": when(row.get("started_at")), "end": when(row.get("ended_at"))},
        "reasonCode": [concept(row.get("reason_code"), "", row.get("reason_display"))],
        "serviceProvider": {"display": row.get("provider_name")},
    }
    return dict(compact(resource))


def condition_resource(row: dict[str, Any], patient_id: str) -> dict[str, Any]:
    resource = {
        "resourceType": "Condition",
        "id": row["condition_id"],
        "meta": meta(row.get("source_updated_at")),
        "clinicalStatus": concept(
            row.get("clinical_status"), "http://terminology.hl7.org/CodeSystem/condition-clinical"
        ),
        "verificationStatus": concept(
            row.get("verification_status"), "http://terminology.hl7.org/CodeSystem/condition-ver-status"
        ),
        "code": concept(row.get("code"), row.get("code_system") or "", row.get("display")),
        "subject": patient_ref(patient_id),
        "onsetDateTime": when(row.get("onset_date")),
        "recordedDate": when(row.get("recorded_date")),
        "abatementDateTime": when(row.get("abatement_date")),
    }
    return dict(compact(resource))


def medication_resource(row: dict[str, Any], patient_id: str) -> dict[str, Any]:
    """A prescription as MedicationRequest or a fill as MedicationDispense (by `kind`)."""
    resource_id = str(row["medication_record_id"]).split("/", 1)[1]
    medication = concept(row.get("medication_code"), "http://www.nlm.nih.gov/research/umls/rxnorm", None) or {}
    if row.get("medication_display"):
        medication["text"] = row["medication_display"]
    days = {"value": row.get("days_supply"), "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"}
    common = {
        "id": resource_id,
        "meta": meta(row.get("source_updated_at")),
        "medicationCodeableConcept": medication or {"text": "unknown"},
        "subject": patient_ref(patient_id),
    }
    if row["kind"] == "request":
        resource = {
            "resourceType": "MedicationRequest",
            **common,
            "status": row.get("status") or "unknown",
            "intent": "order",
            "authoredOn": when(row.get("on_date")),
            "requester": {"display": row.get("prescriber_name")},
            "dispenseRequest": {
                "performer": {"display": row.get("pharmacy_name")},
                "quantity": {"value": row.get("quantity")},
                "expectedSupplyDuration": days if row.get("days_supply") is not None else None,
            },
        }
    else:
        resource = {
            "resourceType": "MedicationDispense",
            **common,
            "extension": [{"url": PRESCRIBER_EXTENSION, "valueReference": {"display": row["prescriber_name"]}}]
            if row.get("prescriber_name")
            else [],
            "status": row.get("status") or "unknown",
            "quantity": {"value": row.get("quantity")},
            "daysSupply": days if row.get("days_supply") is not None else None,
            "whenHandedOver": when(row.get("on_date")),
            "performer": [{"actor": {"display": row.get("pharmacy_name")}}],
        }
    return dict(compact(resource))
