"""A member's record as FHIR, limited to what the caller may see: `Patient/{id}`, `$everything`, export.

What is included follows the caller's capabilities (docs/fhir.md, "Who sees what"): LOOK_UP_MEMBERS
the Patient, its Coverage and Consent; SEE_MEMBER_CLAIMS the ExplanationOfBenefit resources;
SEE_MEMBER_CLINICAL the Condition, Encounter, MedicationRequest and MedicationDispense resources.
Heartline's own records (contacts, cases, survey answers) follow as the member view shows them to the
caller (`own_records`). Every read is written to the access log with the resource types shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings

from heartline.core.contracts import Caller
from heartline.core.errors import NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_member_access
from heartline.members import tables
from heartline.members.fhir import outbound, own_records
from heartline.members.fhir.consent_in import recorded_as
from heartline.members.fhir.consent_out import consent_resources
from heartline.members.fhir.inbound import instant
from heartline.members.fhir.preference_out import provenance_resources
from heartline.members.fhir.warehouse_rows import rows_of_members
from heartline.members.models import ConsentDecision, Coverage, Member, PreferenceChange, StoredResource
from heartline.warehouse.store import Warehouse

FHIR_JSON = "application/fhir+json"
TYPES_BY_CAPABILITY: tuple[tuple[Capability, tuple[str, ...]], ...] = (
    (Capability.LOOK_UP_MEMBERS, ("Patient", "Coverage", "Consent", "Provenance")),
    (Capability.SEE_MEMBER_CLAIMS, ("ExplanationOfBenefit",)),
    (Capability.SEE_MEMBER_CLINICAL, ("Condition", "Encounter", "MedicationRequest", "MedicationDispense")),
)
ORDER = (
    "Patient",
    "Coverage",
    "ExplanationOfBenefit",
    "Condition",
    "Encounter",
    "MedicationRequest",
    "MedicationDispense",
    "Consent",
    "Provenance",
    *own_records.OWN_TYPES,
)


def types_for(caller: Caller) -> tuple[str, ...]:
    """The resource types `caller` may see of a member (the operator: all)."""
    allowed = [t for cap, types in TYPES_BY_CAPABILITY if caller.is_operator or caller.can(cap) for t in types]
    return tuple(t for t in ORDER if t in allowed)


def member_id_system() -> str:
    return str(getattr(settings, "HEARTLINE_FHIR_MEMBER_ID_SYSTEM", "") or "")


def resources_of(
    members: Sequence[Member],
    types: Sequence[str],
    *,
    since: dt.datetime | None = None,
    warehouse: Warehouse | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Member id → their resources of `types` (updated at or after `since` when given), in ORDER."""
    warehouse = warehouse or Warehouse.default()
    by_member: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not members:
        return by_member
    patient_ids = {m.member_id: m.fhir_id or m.member_id for m in members}
    ids = list(patient_ids) if len(members) < 1_000 else None  # many: read the tables whole

    def fresh(updated: dt.datetime | None) -> bool:
        return since is None or (updated is not None and updated >= since)

    coverages: dict[str, list[Coverage]] = defaultdict(list)
    first_coverage: dict[str, Coverage] = {}
    coverage: Coverage | None
    if {"Coverage", "ExplanationOfBenefit"} & set(types):
        query = Coverage.objects.select_related("member").order_by("member__member_id", "-starts_on", "coverage_id")
        for coverage in query.filter(member__in=members):
            coverages[coverage.member.member_id].append(coverage)
            first_coverage.setdefault(coverage.member.member_id, coverage)
    if "Patient" in types:
        for member in members:
            if fresh(member.source_updated_at):
                by_member[member.member_id].append(outbound.patient_resource(member, member_id_system()))
    if "Coverage" in types:
        for member_id, held in coverages.items():
            by_member[member_id].extend(
                outbound.coverage_resource(c, patient_ids[member_id]) for c in held if fresh(c.source_updated_at)
            )
    if "ExplanationOfBenefit" in types:
        claims: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in rows_of_members(warehouse, tables.CLAIM_LINES, ids, since):
            if row["member_id"] in patient_ids:
                claims[(row["member_id"], row["claim_id"])].append(row)
        for (member_id, _), lines in claims.items():
            coverage = first_coverage.get(member_id)
            by_member[member_id].append(
                outbound.explanation_of_benefit(
                    lines,
                    patient_ids[member_id],
                    coverage.payer if coverage else "",
                    coverage.coverage_id if coverage else None,
                )
            )
    for spec, wanted, build in (
        (tables.CONDITIONS, ("Condition",), outbound.condition_resource),
        (tables.ENCOUNTERS, ("Encounter",), outbound.encounter_resource),
        (tables.MEDICATIONS, ("MedicationRequest", "MedicationDispense"), outbound.medication_resource),
    ):
        if set(wanted) & set(types):
            for row in rows_of_members(warehouse, spec, ids, since):
                if row["member_id"] in patient_ids:
                    resource = build(row, patient_ids[row["member_id"]])
                    if resource["resourceType"] in types:
                        by_member[row["member_id"]].append(resource)
    if "Consent" in types:
        consents = StoredResource.objects.filter(resource_type="Consent", member_id__in=list(patient_ids))
        for stored in consents.order_by("member_id", "resource_id"):
            # A Consent another Heartline exported is written again from its decisions, below.
            if fresh(stored.source_updated_at) and not recorded_as(stored.content):
                by_member[stored.member_id].append(stored.content)
        pks = {m.pk: m.member_id for m in members if m.member_id in patient_ids}
        decisions = ConsentDecision.objects.filter(member_id__in=list(pks))
        for member_id, resources in consent_resources(decisions, pks, patient_ids).items():
            by_member[member_id] += [r for r in resources if fresh(instant(r["dateTime"]))]
    if "Provenance" in types:  # how the member's preferences came to be (docs/adr/0009)
        pks = {m.pk: m.member_id for m in members if m.member_id in patient_ids}
        changes = PreferenceChange.objects.filter(member_id__in=list(pks))
        if since is not None:
            changes = changes.filter(recorded_at__gte=since)
        for member_id, resources in provenance_resources(changes, pks, patient_ids).items():
            by_member[member_id] += resources
    for held_resources in by_member.values():
        held_resources.sort(key=lambda r: ORDER.index(r["resourceType"]))
    return by_member


def _member(member_id: str) -> Member:
    member = Member.objects.filter(member_id=member_id).first()
    if member is None:
        raise NotFound(f"no member {member_id}")
    return member


def patient(caller: Caller, member_id: str) -> dict[str, Any]:
    """`GET /fhir/Patient/{member_id}`: the member as a Patient (NotAllowed without LOOK_UP_MEMBERS)."""
    require(caller, Capability.LOOK_UP_MEMBERS, "look up members")
    member = _member(member_id)
    log_member_access(caller, member_id, "members.fhir.patient", ["Patient"], channel="fhir")
    return outbound.patient_resource(member, member_id_system())


def everything(caller: Caller, member_id: str, base_url: str) -> dict[str, Any]:
    """`GET /fhir/Patient/{member_id}/$everything`: a searchset Bundle of what `caller` may see."""
    require(caller, Capability.LOOK_UP_MEMBERS, "look up members")
    member = _member(member_id)
    types = types_for(caller)
    patient_ids = {member_id: member.fhir_id or member_id}
    resources = resources_of([member], types).get(member_id, [])
    resources += own_records.resources_of_members(caller, patient_ids).get(member_id, [])
    shown = sorted({str(r["resourceType"]) for r in resources})
    log_member_access(caller, member_id, "members.fhir.everything", shown, channel="fhir")
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [
            {
                "fullUrl": f"{base_url}{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match" if r["resourceType"] == "Patient" else "include"},
            }
            for r in resources
        ],
    }
