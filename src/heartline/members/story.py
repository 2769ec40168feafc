"""A member's story: the one timeline across channels and systems, and the open items on top.

Both are derived from records the caller was already allowed to see (the member view's sections),
so neither can reveal more than the sections do. The open-item rules (docs/members.md):

- `recent_denial`: a claim with a denied line billed (else served) in the last 30 days; with the
  number of the member's billing or claims contacts since that day ("called twice about it").
- `open_case`: a case not closed (no `closed_at` and status not "closed").
- `unresolved_contact`: a contact in the last 30 days left "unresolved", with no later contact of
  the same reason resolved.
- `abandoned_contact`: a contact abandoned in the last 7 days with no answered contact since.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from heartline.coaching.contracts import CoachingOnAudits
from heartline.contacts.contracts import MemberCase, MemberContact
from heartline.core import clock
from heartline.members.contracts import (
    ClaimLineView,
    EncounterView,
    MedicationView,
    OpenItem,
    TimelineEntry,
)
from heartline.quality.contracts import AuditSummary
from heartline.voice.contracts import MemberSurveyAnswer

DENIAL_DAYS = 30
UNRESOLVED_DAYS = 30
ABANDONED_DAYS = 7
# Contacts with these reasons count as "about" a denied claim.
CLAIM_REASONS = frozenset({"billing", "claims"})
TIMES = {1: "once", 2: "twice"}


def _times(n: int) -> str:
    return TIMES.get(n, f"{n} times")


def _money(amount: float | None) -> str:
    return "—" if amount is None else f"${amount:,.2f}"


def claim_day(lines: Sequence[ClaimLineView]) -> dt.date | None:
    """The day a claim happened for the member: billed, else the service ended or started."""
    first = lines[0]
    return first.billed_on or first.service_end or first.service_start


def claims_by_id(lines: Iterable[ClaimLineView]) -> dict[str, list[ClaimLineView]]:
    grouped: dict[str, list[ClaimLineView]] = defaultdict(list)
    for line in lines:
        grouped[line.claim_id].append(line)
    return grouped


def open_items(
    claims: Sequence[ClaimLineView], contacts: Sequence[MemberContact], cases: Sequence[MemberCase]
) -> list[OpenItem]:
    """The member's open items by the rules above, newest first."""
    today = clock.today()
    items: list[OpenItem] = []
    for claim_id, lines in claims_by_id(claims).items():
        day = claim_day(lines)
        denied = [line for line in lines if line.denied]
        if not denied or day is None or not (today - dt.timedelta(days=DENIAL_DAYS) <= day <= today):
            continue
        about = [c for c in contacts if c.reason in CLAIM_REASONS and clock.day_of(c.started_at) >= day]
        verb = "called" if about and all(c.channel == "phone" for c in about) else "contacted us"
        follow = f", {verb} {_times(len(about))} about it" if about else ", no contact about it yet"
        reason = denied[0].denial_reason or denied[0].denial_reason_code
        why = f" ({reason})" if reason else ""
        items.append(
            OpenItem(
                rule="recent_denial",
                text=f"Denied claim on {day.isoformat()}{why}{follow}",
                since=day,
                references=(claim_id, *(c.contact_id for c in about)),
            )
        )
    for case in cases:
        if case.closed_at is None and case.status != "closed":
            opened = clock.day_of(case.opened_at)
            kind = " ".join(part for part in (case.type, case.priority) if part)
            items.append(
                OpenItem(
                    rule="open_case",
                    text=f"Open case {case.case_id}{f' ({kind})' if kind else ''} since {opened.isoformat()}",
                    since=opened,
                    references=(case.case_id,),
                )
            )
    items.extend(_unresolved(contacts, today))
    items.extend(_abandoned(contacts, today))
    return sorted(items, key=lambda item: (item.since, item.rule), reverse=True)


def _unresolved(contacts: Sequence[MemberContact], today: dt.date) -> list[OpenItem]:
    found = []
    for contact in contacts:
        day = clock.day_of(contact.started_at)
        if contact.disposition != "unresolved" or day < today - dt.timedelta(days=UNRESOLVED_DAYS):
            continue
        settled = any(
            later.started_at > contact.started_at and later.reason == contact.reason and later.disposition == "resolved"
            for later in contacts
        )
        if not settled:
            about = f" about {contact.reason}" if contact.reason else ""
            found.append(
                OpenItem(
                    rule="unresolved_contact",
                    text=f"Unresolved {contact.channel or 'contact'}{about} on {day.isoformat()}",
                    since=day,
                    references=(contact.contact_id,),
                )
            )
    return found


def _abandoned(contacts: Sequence[MemberContact], today: dt.date) -> list[OpenItem]:
    found = []
    for contact in contacts:
        day = clock.day_of(contact.started_at)
        if not contact.abandoned or day < today - dt.timedelta(days=ABANDONED_DAYS):
            continue
        if not any(later.started_at > contact.started_at and not later.abandoned for later in contacts):
            found.append(
                OpenItem(
                    rule="abandoned_contact",
                    text=f"Abandoned {contact.channel or 'contact'} on {day.isoformat()}, no contact since",
                    since=day,
                    references=(contact.contact_id,),
                )
            )
    return found


def timeline(
    *,
    contacts: Sequence[MemberContact],
    cases: Sequence[MemberCase],
    surveys: Sequence[MemberSurveyAnswer],
    claims: Sequence[ClaimLineView],
    encounters: Sequence[EncounterView],
    medications: Sequence[MedicationView],
    audits: Sequence[AuditSummary],
    coaching: Sequence[CoachingOnAudits],
) -> list[TimelineEntry]:
    """Every record of the sections shown, as one list, newest first (ties: by kind, then id)."""
    entries: list[TimelineEntry] = []
    for c in contacts:
        route = " > ".join(c.route) or c.queue
        consults = f", {c.consult_count} consult{'s' if c.consult_count != 1 else ''}" if c.consult_count else ""
        outcome = "abandoned" if c.abandoned else (c.disposition or "no disposition")
        title = f"{(c.channel or 'contact').capitalize()} {c.direction}".strip() + (
            f" · {c.reason}" if c.reason else ""
        )
        entries.append(TimelineEntry(c.started_at, "contact", title, f"{route}{consults}; {outcome}", c.contact_id))
    for case in cases:
        detail = f"{case.status or 'open'}" + (
            f", closed {clock.day_of(case.closed_at).isoformat()}" if case.closed_at else ""
        )
        entries.append(TimelineEntry(case.opened_at, "case", f"Case opened · {case.type}", detail, case.case_id))
    for s in surveys:
        scores = ", ".join(f"{name} {value}" for name, value in (("NPS", s.nps), ("CSAT", s.csat)) if value is not None)
        title = f"Survey {s.survey}" + (f" · {scores}" if scores else "")
        entries.append(TimelineEntry(s.responded_at, "survey", title, s.verbatim, s.response_id))
    for claim_id, lines in claims_by_id(claims).items():
        day = claim_day(lines)
        if day is None:
            continue
        denied = [line for line in lines if line.denied]
        paid = sum(line.paid_amount or 0.0 for line in lines)
        detail = f"{len(lines)} line{'s' if len(lines) != 1 else ''}, paid {_money(paid)}"
        if denied:
            reasons = sorted({line.denial_reason or line.denial_reason_code for line in denied} - {""})
            detail += f"; {len(denied)} denied" + (f": {'; '.join(reasons)}" if reasons else "")
        kind = "denied_claim" if denied else "claim"
        title = f"{(lines[0].claim_type or 'Claim').capitalize()} claim · {lines[0].provider_name}".rstrip(" ·")
        entries.append(TimelineEntry(clock.start_of_day(day), kind, title, detail, claim_id))
    for e in encounters:
        if e.started_at is None:
            continue
        detail = e.provider_name + (f"; {e.reason_display}" if e.reason_display else "")
        entries.append(
            TimelineEntry(
                e.started_at, "encounter", f"Encounter · {e.type_display or e.encounter_class}", detail, e.encounter_id
            )
        )
    for m in medications:
        if m.on_date is None:
            continue
        kind, where = ("fill", m.pharmacy_name) if m.kind == "dispense" else ("prescription", m.prescriber_name)
        supply = f", {m.days_supply} days" if m.days_supply else ""
        label = "Pharmacy fill" if kind == "fill" else "Prescription"
        entries.append(
            TimelineEntry(
                clock.start_of_day(m.on_date),
                kind,
                f"{label} · {m.medication_display}",
                f"{where}{supply}",
                m.medication_record_id,
            )
        )
    for a in audits:
        verdict = "" if a.passed_critical else ", failed a critical item"
        entries.append(
            TimelineEntry(
                a.contact_started_at,
                "audit",
                f"Audit · {a.scorecard_name}",
                f"contact {a.contact_id}: {a.score:.1f}/100{verdict}",
                str(a.audit_id),
            )
        )
    for session in coaching:
        audits_named = ", ".join(str(i) for i in session.audit_ids)
        entries.append(
            TimelineEntry(
                clock.start_of_day(session.held_on),
                "coaching",
                f"Coaching of {session.coachee_code}",
                f"by {session.coach_code}, on audit {audits_named}",
                str(session.session_id),
            )
        )
    return sorted(entries, key=lambda e: (e.at, e.kind, e.reference), reverse=True)
