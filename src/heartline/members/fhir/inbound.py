"""What one FHIR resource says, in Heartline's terms: a member, a coverage, warehouse rows, consent.

Pure functions of the resource (no database): `map_resource` runs where the resource was checked,
possibly in another process. References to the Patient stay references (`Patient/abc`) until the
load resolves them (`heartline.members.fhir.loading`); so do references to the practitioners and
organizations that name a PCP or a provider. docs/fhir.md lists every element read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from heartline.members.fhir.consent_in import ConsentRule, consent_rules, recorded_as
from heartline.members.fhir.preference_in import ChangeRecord, UnreadableChange, read_change

V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
TIMEZONE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/timezone"
INTERPRETER_EXTENSION = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
# Member fields FHIR has no element for travel as Heartline extensions on the Patient (docs/fhir.md):
# field → (extension url, value[x] element). Read only when present: a payer's Patient without them
# leaves what Heartline holds (preferences are kept by Heartline, not by the payer).
HEARTLINE_EXTENSION = "urn:heartline:fhir:extension:"
MEMBER_EXTENSIONS = {
    "plan": (f"{HEARTLINE_EXTENSION}plan", "valueString"),
    "legacy_company": (f"{HEARTLINE_EXTENSION}legacy-company", "valueString"),
    "preferred_channel": (f"{HEARTLINE_EXTENSION}preferred-channel", "valueCode"),
    "enrolled_on": (f"{HEARTLINE_EXTENSION}enrolled-on", "valueDate"),
    "quiet_hours_start": (f"{HEARTLINE_EXTENSION}quiet-hours-start", "valueTime"),
    "quiet_hours_end": (f"{HEARTLINE_EXTENSION}quiet-hours-end", "valueTime"),
    "dual_eligible": (f"{HEARTLINE_EXTENSION}dual-eligible", "valueBoolean"),
    "uses_tty": (f"{HEARTLINE_EXTENSION}uses-tty", "valueBoolean"),
    "needs_interpreter": (INTERPRETER_EXTENSION, "valueBoolean"),
}
PREFERRED_CHANNELS = ("phone", "chat", "email", "portal", "sms")
# A fill's prescriber (R4 MedicationDispense has no element for it; the request's requester says it).
PRESCRIBER_EXTENSION = f"{HEARTLINE_EXTENSION}prescriber"
LANGUAGES = ("en", "es", "zh")

TYPES = (
    "Patient",
    "Coverage",
    "ExplanationOfBenefit",
    "Encounter",
    "Condition",
    "MedicationRequest",
    "MedicationDispense",
    "Practitioner",
    "Organization",
    "Consent",
    "Communication",
    "Task",
    "QuestionnaireResponse",
    "Provenance",
)
# Kept whole in StoredResource. Communication, Task and QuestionnaireResponse are what Heartline
# exports of its own contacts, cases and surveys: a re-import keeps them (they are not turned back
# into contacts, which come from the contact center's systems).
KEPT_AS_RECEIVED = ("Practitioner", "Organization", "Consent", "Communication", "Task", "QuestionnaireResponse")


class NotMappable(ValueError):
    """A valid resource Heartline cannot place (no member id, no patient): `path` names the element."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


@dataclass
class Mapped:
    """One resource in Heartline's terms; `patient` is the reference to resolve to a member."""

    resource_type: str
    resource_id: str
    updated_at: dt.datetime | None
    patient: str = ""  # "Patient/<id>" (or a bare id); "" for Patient, Practitioner, Organization
    member_id: str = ""  # a Patient's member id
    fields: dict[str, Any] = field(default_factory=dict)  # Member or Coverage fields
    table: str = ""  # the warehouse table of `rows`
    rows: list[dict[str, Any]] = field(default_factory=list)  # member_id filled in by the load
    names: dict[str, str] = field(default_factory=dict)  # field → reference naming it (pcp_name, payer…)
    consent: list[ConsentRule] = field(default_factory=list)
    express: bool = False
    recorded_at: dt.datetime | None = None
    recorded: dict[str, str] = field(default_factory=dict)  # a Heartline export's source, recordedBy, reference
    content: dict[str, Any] | None = None  # kept as received
    preference: ChangeRecord | None = None  # a Provenance's preference change
    outcome: str = ""  # set when stored: inserted, updated or unchanged


# -- small readers of FHIR datatypes ----------------------------------------------------------------


def instant(value: object) -> dt.datetime | None:
    """A FHIR instant or dateTime as a UTC datetime (a bare date is its start, UTC); None when absent."""
    if not isinstance(value, str) or not value:
        return None
    if len(value) <= 10:
        day = date(value)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def date(value: object) -> dt.date | None:
    """A FHIR date or dateTime's day (a year or year-month counts as its first day)."""
    if not isinstance(value, str) or not value:
        return None
    if len(value) > 10:
        stamp = instant(value)
        return stamp.date() if stamp else None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def first(items: object) -> dict[str, Any]:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def coding(concept: object) -> dict[str, Any]:
    """The first coding of a CodeableConcept ({} when none)."""
    return first(concept.get("coding")) if isinstance(concept, dict) else {}


def code_of(concept: object) -> str:
    return str(coding(concept).get("code") or "")


def text_of(concept: object) -> str:
    """A CodeableConcept's text, else its first coding's display, else its code."""
    if not isinstance(concept, dict):
        return ""
    found = coding(concept)
    return str(concept.get("text") or found.get("display") or found.get("code") or "")


def reference(ref: object) -> str:
    return str(ref.get("reference") or "") if isinstance(ref, dict) else ""


def display(ref: object) -> str:
    return str(ref.get("display") or "") if isinstance(ref, dict) else ""


def money(value: object) -> float | None:
    if isinstance(value, dict) and isinstance(value.get("value"), int | float):
        return float(value["value"])
    return None


def number(value: object) -> float | None:
    return money(value)


def person_name(names: object) -> tuple[str, str]:
    """(given, family) of the official name, else the first."""
    chosen: dict[str, Any] = {}
    if isinstance(names, list):
        official = [n for n in names if isinstance(n, dict) and n.get("use") == "official"]
        chosen = official[0] if official else first(names)
    given = " ".join(str(g) for g in chosen.get("given") or [])
    return given, str(chosen.get("family") or "")


def phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def npi_of(identifiers: object) -> str:
    for identifier in identifiers if isinstance(identifiers, list) else []:
        if isinstance(identifier, dict) and identifier.get("system") == NPI_SYSTEM:
            return str(identifier.get("value") or "")
    return ""


# -- per resource type ------------------------------------------------------------------------------


def member_id_of(patient: dict[str, Any], member_id_system: str) -> str:
    """The Patient identifier typed `MB` (v2-0203), else the one in `member_id_system`.

    Raises NotMappable when the Patient has neither."""
    identifiers = [i for i in patient.get("identifier") or [] if isinstance(i, dict) and i.get("value")]
    for identifier in identifiers:
        for typed in (identifier.get("type") or {}).get("coding") or []:
            if typed.get("system") == V2_0203 and typed.get("code") == "MB":
                return str(identifier["value"])
    for identifier in identifiers:
        if member_id_system and identifier.get("system") == member_id_system:
            return str(identifier["value"])
    wanted = f"type MB ({V2_0203})" + (f" or system {member_id_system}" if member_id_system else "")
    raise NotMappable("Patient.identifier", f"no member identifier: none with {wanted}")


def _patient(resource: dict[str, Any], mapped: Mapped, member_id_system: str) -> None:
    mapped.member_id = member_id_of(resource, member_id_system)
    given, family = person_name(resource.get("name"))
    address = first(resource.get("address"))
    telecom = [t for t in resource.get("telecom") or [] if isinstance(t, dict)]
    phone = next((str(t.get("value") or "") for t in telecom if t.get("system") == "phone"), "")
    email = next((str(t.get("value") or "") for t in telecom if t.get("system") == "email"), "")
    languages = [c for c in resource.get("communication") or [] if isinstance(c, dict)]
    languages.sort(key=lambda c: not c.get("preferred"))
    language = ""
    for spoken in languages:
        code = code_of(spoken.get("language")).split("-")[0].lower()
        if code in LANGUAGES:
            language = code
            break
    time_zone = next(
        (
            str(e.get("valueCode") or "")
            for e in resource.get("extension") or []
            if isinstance(e, dict) and e.get("url") == TIMEZONE_EXTENSION
        ),
        "",
    )
    mapped.fields = {
        "given_name": given[:100],
        "family_name": family[:100],
        "birth_date": date(resource.get("birthDate")),
        "sex": str(resource.get("gender") or ""),
        "address_line": ", ".join(str(line) for line in address.get("line") or [])[:200],
        "city": str(address.get("city") or "")[:100],
        "state": str(address.get("state") or "")[:40],
        "postal_code": str(address.get("postalCode") or "")[:20],
        "phone": phone[:40],
        "phone_digits": phone_digits(phone)[:20],
        "email": email[:254],
        "search_name": f"{given} {family}".strip().lower()[:201],
        "time_zone": time_zone[:64],
        "pcp_name": "",
        "pcp_npi": "",
    }
    if language:
        mapped.fields["language"] = language
    mapped.fields.update(_member_extensions(resource))
    pcp = first(resource.get("generalPractitioner"))
    if pcp:
        mapped.fields["pcp_name"] = display(pcp)[:200]
        mapped.fields["pcp_npi"] = npi_of([pcp.get("identifier")])[:20]
        mapped.names["pcp"] = reference(pcp)


def _member_extensions(resource: dict[str, Any]) -> dict[str, Any]:
    """The MEMBER_EXTENSIONS present on a Patient, as Member field values."""
    present = {str(e.get("url")): e for e in resource.get("extension") or [] if isinstance(e, dict) and e.get("url")}
    values: dict[str, Any] = {}
    for name, (url, element) in MEMBER_EXTENSIONS.items():
        if url not in present or element not in present[url]:
            continue
        value = present[url][element]
        if element == "valueDate":
            values[name] = date(value)
        elif element == "valueTime":
            values[name] = dt.time.fromisoformat(str(value))
        elif element == "valueBoolean":
            values[name] = bool(value)
        elif name == "preferred_channel":
            if value in PREFERRED_CHANNELS:
                values[name] = str(value)
        else:
            values[name] = str(value)[: 100 if name == "legacy_company" else 60]
    return values


def _coverage(resource: dict[str, Any], mapped: Mapped) -> None:
    mapped.patient = reference(resource.get("beneficiary"))
    classes = [c for c in resource.get("class") or [] if isinstance(c, dict)]
    plan = next((c for c in classes if code_of(c.get("type")) == "plan"), {})
    period = resource.get("period") or {}
    payor = first(resource.get("payor"))
    mapped.fields = {
        "status": str(resource.get("status") or "active"),
        "payer": display(payor)[:200],
        "plan": str(plan.get("value") or "")[:100],
        "product": code_of(resource.get("type"))[:100],
        "subscriber_id": str(resource.get("subscriberId") or "")[:64],
        "relationship": code_of(resource.get("relationship"))[:20],
        "starts_on": date(period.get("start")),
        "ends_on": date(period.get("end")),
    }
    if payor and not display(payor):
        mapped.names["payer"] = reference(payor)


def _adjudication(item: dict[str, Any]) -> dict[str, Any]:
    """An EOB item's amounts and denial, from its adjudication categories (core and CARIN BB)."""
    amounts: dict[str, float] = {}
    denial_code = denial_text = ""
    for entry in item.get("adjudication") or []:
        if not isinstance(entry, dict):
            continue
        category = code_of(entry.get("category")).lower()
        amount = money(entry.get("amount"))
        if amount is not None and category not in amounts:
            amounts[category] = amount
        reason = entry.get("reason")
        if reason and not denial_code and category != "adjustmentreason":
            denial_code = code_of(reason)
            denial_text = str(coding(reason).get("display") or reason.get("text") or "")
    paid = amounts.get("paidtoprovider", amounts.get("benefit"))
    return {
        "billed_amount": amounts.get("submitted"),
        "allowed_amount": amounts.get("eligible"),
        "paid_amount": paid,
        "member_liability": amounts.get("memberliability"),
        "denied": bool(denial_code or denial_text),
        "denial_reason_code": denial_code or None,
        "denial_reason": denial_text or None,
    }


def _explanation_of_benefit(resource: dict[str, Any], mapped: Mapped) -> None:
    mapped.patient = reference(resource.get("patient"))
    mapped.table = "member_claim_lines"
    provider = resource.get("provider") or {}
    provider_identifier = provider.get("identifier") if isinstance(provider, dict) else None
    if not display(provider):
        mapped.names["provider"] = reference(provider)
    diagnoses = {
        d.get("sequence"): code_of(d.get("diagnosisCodeableConcept"))
        for d in resource.get("diagnosis") or []
        if isinstance(d, dict)
    }
    billable = resource.get("billablePeriod") or {}
    for position, item in enumerate(resource.get("item") or [], start=1):
        sequence = int(item.get("sequence") or position)
        wanted = item.get("diagnosisSequence") or list(diagnoses)
        served = item.get("servicedPeriod") or {}
        product = item.get("productOrService")
        mapped.rows.append(
            {
                "claim_line_id": f"{mapped.resource_id}#{sequence}",
                "claim_id": mapped.resource_id,
                "line_number": sequence,
                "claim_type": code_of(resource.get("type")) or None,
                "status": resource.get("status"),
                "outcome": resource.get("outcome"),
                "service_start": date(item.get("servicedDate") or served.get("start") or billable.get("start")),
                "service_end": date(item.get("servicedDate") or served.get("end") or billable.get("end")),
                "billed_on": date(resource.get("created")),
                "provider_npi": str(provider_identifier.get("value") or "") or None
                if isinstance(provider_identifier, dict)
                else None,
                "provider_name": display(provider) or None,
                "service_code": code_of(product) or None,
                "service_display": str(coding(product).get("display") or "") or None,
                "diagnosis_codes": "|".join(c for s in wanted if (c := diagnoses.get(s))) or None,
                **_adjudication(item),
                "source_updated_at": mapped.updated_at,
            }
        )


def _encounter(resource: dict[str, Any], mapped: Mapped) -> None:
    mapped.patient = reference(resource.get("subject"))
    mapped.table = "member_encounters"
    period = resource.get("period") or {}
    encounter_class = resource.get("class") or {}
    reason = first(resource.get("reasonCode"))
    provider = resource.get("serviceProvider") or {}
    mapped.rows.append(
        {
            "encounter_id": mapped.resource_id,
            "status": resource.get("status"),
            "encounter_class": encounter_class.get("code") if isinstance(encounter_class, dict) else None,
            "type_display": text_of(first(resource.get("type"))) or None,
            "started_at": instant(period.get("start")),
            "ended_at": instant(period.get("end")),
            "provider_name": display(provider) or None,
            "reason_code": code_of(reason) or None,
            "reason_display": text_of(reason) or None,
            "source_updated_at": mapped.updated_at,
        }
    )
    if provider and not display(provider):
        mapped.names["provider"] = reference(provider)


def _condition(resource: dict[str, Any], mapped: Mapped) -> None:
    mapped.patient = reference(resource.get("subject"))
    mapped.table = "member_conditions"
    found = coding(resource.get("code"))
    mapped.rows.append(
        {
            "condition_id": mapped.resource_id,
            "code_system": found.get("system"),
            "code": found.get("code"),
            "display": found.get("display") or (resource.get("code") or {}).get("text"),
            "clinical_status": code_of(resource.get("clinicalStatus")) or None,
            "verification_status": code_of(resource.get("verificationStatus")) or None,
            "onset_date": date(resource.get("onsetDateTime")),
            "recorded_date": date(resource.get("recordedDate")),
            "abatement_date": date(resource.get("abatementDateTime")),
            "source_updated_at": mapped.updated_at,
        }
    )


def _medication(resource: dict[str, Any], mapped: Mapped, kind: str) -> None:
    mapped.patient = reference(resource.get("subject"))
    mapped.table = "member_medications"
    medication = resource.get("medicationCodeableConcept") or {}
    if kind == "request":
        supply = resource.get("dispenseRequest") or {}
        quantity = number(supply.get("quantity"))
        days = number(supply.get("expectedSupplyDuration"))
        on_date = date(resource.get("authoredOn"))
        prescriber, pharmacy = display(resource.get("requester")), display(supply.get("performer"))
    else:
        quantity = number(resource.get("quantity"))
        days = number(resource.get("daysSupply"))
        on_date = date(resource.get("whenHandedOver"))
        prescriber = next(
            (
                display(e.get("valueReference"))
                for e in resource.get("extension") or []
                if isinstance(e, dict) and e.get("url") == PRESCRIBER_EXTENSION
            ),
            "",
        )
        pharmacy = display(first(resource.get("performer")).get("actor"))
    mapped.rows.append(
        {
            "medication_record_id": f"{kind}/{mapped.resource_id}",
            "kind": kind,
            "status": resource.get("status"),
            "medication_code": code_of(medication) or None,
            "medication_display": text_of(medication) or None,
            "quantity": quantity,
            "days_supply": int(days) if days is not None else None,
            "on_date": on_date,
            "prescriber_name": prescriber or None,
            "pharmacy_name": pharmacy or None,
            "source_updated_at": mapped.updated_at,
        }
    )


def _consent(resource: dict[str, Any], mapped: Mapped) -> None:
    mapped.patient = reference(resource.get("patient"))
    mapped.consent = consent_rules(resource)
    mapped.express = any(isinstance(v, dict) and v.get("verified") for v in resource.get("verification") or [])
    mapped.recorded_at = instant(resource.get("dateTime")) or mapped.updated_at
    mapped.recorded = recorded_as(resource)
    mapped.content = resource


def _provenance(resource: dict[str, Any], mapped: Mapped) -> None:
    try:
        mapped.preference = read_change(resource, instant(resource.get("recorded")))
    except UnreadableChange as exc:
        raise NotMappable(exc.path, str(exc).removeprefix(f"{exc.path}: ")) from exc
    mapped.patient = mapped.preference.patient


def _kept(resource: dict[str, Any], mapped: Mapped, patient_element: str) -> None:
    mapped.patient = reference(resource.get(patient_element))
    mapped.content = resource


MAPPERS: dict[str, Callable[[dict[str, Any], Mapped], None]] = {
    "Coverage": _coverage,
    "ExplanationOfBenefit": _explanation_of_benefit,
    "Encounter": _encounter,
    "Condition": _condition,
    "MedicationRequest": lambda r, m: _medication(r, m, "request"),
    "MedicationDispense": lambda r, m: _medication(r, m, "dispense"),
    "Consent": _consent,
    "Communication": lambda r, m: _kept(r, m, "subject"),
    "Task": lambda r, m: _kept(r, m, "for"),
    "QuestionnaireResponse": lambda r, m: _kept(r, m, "subject"),
    "Provenance": _provenance,
}


def map_resource(resource: dict[str, Any], member_id_system: str) -> Mapped:
    """`resource` (already valid R4) in Heartline's terms; NotMappable when it cannot be placed."""
    resource_type = str(resource["resourceType"])
    resource_id = str(resource.get("id") or "")
    if not resource_id:
        raise NotMappable(f"{resource_type}.id", "missing; Heartline keeps resources by id")
    updated = instant((resource.get("meta") or {}).get("lastUpdated"))
    mapped = Mapped(resource_type, resource_id, updated)
    if resource_type == "Patient":
        _patient(resource, mapped, member_id_system)
    elif resource_type in ("Practitioner", "Organization"):
        mapped.content = resource
    else:
        MAPPERS[resource_type](resource, mapped)
        if not mapped.patient:
            raise NotMappable(f"{resource_type}.{_PATIENT_ELEMENT[resource_type]}", "no reference to the Patient")
    return mapped


_PATIENT_ELEMENT = {
    "Coverage": "beneficiary",
    "ExplanationOfBenefit": "patient",
    "Encounter": "subject",
    "Condition": "subject",
    "MedicationRequest": "subject",
    "MedicationDispense": "subject",
    "Consent": "patient",
    "Communication": "subject",
    "Task": "for",
    "QuestionnaireResponse": "subject",
    "Provenance": "target",
}


def name_of(resource: dict[str, Any]) -> tuple[str, str]:
    """(name, NPI) of a Practitioner or Organization, for a PCP or provider that references it."""
    if resource.get("resourceType") == "Organization":
        return str(resource.get("name") or ""), npi_of(resource.get("identifier"))
    given, family = person_name(resource.get("name"))
    return f"{given} {family}".strip(), npi_of(resource.get("identifier"))
