"""Synthetic FHIR R4 resources for tests and the benchmark: a member and their history, deterministic.

`member_resources(n)` is one Patient with a Coverage, a two-line ExplanationOfBenefit (the second
line denied), an Encounter, a Condition (type 2 diabetes), a MedicationRequest and a
MedicationDispense (metformin) and a Consent that opts the member out of marketing SMS.
"""

from __future__ import annotations

from typing import Any

V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"


def patient(n: int, updated: str = "2025-03-01T12:00:00Z", family: str = "Rivera") -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": f"pat-{n}",
        "meta": {"lastUpdated": updated},
        "identifier": [
            {
                "type": {"coding": [{"system": V2_0203, "code": "MB"}]},
                "system": "urn:example:members",
                "value": f"M{n:07d}",
            }
        ],
        "name": [{"use": "official", "family": family, "given": ["Ana", "Maria"]}],
        "telecom": [
            {"system": "phone", "value": "+1 (555) 010-0100"},
            {"system": "email", "value": f"ana{n}@example.org"},
        ],
        "gender": "female",
        "birthDate": "1961-04-12",
        "address": [{"line": ["12 Harbor Way"], "city": "Tampa", "state": "FL", "postalCode": "33602"}],
        "communication": [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "es-US"}]}, "preferred": True}
        ],
        "generalPractitioner": [{"display": "Dr. Lee Chen"}],
    }


def member_resources(n: int, updated: str = "2025-03-01T12:00:00Z") -> list[dict[str, Any]]:
    """The resources of synthetic member `n` (ids end in `-n`)."""
    subject = {"reference": f"Patient/pat-{n}"}
    meta = {"lastUpdated": updated}
    adjudication = "http://terminology.hl7.org/CodeSystem/adjudication"
    carin = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
    metformin = {
        "coding": [
            {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975", "display": "metformin 500 MG"}
        ]
    }
    return [
        patient(n, updated),
        {
            "resourceType": "Coverage",
            "id": f"cov-{n}",
            "meta": meta,
            "status": "active",
            "type": {"coding": [{"code": "medicare_advantage"}]},
            "subscriberId": f"S{n:07d}",
            "beneficiary": subject,
            "relationship": {"coding": [{"code": "self"}]},
            "period": {"start": "2025-01-01"},
            "payor": [{"display": "Heartline Health Plan"}],
            "class": [{"type": {"coding": [{"code": "plan"}]}, "value": "MA-GOLD"}],
        },
        {
            "resourceType": "ExplanationOfBenefit",
            "id": f"eob-{n}",
            "meta": meta,
            "status": "active",
            "type": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]
            },
            "use": "claim",
            "patient": subject,
            "created": "2025-02-10",
            "insurer": {"display": "Heartline Health Plan"},
            "provider": {
                "display": "Bayside Clinic",
                "identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"},
            },
            "outcome": "partial",
            "diagnosis": [{"sequence": 1, "diagnosisCodeableConcept": {"coding": [{"code": "E11.9"}]}}],
            "insurance": [{"focal": True, "coverage": {"reference": f"Coverage/cov-{n}"}}],
            "item": [
                {
                    "sequence": 1,
                    "diagnosisSequence": [1],
                    "productOrService": {"coding": [{"code": "99213", "display": "Office visit"}]},
                    "servicedDate": "2025-02-03",
                    "adjudication": [
                        {
                            "category": {"coding": [{"system": adjudication, "code": "submitted"}]},
                            "amount": {"value": 180.0, "currency": "USD"},
                        },
                        {
                            "category": {"coding": [{"system": adjudication, "code": "eligible"}]},
                            "amount": {"value": 120.0, "currency": "USD"},
                        },
                        {
                            "category": {"coding": [{"system": carin, "code": "paidtoprovider"}]},
                            "amount": {"value": 100.0, "currency": "USD"},
                        },
                        {
                            "category": {"coding": [{"system": carin, "code": "memberliability"}]},
                            "amount": {"value": 20.0, "currency": "USD"},
                        },
                    ],
                },
                {
                    "sequence": 2,
                    "productOrService": {"coding": [{"code": "83036", "display": "Hemoglobin A1c"}]},
                    "servicedDate": "2025-02-03",
                    "adjudication": [
                        {
                            "category": {"coding": [{"system": adjudication, "code": "submitted"}]},
                            "amount": {"value": 45.0, "currency": "USD"},
                        },
                        {
                            "category": {
                                "coding": [
                                    {
                                        "system": "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator",
                                        "code": "denialreason",
                                    }
                                ]
                            },
                            "reason": {
                                "coding": [
                                    {
                                        "system": "https://x12.org/codes/claim-adjustment-reason-codes",
                                        "code": "197",
                                        "display": "Precertification absent",
                                    }
                                ]
                            },
                        },
                    ],
                },
            ],
        },
        {
            "resourceType": "Encounter",
            "id": f"enc-{n}",
            "meta": meta,
            "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
            "type": [{"text": "Office visit"}],
            "subject": subject,
            "period": {"start": "2025-02-03T14:00:00Z", "end": "2025-02-03T14:30:00Z"},
            "reasonCode": [{"coding": [{"code": "E11.9", "display": "Type 2 diabetes"}]}],
            "serviceProvider": {"display": "Bayside Clinic"},
        },
        {
            "resourceType": "Condition",
            "id": f"cond-{n}",
            "meta": meta,
            "clinicalStatus": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
            },
            "code": {
                "coding": [
                    {
                        "system": "http://hl7.org/fhir/sid/icd-10-cm",
                        "code": "E11.9",
                        "display": "Type 2 diabetes mellitus without complications",
                    }
                ]
            },
            "subject": subject,
            "onsetDateTime": "2019-06-01",
            "recordedDate": "2019-06-02",
        },
        {
            "resourceType": "MedicationRequest",
            "id": f"rx-{n}",
            "meta": meta,
            "status": "active",
            "intent": "order",
            "medicationCodeableConcept": metformin,
            "subject": subject,
            "authoredOn": "2025-02-03",
            "requester": {"display": "Dr. Lee Chen"},
            "dispenseRequest": {"quantity": {"value": 60}, "expectedSupplyDuration": {"value": 30, "unit": "days"}},
        },
        {
            "resourceType": "MedicationDispense",
            "id": f"fill-{n}",
            "meta": meta,
            "status": "completed",
            "medicationCodeableConcept": metformin,
            "subject": subject,
            "quantity": {"value": 60},
            "daysSupply": {"value": 30},
            "whenHandedOver": "2025-02-04",
            "performer": [{"actor": {"display": "Corner Pharmacy"}}],
        },
        {
            "resourceType": "Consent",
            "id": f"consent-{n}",
            "meta": meta,
            "status": "active",
            "scope": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]
            },
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
            "patient": subject,
            "dateTime": "2025-02-20T09:00:00Z",
            "provision": {
                "type": "deny",
                "purpose": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "HMARKT"}],
                "code": [{"coding": [{"system": "urn:heartline:fhir:channel", "code": "sms"}]}],
            },
        },
    ]
