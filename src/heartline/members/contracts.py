"""What other apps may know about members' preferences and consent (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentState:
    """A member's current answer for one channel and purpose: the latest `ConsentDecision`."""

    channel: str
    purpose: str
    granted: bool
    express: bool
    source: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True)
class ReachDecision:
    """Whether Heartline may reach a member on one channel for one purpose at one instant, and why.

    `rule` names the rule that decided (docs/members-consent.md lists them with their regulation);
    `reason` says it in words for a person; `local_time` is the instant in the member's time zone
    (None for an unknown member)."""

    allowed: bool
    reason: str
    rule: str
    member_id: str
    channel: str
    purpose: str
    local_time: dt.datetime | None = None


@dataclass(frozen=True)
class ReachWindow:
    """Where a member's allowed window may open, for scheduling outreach (campaigns): their zone
    (IANA name; blank: the organization's), the end of their quiet hours, their preferred channel
    and language. No consent here: `may_reach` decides every send."""

    member_id: str
    time_zone: str
    quiet_hours_end: dt.time | None
    preferred_channel: str
    language: str


@dataclass(frozen=True)
class PreferenceHistoryEntry:
    """One recorded change of a preference or consent, as the history shows it (newest first)."""

    recorded_at: dt.datetime
    kind: str  # "preference" or "consent"
    what: str  # the field ("language", "quiet_hours"…) or "channel:purpose"
    old_value: str
    new_value: str
    source: str
    recorded_by: str
    reference: str = ""


@dataclass(frozen=True)
class MemberPreferences:
    """A member's current preferences, their consent per channel and purpose, and how both came to be."""

    member_id: str
    preferred_channel: str
    language: str
    time_zone: str  # IANA name; blank: the organization's
    quiet_hours: str  # "HH:MM-HH:MM" in the member's time, blank: none
    consent: tuple[ConsentState, ...]
    history: tuple[PreferenceHistoryEntry, ...]


@dataclass(frozen=True)
class MemberIdentity:
    """Who a member is, as another app may print it on a report about them (an audit universe):
    blank fields are not on the member's record."""

    member_id: str
    given_name: str
    family_name: str
    birth_date: dt.date | None
    plan: str


@dataclass(frozen=True)
class MemberSummary:
    """One line of the member list: who, and how they want to be served."""

    member_id: str
    plan: str
    language: str
    preferred_channel: str


# -- the single member view ------------------------------------------------------------------------

# The view's sections, in the order pages show them. Which of them a caller sees is the member
# policy in `heartline.members.selectors.visible_sections` (docs/members.md, "Who sees what").
SECTIONS = (
    "header",
    "contacts",
    "cases",
    "surveys",
    "claims",
    "encounters",
    "conditions",
    "medications",
    "audits",
    "coaching",
)


@dataclass(frozen=True)
class MemberHit:
    """One member a search found: enough to tell two namesakes apart on the results table."""

    member_id: str
    name: str
    birth_date: dt.date | None
    plan: str
    phone: str


@dataclass(frozen=True)
class MemberSearch:
    """A search's answer: what was understood (`matched_by`), the hits, whether more exist."""

    query: str
    matched_by: str  # "member id, name", "birth date", "phone, member id" or "" (blank query)
    hits: tuple[MemberHit, ...]
    truncated: bool


@dataclass(frozen=True)
class CoveragePeriod:
    plan: str
    product: str
    payer: str
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None  # None: open-ended


@dataclass(frozen=True)
class MemberHeader:
    """Who the member is and how they want to be served: the top of the page."""

    member_id: str
    name: str
    birth_date: dt.date | None
    age: int | None  # whole years on the organization's today
    sex: str
    plan: str
    coverage: tuple[CoveragePeriod, ...]
    language: str
    preferred_channel: str
    time_zone: str
    quiet_hours_start: dt.time | None
    quiet_hours_end: dt.time | None
    consents: tuple[ConsentState, ...]
    flags: tuple[str, ...]  # "dual eligible", "TTY/relay", "interpreter needed"
    pcp_name: str
    pcp_npi: str
    phone: str
    email: str


@dataclass(frozen=True)
class ClaimLineView:
    """One claim line as a service representative may see it. `diagnosis_codes` is None, and a
    pharmacy line's drug (`service_code`, `service_display`) is None, for callers without clinical
    access (minimum necessary)."""

    claim_id: str
    line_number: int | None
    claim_type: str
    status: str
    service_start: dt.date | None
    service_end: dt.date | None
    billed_on: dt.date | None
    provider_name: str
    service_code: str | None
    service_display: str | None
    diagnosis_codes: str | None
    billed_amount: float | None
    allowed_amount: float | None
    paid_amount: float | None
    member_liability: float | None
    denied: bool
    denial_reason_code: str
    denial_reason: str


@dataclass(frozen=True)
class EncounterView:
    encounter_id: str
    encounter_class: str
    type_display: str
    status: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    provider_name: str
    reason_display: str | None  # None: withheld (clinical)


@dataclass(frozen=True)
class ConditionView:
    condition_id: str
    code: str
    display: str
    clinical_status: str
    onset_date: dt.date | None
    recorded_date: dt.date | None


@dataclass(frozen=True)
class MedicationView:
    medication_record_id: str
    kind: str  # request (prescription) or dispense (pharmacy fill)
    status: str
    medication_display: str
    quantity: float | None
    days_supply: int | None
    on_date: dt.date | None
    prescriber_name: str
    pharmacy_name: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event in the member's story, from any channel or system, for the one timeline."""

    at: dt.datetime
    kind: str  # contact, case, survey, claim, denied_claim, fill, prescription, encounter, audit, coaching
    title: str
    detail: str
    reference: str  # the record's id in its system


@dataclass(frozen=True)
class OpenItem:
    """Something still open about the member, derived from the data (rules in docs/members.md)."""

    rule: str  # recent_denial, open_case, unresolved_contact, abandoned_contact
    text: str
    since: dt.date
    references: tuple[str, ...]


@dataclass(frozen=True)
class MemberView:
    """Everything the caller may see about one member. Withheld sections are empty and named in
    `withheld`; `counts` gives the records each shown section rests on."""

    header: MemberHeader
    shown: tuple[str, ...]
    withheld: tuple[str, ...]
    counts: dict[str, int]
    open_items: tuple[OpenItem, ...]
    timeline: tuple[TimelineEntry, ...]
    claims: tuple[ClaimLineView, ...]
    encounters: tuple[EncounterView, ...]
    conditions: tuple[ConditionView, ...]
    medications: tuple[MedicationView, ...]


@dataclass(frozen=True)
class MemberProfile:
    """One member's attributes for population analytics; `coverage` as (starts_on, ends_on, product)
    periods in order, `ends_on` None while open-ended, `product` the line of business (the plan
    code `plan` holds, e.g. medicare_advantage)."""

    member_id: str
    plan: str
    language: str
    preferred_channel: str
    birth_date: dt.date | None
    enrolled_on: dt.date | None
    coverage: tuple[tuple[dt.date | None, dt.date | None, str], ...]
