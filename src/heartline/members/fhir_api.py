"""FHIR over the REST API: `POST /api/v1/ingest/fhir` (load) and `GET /api/v1/fhir/Patient/…` (read).

The load takes a Bundle (JSON) or Bulk Data NDJSON as the request body, gzip allowed, `?skip_bad=true`
to store the good resources of a body with bad ones; only callers with INGEST_MEMBER_RECORDS
(administrators) may. The reads answer `application/fhir+json`, with what the caller may see
(docs/fhir.md); each is written to the access log.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, as_superuser
from heartline.core.scoping import caller_of
from heartline.ingest.outcome import IngestOptions
from heartline.members.fhir import everything
from heartline.members.fhir.loading import load_inputs
from heartline.members.fhir.reading import read_bytes

ingest_router = Router(tags=["ingest"])
IN_PROCESS = 2**62  # resources: never reached, so never worker processes
router = Router(tags=["fhir"])


class CountsOut(Schema):
    read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int


class FhirIngestOut(CountsOut):
    accepted: bool
    by_type: dict[str, CountsOut]
    problems: list[str]


def _caller(request: HttpRequest, capability: Capability) -> Caller:
    caller = caller_of(request)
    if getattr(request.user, "is_superuser", False) and not caller.can(capability):
        caller = as_superuser(caller)
    return caller


@ingest_router.post(
    "/fhir",
    response={200: FhirIngestOut, 400: FhirIngestOut},
    operation_id="ingest_fhir",
    summary="Load FHIR R4 resources (a Bundle or NDJSON)",
    description=(
        "The body is a Bundle (collection, transaction, searchset) as JSON, or Bulk Data NDJSON, gzip "
        "allowed. Every resource is validated against the R4 model; any problem refuses the whole body "
        "(400, nothing stored) unless `skip_bad=true`, which stores the valid resources and lists the "
        "others. Re-sending changes nothing; a newer meta.lastUpdated replaces the older. Administrators only."
    ),
)
def ingest_fhir(request: HttpRequest, skip_bad: bool = False) -> Status[dict[str, Any]]:
    caller = _caller(request, Capability.INGEST_MEMBER_RECORDS)
    # Checked in this process: forking worker processes out of a threaded web server is unsafe.
    report = load_inputs(
        caller,
        [read_bytes("request", request.body)],
        IngestOptions(skip_bad=skip_bad),
        channel="api",
        parallel_from=IN_PROCESS,
    )
    answer = {
        **report.counts.as_dict(),
        "accepted": report.accepted,
        "by_type": {name: counts.as_dict() for name, counts in (report.by_type or {}).items()},
        "problems": report.problems[:1_000],
    }
    return Status(200 if report.accepted else 400, answer)


def _fhir_response(resource: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(resource), content_type=everything.FHIR_JSON)


@router.get("/Patient/{member_id}", operation_id="fhir_patient", summary="A member as an R4 Patient")
def patient(request: HttpRequest, member_id: str) -> HttpResponse:
    """The member as a FHIR Patient (member id as the identifier typed MB); needs LOOK_UP_MEMBERS."""
    return _fhir_response(everything.patient(_caller(request, Capability.LOOK_UP_MEMBERS), member_id))


@router.get(
    "/Patient/{member_id}/$everything",
    operation_id="fhir_patient_everything",
    summary="Everything about a member the caller may see, as an R4 Bundle",
)
def patient_everything(request: HttpRequest, member_id: str) -> HttpResponse:
    """A searchset Bundle: Patient, Coverage and Consent (LOOK_UP_MEMBERS), ExplanationOfBenefit
    (SEE_MEMBER_CLAIMS), Condition, Encounter, MedicationRequest and MedicationDispense
    (SEE_MEMBER_CLINICAL)."""
    base = request.build_absolute_uri("/api/v1/fhir/")
    caller = _caller(request, Capability.LOOK_UP_MEMBERS)
    return _fhir_response(everything.everything(caller, member_id, base))
