"""A small quality world for tests: the division's behaviors, a Call Quality Audit scorecard, a
coaching form, and a month of contacts in the warehouse for the persona agent and a second agent.

Contacts (all March 2026, answered inbound phone calls with a member, unit `commercial`):

    q-1 … q-6   e-agent   q-1 and q-2 handed off (route q-commercial>q-medicare), q-3 repeated
                          (same member and reason calls again 2 days later: q-r)
    q-7 … q-9   e-bo      plain
    q-r         e-bo      the repeat of q-3
    m-1         e-medicare-agent, unit medicare (the manager's)
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from heartline.behaviors import services as behavior_services
from heartline.contacts.tables import CONTACTS
from heartline.core.models import Role
from heartline.core.scoping import OPERATOR
from heartline.quality.models import ScorecardVersion
from heartline.quality.services.scorecards import ItemDraft, SectionDraft, create_scorecard
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas, make_employee

MARCH = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)

# The Call Quality Audit used in tests: weights 2/1/1/1 on yes-no items, one critical, one 1–5 item.
AUDIT_ITEMS = {
    "greet": ("Greets and identifies the member", "yes_no_na", "welcome-warmly", 1, False),
    "verify": ("Verifies identity before discussing PHI", "yes_no_na", "protect-privacy", 2, True),
    "listen": ("Listens without interrupting", "one_to_five", "listen-fully", 1, False),
    "own": ("Resolves the need in this contact", "yes_no_na", "own-the-outcome", 1, False),
    "thank": ("Thanks the member", "yes_no_na", "welcome-warmly", 1, False),
}


def build_behaviors() -> None:
    behavior_services.define_value(OPERATOR, division_code="member-services", code="compassion", name="Compassion")
    behavior_services.define_value(OPERATOR, division_code="member-services", code="ownership", name="Ownership")
    for code, value, kind, title in (
        ("model-listening", "compassion", "leadership", "Model listening in huddles"),
        ("recognize-ownership", "ownership", "leadership", "Recognize first-contact resolution"),
        ("welcome-warmly", "compassion", "front_line", "Welcome the member warmly"),
        ("listen-fully", "compassion", "front_line", "Listen fully before answering"),
        ("protect-privacy", "ownership", "front_line", "Protect the member's privacy"),
        ("own-the-outcome", "ownership", "front_line", "Own the outcome"),
    ):
        behavior_services.define_behavior(
            OPERATOR, value_code=value, code=code, kind=kind, title=title, looks_like=[f"{title} — example"]
        )
    behavior_services.set_reinforcing(OPERATOR, "listen-fully", ["model-listening"])
    behavior_services.set_reinforcing(OPERATOR, "own-the-outcome", ["recognize-ownership"])


def build_scorecards() -> ScorecardVersion:
    sections = [
        SectionDraft(
            "Opening",
            [ItemDraft(c, t, s, b, w, k) for c, (t, s, b, w, k) in list(AUDIT_ITEMS.items())[:2]],
        ),
        SectionDraft(
            "Resolution",
            [ItemDraft(c, t, s, b, w, k) for c, (t, s, b, w, k) in list(AUDIT_ITEMS.items())[2:]],
        ),
    ]
    version = create_scorecard(OPERATOR, code="cqa", name="Call Quality Audit", kind="audit", sections=sections)
    create_scorecard(
        OPERATOR,
        code="heart",
        name="HEART coaching form",
        kind="coaching_form",
        sections=[
            SectionDraft(
                "HEART", [ItemDraft("hear", "Hear", "one_to_five"), ItemDraft("thank", "Thank", "one_to_five")]
            )
        ],
    )
    return version


def _contact(
    contact_id: str,
    agent: str,
    started: dt.datetime,
    *,
    unit: str = "commercial",
    member: str = "M1",
    reason: str = "claims",
    route: str = "q-commercial",
) -> dict[str, object]:
    return {
        "contact_id": contact_id,
        "member_id": member,
        "channel": "phone",
        "direction": "inbound",
        "queue": route.split(">")[0],
        "unit": unit,
        "team": "commercial-a" if unit == "commercial" else "medicare-a",
        "agent_id": agent,
        "reason": reason,
        "language": "en",
        "started_at": started,
        "answered_at": started + dt.timedelta(seconds=20),
        "ended_at": started + dt.timedelta(minutes=5),
        "talk_seconds": 280,
        "hold_seconds": 0,
        "wrap_seconds": 20,
        "abandoned": False,
        "route": route,
        "consult_count": 0,
        "case_id": None,
        "disposition": "resolved",
    }


def write_quality_contacts(warehouse: Warehouse) -> None:
    rows = []
    for i in range(1, 7):
        route = "q-commercial>q-medicare" if i in (1, 2) else "q-commercial"
        rows.append(_contact(f"q-{i}", "e-agent", MARCH + dt.timedelta(days=i), member=f"M{i}", route=route))
    for i in range(7, 10):
        rows.append(_contact(f"q-{i}", "e-bo", MARCH + dt.timedelta(days=i), member=f"M{i}", reason="billing"))
    rows.append(_contact("q-r", "e-bo", MARCH + dt.timedelta(days=5), member="M3"))
    rows.append(_contact("m-1", "e-medicare-agent", MARCH, unit="medicare", member="M20"))
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist(rows, schema=CONTACTS.schema), source="tests")


def add_second_agent(personas: Personas) -> None:
    org = personas.org
    make_employee(
        "bo", Role.AGENT, org.division, code="e-bo", unit=org.commercial, team=org.commercial_team, first_name="Bo"
    )
    make_employee(
        "rosa",
        Role.AGENT,
        org.division,
        code="e-medicare-agent",
        unit=org.medicare,
        team=org.medicare_team,
        first_name="Rosa",
    )
    make_employee("qa2", Role.QA_ANALYST, org.division, code="e-qa2", unit=org.commercial, first_name="Quentin")
