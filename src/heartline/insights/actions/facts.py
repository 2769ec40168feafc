"""A member's facts for the rules, from what the caller may see of them: the member view (header,
claims, medications — each only when the caller's role sees that section), their contacts and
cases, and their survey answers. Nothing here reads a record the member view would not show.
`policy_facts` is the contact policy's part alone (grievances), for a campaign's many members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from heartline.contacts.contracts import MemberContacts
from heartline.core import clock
from heartline.insights.actions.contracts import ContactFact, DeniedClaim, FillFact, MemberFacts
from heartline.members.contracts import ClaimLineView, MemberView
from heartline.voice.contracts import MemberSurveyAnswer

GRIEVANCE = "grievance"


def _claim_day(line: ClaimLineView) -> dt.date | None:
    return line.billed_on or line.service_end or line.service_start


def _denied(claims: Sequence[ClaimLineView]) -> tuple[DeniedClaim, ...]:
    found: dict[str, DeniedClaim] = {}
    for line in claims:
        day = _claim_day(line)
        if line.denied and day is not None and line.claim_id not in found:
            found[line.claim_id] = DeniedClaim(line.claim_id, day, line.denial_reason or line.denial_reason_code)
    return tuple(found.values())


def _fills(view: MemberView) -> tuple[FillFact, ...]:
    if "medications" in view.shown:
        return tuple(
            FillFact(m.on_date, m.days_supply, "mail" in m.pharmacy_name.lower())
            for m in view.medications
            if m.kind == "dispense" and m.status != "declined" and m.on_date is not None
        )
    return tuple(
        FillFact(day, None, "mail" in line.provider_name.lower())
        for line in view.claims
        if line.claim_type == "pharmacy" and not line.denied and (day := _claim_day(line)) is not None
    )


def grievance_days(contacts: MemberContacts) -> tuple[dt.date, ...]:
    """The days the member raised a grievance: a contact for that reason, or a grievance case opened."""
    days = {clock.day_of(c.started_at) for c in contacts.contacts if c.reason == GRIEVANCE}
    days |= {clock.day_of(c.opened_at) for c in contacts.cases if c.type == GRIEVANCE}
    return tuple(sorted(days))


def policy_facts(member_id: str, contacts: MemberContacts | None, today: dt.date) -> MemberFacts:
    """What the contact policy reads of a member (their grievance days) as of `today`, without the
    member view: a campaign asks it of many members at once, reading their recent contacts in bulk."""
    found = grievance_days(contacts) if contacts is not None else ()
    return MemberFacts(member_id=member_id, today=today, grievance_days=found)


def facts_of(
    view: MemberView, contacts: MemberContacts, surveys: Sequence[MemberSurveyAnswer], today: dt.date
) -> MemberFacts:
    """The member's facts as of `today`."""
    header = view.header
    answers = sorted(((clock.day_of(s.responded_at), s.nps) for s in surveys if s.nps is not None), reverse=True)
    return MemberFacts(
        member_id=header.member_id,
        today=today,
        language=header.language,
        preferred_channel=header.preferred_channel,
        age=header.age,
        flags=header.flags,
        denied_claims=_denied(view.claims),
        contacts=tuple(
            ContactFact(clock.day_of(c.started_at), c.channel, c.reason, c.disposition, c.abandoned)
            for c in contacts.contacts
        ),
        grievance_days=grievance_days(contacts),
        nps=tuple((day, int(score)) for day, score in answers if score is not None),
        fills=_fills(view),
        service_codes=tuple(
            (day, line.service_code or "")
            for line in view.claims
            if line.claim_type != "pharmacy" and (day := _claim_day(line)) is not None
        ),
        sees=frozenset(s for s in ("claims", "medications") if s in view.shown),
    )
