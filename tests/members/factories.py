"""Members and their history for tests: a member in the app database, and warehouse rows about them
(claim lines, encounters, conditions, fills, contacts, cases, survey responses) dated from the
(frozen, random) clock's today so the open-item windows hold at any test date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyarrow as pa

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.models import Employee, Role
from heartline.core.scoping import caller_for
from heartline.members.models import Coverage, Member
from heartline.members.tables import CLAIM_LINES, CONDITIONS, ENCOUNTERS, MEDICATIONS
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.derived import refresh_stale
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas, make_employee


def make_member(
    member_id: str = "M0001",
    given: str = "Maria",
    family: str = "Lopez",
    birth_date: dt.date | None = dt.date(1950, 4, 2),
    phone: str = "(555) 010-0123",
    **fields: Any,
) -> Member:
    digits = re.sub(r"\D", "", phone)
    member = Member.objects.create(
        member_id=member_id,
        plan=fields.pop("plan", "HMO Gold"),
        given_name=given,
        family_name=family,
        search_name=f"{given} {family}".lower(),
        birth_date=birth_date,
        phone=phone,
        phone_digits=digits[1:] if len(digits) == 11 else digits,
        **fields,
    )
    Coverage.objects.create(
        member=member,
        coverage_id=f"cov-{member_id}",
        plan="HMO Gold",
        product="commercial",
        starts_on=dt.date(2024, 1, 1),
    )
    return member


def days_ago(n: int, hour: int = 15) -> dt.datetime:
    """An instant `n` days before the organization's today, mid-afternoon in its zone."""
    return clock.start_of_day(clock.today() - dt.timedelta(days=n)) + dt.timedelta(hours=hour)


# Whether `write` also rebuilds the derived tables, as the worker does after an ingest: the member
# view's tests run both ways (contacts read from `contacts`, and from `contacts_by_member`).
BUILD_DERIVED = {"on": False}


def write(warehouse: Warehouse, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    write_batch(warehouse, spec, pa.Table.from_pylist(rows, schema=spec.schema), source="tests")
    if BUILD_DERIVED["on"]:
        refresh_stale(warehouse)


def claim_line(
    claim_id: str, member_id: str = "M0001", line: int = 1, *, days: int = 60, **fields: Any
) -> dict[str, Any]:
    day = clock.today() - dt.timedelta(days=days)
    return {
        "claim_line_id": f"{claim_id}#{line}",
        "claim_id": claim_id,
        "line_number": line,
        "member_id": member_id,
        "claim_type": "professional",
        "status": "active",
        "outcome": "complete",
        "service_start": day,
        "service_end": day,
        "billed_on": day,
        "provider_name": "Dr. Grey",
        "service_code": "99213",
        "service_display": "Office visit",
        "diagnosis_codes": "E11.9",
        "billed_amount": 150.0,
        "allowed_amount": 100.0,
        "paid_amount": 80.0,
        "member_liability": 20.0,
        "denied": False,
        **fields,
    }


def contact(contact_id: str, member_id: str = "M0001", *, days: int = 1, **fields: Any) -> dict[str, Any]:
    started = days_ago(days)
    return {
        "contact_id": contact_id,
        "member_id": member_id,
        "channel": "phone",
        "direction": "inbound",
        "queue": "q-commercial",
        "unit": "commercial",
        "team": "commercial-a",
        "agent_id": "e-agent",
        "reason": "billing",
        "language": "en",
        "started_at": started,
        "answered_at": started + dt.timedelta(seconds=20),
        "ended_at": started + dt.timedelta(minutes=5),
        "abandoned": False,
        "route": "q-commercial",
        "consult_count": 0,
        "disposition": "resolved",
        **fields,
    }


def full_history(warehouse: Warehouse, member_id: str = "M0001") -> None:
    """One member's story across systems: a claim paid and one denied 5 days ago, two billing calls
    about it since, an open case, an encounter, a condition, a metformin fill, a survey with a verbatim."""
    write(
        warehouse,
        CLAIM_LINES,
        [
            claim_line("CLM-PAID", member_id, days=60),
            claim_line(
                "CLM-DENIED",
                member_id,
                days=5,
                denied=True,
                denial_reason_code="CO-197",
                denial_reason="Precertification absent",
                paid_amount=0.0,
            ),
            claim_line(
                "CLM-RX",
                member_id,
                days=40,
                claim_type="pharmacy",
                service_code="860975",
                service_display="Metformin 500 mg",
            ),
        ],
    )
    write(
        warehouse,
        ENCOUNTERS,
        [
            {
                "encounter_id": "ENC-1",
                "member_id": member_id,
                "status": "finished",
                "encounter_class": "AMB",
                "type_display": "Office visit",
                "started_at": days_ago(60, 10),
                "ended_at": days_ago(60, 11),
                "provider_name": "Dr. Grey",
                "reason_code": "E11.9",
                "reason_display": "Type 2 diabetes",
            }
        ],
    )
    write(
        warehouse,
        CONDITIONS,
        [
            {
                "condition_id": "COND-1",
                "member_id": member_id,
                "code": "E11.9",
                "display": "Type 2 diabetes mellitus",
                "clinical_status": "active",
                "recorded_date": clock.today() - dt.timedelta(days=300),
            }
        ],
    )
    write(
        warehouse,
        MEDICATIONS,
        [
            {
                "medication_record_id": "dispense/RX-1",
                "kind": "dispense",
                "member_id": member_id,
                "status": "completed",
                "medication_display": "Metformin 500 mg",
                "days_supply": 30,
                "on_date": clock.today() - dt.timedelta(days=40),
                "pharmacy_name": "Corner Pharmacy",
            }
        ],
    )
    write(
        warehouse,
        CONTACTS,
        [
            contact("C-OLD", member_id, days=90, reason="benefits"),
            contact("C-1", member_id, days=3, case_id="CASE-1", disposition="escalated"),
            contact("C-2", member_id, days=1),
        ],
    )
    write(
        warehouse,
        CASES,
        [
            {
                "case_id": "CASE-1",
                "member_id": member_id,
                "unit": "commercial",
                "type": "claim_appeal",
                "priority": "standard",
                "opened_at": days_ago(3, 16),
                "status": "open",
            }
        ],
    )
    write(
        warehouse,
        SURVEY_RESPONSES,
        [
            {
                "response_id": "R-1",
                "survey": "post_contact",
                "responded_at": days_ago(1, 18),
                "language": "en",
                "member_id": member_id,
                "contact_id": "C-2",
                "agent_id": "e-agent",
                "unit": "commercial",
                "channel": "phone",
                "nps": 3,
                "verbatim": "Still not paid. Call me at 555-010-0123.",
            }
        ],
    )


def caller_of(employee: Employee) -> Caller:
    return caller_for(employee.user)


def compliance_officer(personas: Personas) -> Employee:
    return make_employee("compliance", Role.COMPLIANCE, personas.org.division)


def care_manager(personas: Personas) -> Employee:
    return make_employee("care", Role.CARE_MANAGER, personas.org.division, unit=personas.org.commercial)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)
