"""The open-item rules (docs/members.md), one rule per test, on hand-made contacts and claims."""

from __future__ import annotations

import datetime as dt

from heartline.contacts.contracts import MemberCase, MemberContact
from heartline.core import clock
from heartline.members.contracts import ClaimLineView
from heartline.members.story import open_items
from tests.members.factories import days_ago


def a_contact(contact_id: str, days: int, **fields: object) -> MemberContact:
    values: dict[str, object] = {
        "contact_id": contact_id,
        "started_at": days_ago(days),
        "channel": "phone",
        "direction": "inbound",
        "queue": "q",
        "route": ("q",),
        "consult_count": 0,
        "reason": "billing",
        "disposition": "resolved",
        "abandoned": False,
        "agent_id": "e-agent",
        "case_id": "",
        **fields,
    }
    return MemberContact(**values)  # type: ignore[arg-type]


def a_claim(claim_id: str, days: int, denied: bool) -> ClaimLineView:
    day = clock.today() - dt.timedelta(days=days)
    return ClaimLineView(
        claim_id=claim_id,
        line_number=1,
        claim_type="professional",
        status="active",
        service_start=day,
        service_end=day,
        billed_on=day,
        provider_name="Dr. Grey",
        service_code="99213",
        service_display="Office visit",
        diagnosis_codes=None,
        billed_amount=100.0,
        allowed_amount=0.0,
        paid_amount=0.0,
        member_liability=0.0,
        denied=denied,
        denial_reason_code="CO-16",
        denial_reason="",
    )


def day(days: int) -> str:
    return (clock.today() - dt.timedelta(days=days)).isoformat()


def test_a_denial_with_no_contact_since_says_so() -> None:
    items = open_items([a_claim("A", 10, denied=True)], [], [])

    assert [i.text for i in items] == [f"Denied claim on {day(10)} (CO-16), no contact about it yet"]


def test_contacts_about_a_denial_count_billing_and_claims_reasons_on_or_after_its_day() -> None:
    contacts = [
        a_contact("before", 12),
        a_contact("benefits", 8, reason="benefits"),
        a_contact("chat", 7, channel="chat", reason="claims"),
        a_contact("call", 2),
    ]

    [item] = open_items([a_claim("A", 10, denied=True)], contacts, [])

    assert item.text == f"Denied claim on {day(10)} (CO-16), contacted us twice about it"
    assert item.references == ("A", "chat", "call")


def test_a_denial_older_than_30_days_and_a_paid_claim_are_not_open() -> None:
    assert open_items([a_claim("old", 31, denied=True), a_claim("paid", 2, denied=False)], [], []) == []


def test_a_case_is_open_until_it_has_a_closing_time_or_status_closed() -> None:
    opened = days_ago(4)
    cases = [
        MemberCase("open", "appeal", "expedited", "open", opened, None),
        MemberCase("closed", "appeal", "standard", "closed", opened, None),
        MemberCase("done", "appeal", "standard", "open", opened, days_ago(1)),
    ]

    assert [i.references for i in open_items([], [], cases)] == [("open",)]


def test_an_unresolved_contact_stays_open_until_a_later_contact_of_its_reason_is_resolved() -> None:
    contacts = [
        a_contact("settled", 20, disposition="unresolved", reason="benefits"),
        a_contact("fixed", 18, reason="benefits"),
        a_contact("open", 6, disposition="unresolved", reason="id_card"),
        a_contact("too-old", 31, disposition="unresolved", reason="grievance"),
    ]

    assert [(i.rule, i.text) for i in open_items([], contacts, [])] == [
        ("unresolved_contact", f"Unresolved phone about id_card on {day(6)}")
    ]


def test_an_abandoned_contact_is_open_until_an_answered_contact_follows_within_7_days() -> None:
    contacts = [a_contact("gave-up", 2, abandoned=True, disposition="")]

    assert [(i.rule, i.text) for i in open_items([], contacts, [])] == [
        ("abandoned_contact", f"Abandoned phone on {day(2)}, no contact since")
    ]
    assert open_items([], [*contacts, a_contact("back", 1)], []) == []
