"""Consent recorded in Heartline (on a call, in the portal, by import) as FHIR R4 `Consent`, history kept.

A Consent received as FHIR is exported as received (`StoredResource`); the decisions Heartline itself
recorded are written here, one `Consent` per decision so the history travels with the member:

- the member's current answer for a channel and purpose is `status: active`; an answer a later one
  replaced is `status: inactive` and tagged `superseded` (CONSENT_HISTORY_TAG), with the later
  decision's time as `provision.period.end`;
- `provision.type` is permit (yes) or deny (no), `provision.purpose` the v3 PurposeOfUse code of the
  purpose, `provision.code` the channel in Heartline's channel code system; express (written)
  consent is `verification.verified = true`;
- who recorded it, from where and with what reference travel in the RECORDED_EXTENSION extension, so
  a Heartline that loads the export keeps the decision as it was recorded (docs/fhir.md, "Consent").

Ids are derived from the member, channel, purpose and time of the decision: the same decision always
has the same id, so re-exporting and re-loading changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from heartline.members.fhir.consent_in import CHANNEL_SYSTEM, CONSENT_HISTORY_TAG, PURPOSE_CODE, RECORDED_EXTENSION
from heartline.members.fhir.outbound import compact, patient_ref, when
from heartline.members.models import ConsentDecision, Source

PURPOSE_OF_USE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
SCOPE = {"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}
CATEGORY = {"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}
POLICY_RULE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"


def consent_id(member_id: str, channel: str, purpose: str, recorded_at: dt.datetime) -> str:
    """The decision's stable FHIR id."""
    key = f"{member_id}|{channel}|{purpose}|{recorded_at.astimezone(dt.UTC).isoformat()}"
    return f"hl-consent-{hashlib.sha256(key.encode()).hexdigest()[:24]}"


def _resource(
    decision: ConsentDecision, member_id: str, patient_id: str, replaced_at: dt.datetime | None
) -> dict[str, Any]:
    recorded = [
        {"url": "source", "valueCode": decision.source},
        {"url": "recordedBy", "valueString": decision.recorded_by},
        {"url": "reference", "valueString": decision.reference},
    ]
    said = [part for part in recorded if part.get("valueString") != ""]  # FHIR allows no empty value
    provision: dict[str, Any] = {
        "type": "permit" if decision.granted else "deny",
        "period": {"start": when(decision.recorded_at), "end": when(replaced_at)},
        "purpose": [{"system": PURPOSE_OF_USE_SYSTEM, "code": PURPOSE_CODE[decision.purpose]}],
        "code": [{"coding": [{"system": CHANNEL_SYSTEM, "code": decision.channel}]}],
    }
    resource: dict[str, Any] = compact(
        {
            "resourceType": "Consent",
            "id": consent_id(member_id, decision.channel, decision.purpose, decision.recorded_at),
            "meta": {
                "lastUpdated": when(decision.recorded_at),
                "tag": [CONSENT_HISTORY_TAG] if replaced_at is not None else [],
            },
            "extension": [{"url": RECORDED_EXTENSION, "extension": said}],
            "status": "inactive" if replaced_at is not None else "active",
            "scope": {"coding": [SCOPE]},
            "category": [{"coding": [CATEGORY]}],
            "patient": patient_ref(patient_id),
            "dateTime": when(decision.recorded_at),
            "policyRule": {"coding": [{"system": POLICY_RULE, "code": "OPTIN" if decision.granted else "OPTOUT"}]},
            "verification": [{"verified": True}] if decision.express else [],
            "provision": provision,
        }
    )
    return resource


def consent_resources(
    decisions: Iterable[ConsentDecision], member_ids: Mapping[int, str], patient_ids: Mapping[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """The Consent resources of Heartline-recorded `decisions` (those received as FHIR are skipped:
    the received resource is exported instead), by member id. `member_ids` maps a member's database
    id to its member id; `patient_ids` a member id to its Patient id."""
    chains: dict[tuple[int, str, str], list[ConsentDecision]] = defaultdict(list)
    for decision in decisions:
        chains[(decision.member_id, decision.channel, decision.purpose)].append(decision)
    by_member: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (member_pk, _, _), chain in sorted(chains.items()):
        chain.sort(key=lambda d: (d.recorded_at, d.pk))
        member_id = member_ids[member_pk]
        for position, decision in enumerate(chain):
            if decision.source == Source.FHIR:
                continue
            replaced_at = chain[position + 1].recorded_at if position + 1 < len(chain) else None
            by_member[member_id].append(_resource(decision, member_id, patient_ids[member_id], replaced_at))
    return by_member
