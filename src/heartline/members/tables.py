"""Members' high-volume history in the warehouse: claim lines, encounters, conditions, medications.

No names, addresses or other identifiers beyond `member_id` go here (ARCHITECTURE.md: PHI lives in
the app database). Every table keeps `source_updated_at`, the FHIR resource's `meta.lastUpdated`, so
a re-delivered older version never replaces a newer one, and is clustered by `member_id` so the
member view reads one member's rows without scanning the table.

These tables have no unit column: the metric framework shows them to unrestricted callers only, and
the member view reads them through `heartline.members` selectors, which apply the member policy.
"""

from __future__ import annotations

import pyarrow as pa

from heartline.warehouse.tables import TableSpec, register

TS = pa.timestamp("us", tz="UTC")

CLAIM_TYPES = ("professional", "institutional", "pharmacy", "oral", "vision")

CLAIM_LINES = register(
    TableSpec(
        name="member_claim_lines",
        description="One row per line of an adjudicated claim (FHIR ExplanationOfBenefit.item).",
        schema=pa.schema(
            [
                pa.field("claim_line_id", pa.string(), nullable=False),  # "<claim_id>#<sequence>"
                pa.field("claim_id", pa.string(), nullable=False),  # the ExplanationOfBenefit's id
                pa.field("line_number", pa.int32()),
                pa.field("member_id", pa.string(), nullable=False),
                pa.field("claim_type", pa.string()),  # CLAIM_TYPES
                pa.field("status", pa.string()),  # active, cancelled, draft, entered-in-error
                pa.field("outcome", pa.string()),  # queued, complete, error, partial
                pa.field("service_start", pa.date32()),
                pa.field("service_end", pa.date32()),
                pa.field("billed_on", pa.date32()),
                pa.field("provider_npi", pa.string()),
                pa.field("provider_name", pa.string()),
                pa.field("service_code", pa.string()),  # CPT/HCPCS, revenue code or NDC
                pa.field("service_display", pa.string()),
                pa.field("diagnosis_codes", pa.string()),  # ICD-10-CM, "|"-separated (clinical)
                pa.field("billed_amount", pa.float64()),
                pa.field("allowed_amount", pa.float64()),
                pa.field("paid_amount", pa.float64()),
                pa.field("member_liability", pa.float64()),
                pa.field("denied", pa.bool_()),
                pa.field("denial_reason_code", pa.string()),  # X12 CARC
                pa.field("denial_reason", pa.string()),
                pa.field("source_updated_at", TS),
            ]
        ),
        natural_key=("claim_line_id",),
        required=("claim_id", "member_id"),
        cluster_by=("member_id",),
    )
)

ENCOUNTERS = register(
    TableSpec(
        name="member_encounters",
        description="Visits and stays (FHIR Encounter): office, emergency, inpatient, telehealth.",
        schema=pa.schema(
            [
                pa.field("encounter_id", pa.string(), nullable=False),
                pa.field("member_id", pa.string(), nullable=False),
                pa.field("status", pa.string()),
                pa.field("encounter_class", pa.string()),  # v3 ActCode: AMB, EMER, IMP, VR, HH
                pa.field("type_display", pa.string()),
                pa.field("started_at", TS),
                pa.field("ended_at", TS),
                pa.field("provider_name", pa.string()),
                pa.field("reason_code", pa.string()),  # clinical
                pa.field("reason_display", pa.string()),  # clinical
                pa.field("source_updated_at", TS),
            ]
        ),
        natural_key=("encounter_id",),
        required=("member_id",),
        cluster_by=("member_id",),
    )
)

CONDITIONS = register(
    TableSpec(
        name="member_conditions",
        description="Diagnoses and problems (FHIR Condition).",
        schema=pa.schema(
            [
                pa.field("condition_id", pa.string(), nullable=False),
                pa.field("member_id", pa.string(), nullable=False),
                pa.field("code_system", pa.string()),  # e.g. http://hl7.org/fhir/sid/icd-10-cm
                pa.field("code", pa.string()),
                pa.field("display", pa.string()),
                pa.field("clinical_status", pa.string()),  # active, resolved, …
                pa.field("verification_status", pa.string()),
                pa.field("onset_date", pa.date32()),
                pa.field("recorded_date", pa.date32()),
                pa.field("abatement_date", pa.date32()),
                pa.field("source_updated_at", TS),
            ]
        ),
        natural_key=("condition_id",),
        required=("member_id",),
        cluster_by=("member_id",),
    )
)

MEDICATION_KINDS = ("request", "dispense")

MEDICATIONS = register(
    TableSpec(
        name="member_medications",
        description="Prescriptions (FHIR MedicationRequest) and pharmacy fills (MedicationDispense).",
        schema=pa.schema(
            [
                pa.field("medication_record_id", pa.string(), nullable=False),  # "<kind>/<resource id>"
                pa.field("kind", pa.string(), nullable=False),  # MEDICATION_KINDS
                pa.field("member_id", pa.string(), nullable=False),
                pa.field("status", pa.string()),
                pa.field("medication_code", pa.string()),  # RxNorm or NDC
                pa.field("medication_display", pa.string()),
                pa.field("quantity", pa.float64()),
                pa.field("days_supply", pa.int32()),
                pa.field("on_date", pa.date32()),  # authored on (request) or handed over (dispense)
                pa.field("prescriber_name", pa.string()),
                pa.field("pharmacy_name", pa.string()),
                pa.field("source_updated_at", TS),
            ]
        ),
        natural_key=("medication_record_id",),
        required=("kind", "member_id"),
        cluster_by=("member_id",),
    )
)

HISTORY_TABLES = (CLAIM_LINES, ENCOUNTERS, CONDITIONS, MEDICATIONS)
