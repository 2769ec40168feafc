"""Demo step for the closed loop: the persona unit calls back its detractors within its time — mostly.

The detractors (NPS 0–6) and CSAT 1–2 answers of the persona unit (commercial-inbound) in the last six
weeks of the calendar open follow-ups a couple of hours after they arrive, due within the unit's
business days (`voice.follow_up_clock`). Most are called back in time, some late, a few are still open
(overdue) and the last ones are not yet due on the calendar's last day; one call back files a
grievance, which opens a grievance case in the `cases` table (a commercial one: the federal ruleset
holds no clock for it, state law does), decided and notified within a week. About half of the
members called back answer a CAHPS-style survey again two to four weeks later, more kindly when the
call resolved their issue: the loop's "next score".

Cheap on purpose (the suite builds demos many times): at most 40 follow-ups, one unit, no theme
matching (the complaint rule runs when follow-ups are opened for real).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core import clock
from heartline.demo.org import PERSONA_UNIT
from heartline.demo.steps import DemoContext
from heartline.voice.tables import SURVEY_RESPONSES

if TYPE_CHECKING:
    from heartline.voice.models import FollowUp

MAX_FOLLOW_UPS = 40
WINDOW_DAYS = 42
GRIEVANCE_CASE = "RC-LOOP-0001"


def _low_responses(ctx: DemoContext, start: dt.datetime) -> list[dict[str, Any]]:
    table = ctx.table(SURVEY_RESPONSES)
    low = pc.or_kleene(pc.less_equal(table["nps"], 6), pc.less_equal(table["csat"], 2))
    keep = pc.and_kleene(
        pc.and_kleene(pc.equal(table["unit"], PERSONA_UNIT), pc.is_valid(table["member_id"])),
        pc.and_kleene(
            pc.fill_null(low, False),
            pc.greater_equal(table["responded_at"], pa.scalar(start, table["responded_at"].type)),
        ),
    )
    chosen = table.filter(pc.fill_null(keep, False)).sort_by(
        [("responded_at", "ascending"), ("response_id", "ascending")]
    )
    rows = chosen.select(
        ["response_id", "member_id", "contact_id", "agent_id", "responded_at", "nps", "csat", "verbatim", "language"]
    ).to_pylist()
    return list(rows[-MAX_FOLLOW_UPS:])


def build_follow_ups(ctx: DemoContext) -> None:
    from django.conf import settings

    from heartline.core.models import Employee
    from heartline.core.selectors import phi_redactor
    from heartline.voice.follow_up_clock import business_days_for, due_at
    from heartline.voice.models import FollowUp

    org = ctx.require_org()
    rng = ctx.rng("follow-ups")
    zone = ZoneInfo(str(settings.TIME_ZONE))
    data_end = dt.datetime.combine(ctx.timeline.last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    rows = _low_responses(ctx, data_end - dt.timedelta(days=WINDOW_DAYS))
    caller_code = org.persona_codes.get("coach") or org.persona_codes.get("manager")
    closer = Employee.objects.select_related("user").filter(code=caller_code).first()
    closer_name = f"{closer.user.first_name} {closer.user.last_name}".strip() if closer else ""
    redactor = phi_redactor()
    days = business_days_for(PERSONA_UNIT)
    made: list[FollowUp] = []
    next_rows: list[dict[str, object]] = []
    case_rows: list[dict[str, object]] = []
    for row in rows:
        responded = clock.instant(row["responded_at"])
        opened = responded + dt.timedelta(hours=float(rng.uniform(1, 20)))
        due = due_at(opened, days, zone)
        follow_up = FollowUp(
            response_id=str(row["response_id"]),
            member_id=str(row["member_id"]),
            contact_id=str(row["contact_id"] or ""),
            agent_code=str(row["agent_id"] or ""),
            unit_code=PERSONA_UNIT,
            trigger="detractor" if row["nps"] is not None and int(str(row["nps"])) <= 6 else "low_csat",
            nps=row["nps"],
            csat=row["csat"],
            verbatim=redactor.redact(str(row["verbatim"] or "")),
            responded_at=responded,
            opened_at=opened,
            due_at=due,
            business_days=days,
        )
        made.append(follow_up)
        if due >= data_end:
            continue  # not yet due on the calendar's last day: left open
        draw = rng.random()
        if draw < 0.12:
            continue  # never called: overdue
        late = draw > 0.82
        called = (
            due + dt.timedelta(hours=float(rng.uniform(4, 96)))
            if late
            else opened + (due - opened) * float(rng.uniform(0.1, 0.9))
        )
        if called >= data_end:
            continue
        grievance = not case_rows and not late and follow_up.contact_id in _uncased(ctx, follow_up.contact_id)
        follow_up.outcome = "grievance_filed" if grievance else ("resolved" if rng.random() < 0.6 else "explained")
        follow_up.called_at = follow_up.closed_at = called
        follow_up.closed_by = closer
        follow_up.closed_by_name = closer_name
        if grievance:
            follow_up.case_id = GRIEVANCE_CASE
            follow_up.note = "Member asked to file a grievance about the claim."
            case_rows.append(_grievance_case(follow_up, caller_code or "", data_end))
        if rng.random() < 0.5:
            answered = called + dt.timedelta(days=float(rng.uniform(14, 28)))
            if answered < data_end:
                kind = 8.5 if follow_up.outcome == "resolved" else 6.5
                score = int(np.clip(round(rng.normal(kind, 1.8)), 0, 10))
                next_rows.append(
                    {
                        "response_id": f"{follow_up.response_id}-next",
                        "survey": "cahps_cs",
                        "responded_at": answered,
                        "language": row["language"],
                        "member_id": follow_up.member_id,
                        "unit": PERSONA_UNIT,
                        "channel": "email",
                        "nps": score,
                        "plan_rating": score,
                    }
                )
    FollowUp.objects.bulk_create(made)
    if case_rows:
        _cite_grievance(ctx, next(f.contact_id for f in made if f.case_id == GRIEVANCE_CASE))
    for spec, added in ((SURVEY_RESPONSES, next_rows), (CASES, case_rows)):
        if added:
            # Cast to the emitted table's own schema (the steps dictionary-encode repeated strings).
            emitted = ctx.table(spec)
            extra = pa.Table.from_pylist(added, schema=spec.schema).select(emitted.schema.names).cast(emitted.schema)
            ctx.emit(spec, pa.concat_tables([emitted, extra]))
    ctx.counts["follow_ups"] = len(made)


def _uncased(ctx: DemoContext, contact_id: str) -> set[str]:
    """{contact_id} when that contact carries no case yet (the grievance is filed on it), else empty."""
    contacts = ctx.table(CONTACTS)
    found = contacts.filter(pc.equal(contacts["contact_id"], contact_id))
    return {contact_id} if found.num_rows and found["case_id"][0].as_py() is None else set()


def _cite_grievance(ctx: DemoContext, contact_id: str) -> None:
    """The surveyed contact carries the grievance case filed on it, as every case has a contact citing it."""
    contacts = ctx.table(CONTACTS)
    cited = pc.if_else(
        pc.equal(contacts["contact_id"], contact_id),
        pa.scalar(GRIEVANCE_CASE, contacts.schema.field("case_id").type),
        contacts["case_id"],
    )
    ctx.emit(CONTACTS, contacts.set_column(contacts.schema.get_field_index("case_id"), "case_id", cited))


def _grievance_case(follow_up: FollowUp, owner: str, data_end: dt.datetime) -> dict[str, object]:
    """The grievance the call back filed: received at the call, decided and notified within days."""
    received = clock.instant(follow_up.called_at)
    decided, notified = received + dt.timedelta(days=5), received + dt.timedelta(days=6)
    closed = notified < data_end
    return {
        "case_id": GRIEVANCE_CASE,
        "member_id": follow_up.member_id,
        "unit": follow_up.unit_code,
        "type": "grievance",
        "priority": "standard",
        "opened_at": received,
        "closed_at": notified if closed else None,
        "status": "closed" if closed else "open",
        "owner_id": owner,
        "line_of_business": "commercial",  # the persona unit is commercial: no federal clock applies
        "category": "grievance",
        "request": "service",
        "received_at": received,
        "extension_days": 0,
        "decided_at": decided if closed else None,
        "notified_at": notified if closed else None,
        "outcome": "favorable" if closed else None,
    }


def wipe_follow_ups(ctx: DemoContext) -> None:
    from heartline.core.models import Unit
    from heartline.demo.blueprint import DIVISION_CODE
    from heartline.voice.models import FollowUp

    units = Unit.objects.filter(division__code=DIVISION_CODE).values_list("code", flat=True)
    FollowUp.objects.filter(unit_code__in=list(units)).delete()
