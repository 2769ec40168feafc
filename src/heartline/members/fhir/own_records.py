"""Heartline's own records about members as FHIR R4: contacts as `Communication`, cases as `Task`,
survey answers as `QuestionnaireResponse` (docs/fhir.md, "Heartline's own records").

Read through the owning apps' member-record modules, so what a caller gets is what the member view
shows them: contacts and cases in their scope (and the cases their contacts link to), survey answers
in their scope with verbatims redacted, and — for callers who may read regulated cases — each
regulated case's decision clock (due time, clock status, rule). Codes Heartline defines travel in
`urn:heartline:fhir:*` code systems; ids that are not valid FHIR ids are made so, and the record's own
id is always in `identifier`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from heartline.compliance.contracts import MemberRegulatedCase
from heartline.compliance.member_records import regulated_cases_of_members
from heartline.contacts.contracts import MemberCase, MemberContact
from heartline.contacts.member_records import contacts_of_members
from heartline.core.contracts import Caller
from heartline.members.fhir.outbound import compact, patient_ref, when
from heartline.voice.contracts import MemberSurveyAnswer
from heartline.voice.member_records import surveys_of_members

OWN_TYPES = ("Communication", "Task", "QuestionnaireResponse")
SYSTEM = "urn:heartline:fhir"
CONTACT_ID_SYSTEM = f"{SYSTEM}:contact"
CASE_ID_SYSTEM = f"{SYSTEM}:case"
RESPONSE_ID_SYSTEM = f"{SYSTEM}:survey-response"
CHANNEL_SYSTEM = f"{SYSTEM}:channel"
REASON_SYSTEM = f"{SYSTEM}:contact-reason"
CASE_TYPE_SYSTEM = f"{SYSTEM}:case-type"
CASE_CATEGORY_SYSTEM = f"{SYSTEM}:case-category"
LINE_OF_BUSINESS_SYSTEM = f"{SYSTEM}:line-of-business"
CASE_STATUS_SYSTEM = f"{SYSTEM}:case-status"
CLOCK_STATUS_SYSTEM = f"{SYSTEM}:decision-clock-status"
OUTCOME_SYSTEM = f"{SYSTEM}:case-outcome"
PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
# Heartline channel → v3 ParticipationMode (the channel itself is the medium's text and a coding).
MODES = {
    "phone": ("PHONE", "telephone"),
    "chat": ("ONLINEWRIT", "online written"),
    "portal": ("ONLINEWRIT", "online written"),
    "sms": ("ONLINEWRIT", "online written"),
    "email": ("EMAILWRIT", "email"),
    "mail": ("MAILWRIT", "mail"),
}
TASK_STATUS = {"open": "in-progress", "closed": "completed"}
CANCELLING_OUTCOMES = ("withdrawn", "dismissed")
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def fhir_id(value: str) -> str:
    """`value` when it is a valid FHIR id, else a valid id made from it (stable, distinct per value)."""
    if FHIR_ID.match(value):
        return value
    cleaned = re.sub(r"[^A-Za-z0-9\-.]", "-", value)[:48]
    return f"{cleaned}-{hashlib.sha256(value.encode()).hexdigest()[:12]}"


def resources_of_members(
    caller: Caller, patient_ids: Mapping[str, str], since: dt.datetime | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Member id → their own records `caller` may see as R4 resources (Communication, Task,
    QuestionnaireResponse, each oldest first); `patient_ids` maps member id → Patient id. With `since`,
    only records that happened or changed at or after it."""
    member_ids = sorted(patient_ids)
    contacts = contacts_of_members(caller, member_ids)
    regulated = regulated_cases_of_members(caller, member_ids)
    surveys = surveys_of_members(caller, member_ids)
    found: dict[str, list[dict[str, Any]]] = {}
    for member_id in member_ids:
        patient_id = patient_ids[member_id]
        held = contacts.get(member_id)
        clocks = {c.case_id: c for c in regulated.get(member_id, [])}
        cases = held.cases if held else ()
        case_ids = {c.case_id for c in cases}
        resources = [
            *(
                communication(c, patient_id, case_ids)
                for c in (held.contacts if held else ())
                if _after(c.started_at, since)
            ),
            *(
                task(c, patient_id, clocks.get(c.case_id))
                for c in cases
                if _after(_last_modified(c, clocks.get(c.case_id)), since)
            ),
            *(
                questionnaire_response(s, patient_id)
                for s in surveys.get(member_id, [])
                if _after(s.responded_at, since)
            ),
        ]
        if resources:
            found[member_id] = resources
    return found


def _after(moment: dt.datetime, since: dt.datetime | None) -> bool:
    return since is None or moment >= since


def _coded(system: str, code: str, text: str | None = None) -> dict[str, Any] | None:
    if not code:
        return None
    return {"coding": [{"system": system, "code": code}], "text": text or code}


def communication(contact: MemberContact, patient_id: str, case_ids: set[str]) -> dict[str, Any]:
    """A contact: inbound ones `received`, outbound ones `sent`; an abandoned one `not-done`."""
    mode = MODES.get(contact.channel)
    medium = {
        "coding": [
            {"system": PARTICIPATION_MODE, "code": mode[0], "display": mode[1]} if mode else None,
            {"system": CHANNEL_SYSTEM, "code": contact.channel},
        ],
        "text": contact.channel,
    }
    inbound = contact.direction != "outbound"
    route = " > ".join(contact.route)
    consults = f" ({contact.consult_count} consult{'s' if contact.consult_count != 1 else ''})"
    resource = {
        "resourceType": "Communication",
        "id": fhir_id(contact.contact_id),
        "identifier": [{"system": CONTACT_ID_SYSTEM, "value": contact.contact_id}],
        "status": "not-done" if contact.abandoned else "completed",
        "statusReason": {"text": "abandoned before it was answered"} if contact.abandoned else None,
        "medium": [medium] if contact.channel else [],
        "subject": patient_ref(patient_id),
        "topic": {"text": f"queue {contact.queue}"} if contact.queue else None,
        "about": [{"reference": f"Task/{fhir_id(contact.case_id)}"}] if contact.case_id in case_ids else [],
        "received" if inbound else "sent": when(contact.started_at),
        "sender": patient_ref(patient_id) if inbound else None,
        "recipient": [] if inbound else [patient_ref(patient_id)],
        "reasonCode": [_coded(REASON_SYSTEM, contact.reason)],
        "note": [
            {"text": f"route: {route}{consults if contact.consult_count else ''}"} if route else None,
            {"text": f"outcome: {contact.disposition}"} if contact.disposition else None,
        ],
    }
    return dict(compact(resource))


def _last_modified(case: MemberCase, clock: MemberRegulatedCase | None) -> dt.datetime:
    moments = [case.opened_at, case.closed_at]
    if clock is not None:
        moments += [clock.received_at, clock.decided_at, clock.notified_at]
    return max(m for m in moments if m is not None)


def _task_status(case: MemberCase, clock: MemberRegulatedCase | None) -> str:
    status = TASK_STATUS.get(case.status, "received")
    if status == "completed" and clock is not None and clock.outcome in CANCELLING_OUTCOMES:
        return "cancelled"
    return status


def task(case: MemberCase, patient_id: str, clock: MemberRegulatedCase | None) -> dict[str, Any]:
    """A case; a regulated one (when the caller may read its clock) with its due time, clock status,
    category and line of business, decision and notice."""
    business = (
        {
            "coding": [{"system": CLOCK_STATUS_SYSTEM, "code": clock.clock_status}],
            "text": f"{clock.clock_status} ({clock.rule_name})",
        }
        if clock is not None
        else _coded(CASE_STATUS_SYSTEM, case.status)
    )
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": fhir_id(case.case_id),
        "identifier": [{"system": CASE_ID_SYSTEM, "value": case.case_id}],
        "status": _task_status(case, clock),
        "businessStatus": business,
        "intent": "order",
        "priority": "urgent" if case.priority in ("expedited", "urgent") else "routine",
        "code": _coded(CASE_TYPE_SYSTEM, case.type),
        "for": patient_ref(patient_id),
        "executionPeriod": {"start": when(case.opened_at), "end": when(case.closed_at)},
        "authoredOn": when(case.opened_at),
        "lastModified": when(_last_modified(case, clock)),
    }
    if clock is not None:
        resource["restriction"] = {"period": {"start": when(clock.received_at), "end": when(clock.due_at)}}
        resource["reasonCode"] = {
            "coding": [
                {"system": CASE_CATEGORY_SYSTEM, "code": clock.category},
                {"system": LINE_OF_BUSINESS_SYSTEM, "code": clock.line_of_business},
            ],
            "text": f"{clock.category}, {clock.line_of_business}" + (f", {clock.request}" if clock.request else ""),
        }
        resource["output"] = [
            {"type": {"text": "outcome"}, "valueCodeableConcept": _coded(OUTCOME_SYSTEM, clock.outcome)}
            if clock.outcome
            else None,
            {"type": {"text": "decided"}, "valueDateTime": when(clock.decided_at)} if clock.decided_at else None,
            {"type": {"text": "member notified"}, "valueDateTime": when(clock.notified_at)}
            if clock.notified_at
            else None,
        ]
        resource["note"] = [{"text": f"{clock.rule_name} ({clock.citation})" if clock.citation else clock.rule_name}]
    return dict(compact(resource))


def questionnaire_response(answer: MemberSurveyAnswer, patient_id: str) -> dict[str, Any]:
    """A survey response: NPS and CSAT as integers, the verbatim (already redacted) as a string."""
    items = [
        {"linkId": "nps", "text": "How likely to recommend (0-10)", "answer": [{"valueInteger": answer.nps}]}
        if answer.nps is not None
        else None,
        {"linkId": "csat", "text": "Satisfaction (1-5)", "answer": [{"valueInteger": answer.csat}]}
        if answer.csat is not None
        else None,
        {"linkId": "verbatim", "text": "In your own words", "answer": [{"valueString": answer.verbatim}]}
        if answer.verbatim
        else None,
    ]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": fhir_id(answer.response_id),
        "identifier": {"system": RESPONSE_ID_SYSTEM, "value": answer.response_id},
        "questionnaire": f"{SYSTEM}:survey:{answer.survey}" if answer.survey else None,
        "status": "completed",
        "subject": patient_ref(patient_id),
        "source": patient_ref(patient_id),
        "authored": when(answer.responded_at),
        "item": items,
    }
    return dict(compact(resource))
