"""One member's history from the warehouse: claim lines, encounters, conditions, medications.

Each read filters on `member_id`, the tables' cluster column, so DuckDB reads only the row groups
that can hold the member (docs/members.md, "Speed"). What a caller may see of the rows — diagnosis
codes, a pharmacy line's drug, an encounter's reason — is decided by the member policy in
`heartline.members.selectors`, which passes `clinical` here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.members.contracts import ClaimLineView, ConditionView, EncounterView, MedicationView
from heartline.members.tables import CLAIM_LINES, CONDITIONS, ENCOUNTERS, MEDICATIONS
from heartline.warehouse.tables import TableSpec

# A member's history rarely passes these; the page says how many rows it shows.
MAX_ROWS = 2_000


def _rows(spec: TableSpec, member_id: str, order: list[tuple[str, bool]]) -> list[dict[str, Any]]:
    """The member's rows of `spec` (a point read on the cluster column, no Ibis compile)."""
    return warehouse_source().rows_where(spec, "member_id", member_id, order, MAX_ROWS)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(value: object) -> float | None:
    return None if value is None else float(str(value))


def _day(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _instant(value: object) -> dt.datetime | None:
    return None if value is None else clock.instant(value)


def claim_lines(member_id: str, *, clinical: bool) -> list[ClaimLineView]:
    """The member's claim lines, newest service first; without `clinical`, no diagnosis codes and no
    drug on pharmacy lines."""
    rows = _rows(CLAIM_LINES, member_id, [("service_start", True), ("claim_id", False), ("line_number", False)])
    return [
        ClaimLineView(
            claim_id=str(r["claim_id"]),
            line_number=None if r["line_number"] is None else int(str(r["line_number"])),
            claim_type=_text(r["claim_type"]),
            status=_text(r["status"]),
            service_start=_day(r["service_start"]),
            service_end=_day(r["service_end"]),
            billed_on=_day(r["billed_on"]),
            provider_name=_text(r["provider_name"]),
            service_code=_text(r["service_code"]) if clinical or r["claim_type"] != "pharmacy" else None,
            service_display=_text(r["service_display"]) if clinical or r["claim_type"] != "pharmacy" else None,
            diagnosis_codes=_text(r["diagnosis_codes"]) if clinical else None,
            billed_amount=_number(r["billed_amount"]),
            allowed_amount=_number(r["allowed_amount"]),
            paid_amount=_number(r["paid_amount"]),
            member_liability=_number(r["member_liability"]),
            denied=bool(r["denied"]),
            denial_reason_code=_text(r["denial_reason_code"]),
            denial_reason=_text(r["denial_reason"]),
        )
        for r in rows
    ]


def encounters(member_id: str, *, clinical: bool) -> list[EncounterView]:
    """The member's encounters, newest first; the reason only with `clinical`."""
    rows = _rows(ENCOUNTERS, member_id, [("started_at", True), ("encounter_id", False)])
    return [
        EncounterView(
            encounter_id=str(r["encounter_id"]),
            encounter_class=_text(r["encounter_class"]),
            type_display=_text(r["type_display"]),
            status=_text(r["status"]),
            started_at=_instant(r["started_at"]),
            ended_at=_instant(r["ended_at"]),
            provider_name=_text(r["provider_name"]),
            reason_display=_text(r["reason_display"]) if clinical else None,
        )
        for r in rows
    ]


def conditions(member_id: str) -> list[ConditionView]:
    """The member's conditions, most recently recorded first (clinical: the caller was checked)."""
    rows = _rows(CONDITIONS, member_id, [("recorded_date", True), ("condition_id", False)])
    return [
        ConditionView(
            condition_id=str(r["condition_id"]),
            code=_text(r["code"]),
            display=_text(r["display"]),
            clinical_status=_text(r["clinical_status"]),
            onset_date=_day(r["onset_date"]),
            recorded_date=_day(r["recorded_date"]),
        )
        for r in rows
    ]


def medications(member_id: str) -> list[MedicationView]:
    """The member's prescriptions and pharmacy fills, newest first (clinical: the caller was checked)."""
    rows = _rows(MEDICATIONS, member_id, [("on_date", True), ("medication_record_id", False)])
    return [
        MedicationView(
            medication_record_id=str(r["medication_record_id"]),
            kind=_text(r["kind"]),
            status=_text(r["status"]),
            medication_display=_text(r["medication_display"]),
            quantity=_number(r["quantity"]),
            days_supply=None if r["days_supply"] is None else int(str(r["days_supply"])),
            on_date=_day(r["on_date"]),
            prescriber_name=_text(r["prescriber_name"]),
            pharmacy_name=_text(r["pharmacy_name"]),
        )
        for r in rows
    ]
