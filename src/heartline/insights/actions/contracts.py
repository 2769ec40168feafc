"""What next-best-action knows about a member and what it proposes (frozen dataclasses).

`MemberFacts` are derived from what the caller may see of the member (the member view's sections),
so a proposal's reasons never reveal more than the member view does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

OUTCOMES = ("accepted", "declined", "not_now")


@dataclass(frozen=True)
class DeniedClaim:
    claim_id: str
    day: dt.date
    reason: str  # the denial reason in words, else its code


@dataclass(frozen=True)
class ContactFact:
    day: dt.date
    channel: str
    reason: str
    disposition: str
    abandoned: bool


@dataclass(frozen=True)
class FillFact:
    """A pharmacy fill (from medications when the caller sees them, else from pharmacy claim lines,
    which carry no days' supply). No drug: reasons never name one."""

    day: dt.date
    days_supply: int | None
    mail_order: bool


@dataclass(frozen=True)
class MemberFacts:
    """What the rules read about one member, as of `today` (the organization's day of the question)."""

    member_id: str
    today: dt.date
    language: str = "en"
    preferred_channel: str = "phone"
    age: int | None = None
    flags: tuple[str, ...] = ()
    denied_claims: tuple[DeniedClaim, ...] = ()
    contacts: tuple[ContactFact, ...] = ()
    grievance_days: tuple[dt.date, ...] = ()
    nps: tuple[tuple[dt.date, int], ...] = ()  # newest first
    fills: tuple[FillFact, ...] = ()
    service_codes: tuple[tuple[dt.date, str], ...] = ()  # medical claim lines' procedure codes
    sees: frozenset[str] = field(default_factory=frozenset)  # "claims", "medications"


@dataclass(frozen=True)
class RecordedOutcome:
    """A representative's (or a channel's) answer to one offer."""

    member_id: str
    action: str
    channel: str
    outcome: str  # accepted, declined, not_now
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True)
class CampaignSend:
    """A campaign's message to a member of its treated arm. It counts as an offer of its action for
    the weekly limits, as a recorded outcome does (it starts no cool-off: the member said nothing)."""

    member_id: str
    action: str
    channel: str
    sent_at: dt.datetime  # the send time stored at launch
    campaign: str  # the campaign's name


@dataclass(frozen=True)
class MemberCampaignSend:
    """A campaign's message scheduled for a member, as the member view shows it: treated arm only (a
    holdout member was sent nothing, and is shown nothing), with the outcome once it is loaded."""

    campaign_id: int
    campaign: str  # the campaign's name
    action: str
    title: str  # the action's title in the catalog (its code when the catalog no longer has it)
    channel: str
    send_at: dt.datetime  # the send time stored at launch, in the member's zone
    converted: bool | None  # None: no outcome loaded for the member yet


@dataclass(frozen=True)
class Tally:
    """All members' answers to one action so far: what its propensity learns from. `from_campaigns`
    says how many of the accepted and declined are campaign outcomes (treated members' conversions)."""

    accepted: int = 0
    declined: int = 0
    not_now: int = 0
    from_campaigns: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.accepted + other.accepted,
            self.declined + other.declined,
            self.not_now + other.not_now,
            self.from_campaigns + other.from_campaigns,
        )


@dataclass(frozen=True)
class Proposal:
    """One proposed action: the channel, when (None: in contact), the score and why."""

    action: str
    title: str
    channel: str
    send_at: dt.datetime | None  # aware, in the member's zone
    score: float
    propensity: float
    value: float
    lever: float
    message: str
    language: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Withheld:
    """An eligible action not proposed, the stage that stopped it and why."""

    action: str
    title: str
    stage: str  # applicability (contact policy) or suitability (consent and the clock)
    reason: str


@dataclass(frozen=True)
class NextBestActions:
    member_id: str
    at: dt.datetime
    actions: tuple[Proposal, ...]
    withheld: tuple[Withheld, ...]
    recent: tuple[RecordedOutcome, ...] = ()  # the member's outcomes of the last 30 days, newest first


def as_contract(found: NextBestActions) -> dict[str, object]:
    """The command line's and the API's answer: `{"member_id", "actions": [{"action", "channel",
    "send_at" (ISO with the member's UTC offset; None in contact), "score", "reasons"}]}`."""
    return {
        "member_id": found.member_id,
        "actions": [
            {
                "action": p.action,
                "channel": p.channel,
                "send_at": None if p.send_at is None else p.send_at.isoformat(),
                "score": p.score,
                "reasons": list(p.reasons),
            }
            for p in found.actions
        ],
    }
