"""The demo health plan on paper: Northbridge Health Partners, the merger of two legacy HMOs.

Everything fixed about the plan lives here as data — its division, units, queues, team counts,
member plans, contact reasons and how each unit's work is mixed — so the generation steps read one
description instead of scattering constants. Indexes into these tuples (unit index, reason index,
plan index…) are what the vectorised generators pass around; codes are what the stores keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PLAN_NAME = "Northbridge Health Partners"
DIVISION_CODE = "northbridge-member-services"
DIVISION_NAME = "Northbridge Member Services"
BAYSIDE = "Bayside Health Plan"
VALLEY_CREST = "Valley Crest HMO"
LEGACY_COMPANIES = (BAYSIDE, VALLEY_CREST)
EMAIL_DOMAIN = "northbridge-health.example"
# Every demo member id starts with this, so a rebuild can remove exactly the members it made.
MEMBER_ID_PREFIX = "NBH"

REASONS = ("billing", "benefits", "id_card", "claims", "pharmacy", "enrollment", "provider_search", "grievance")
LANGUAGES = ("en", "es", "zh")
LANGUAGE_SHARES = (0.70, 0.20, 0.10)
CHANNELS = ("phone", "chat", "email", "portal", "sms")
PREFERRED_CHANNEL_SHARES = (0.50, 0.14, 0.12, 0.16, 0.08)
MEMBER_PLANS = ("commercial_hmo", "commercial_ppo", "medicare_advantage", "medicaid_managed_care")
MEMBER_PLAN_SHARES = (0.30, 0.22, 0.23, 0.25)
# Chance a member of each plan came from Bayside (the rest from Valley Crest).
PLAN_BAYSIDE_SHARE = (0.35, 0.70, 0.75, 0.25)
# Members who contact us more often than others: Medicare and Medicaid members call more.
PLAN_ACTIVITY = (1.0, 0.9, 1.35, 1.15)

# Member pools a unit draws its contacts from.
POOL_COMMERCIAL, POOL_MEDICARE, POOL_MEDICAID, POOL_EVERYONE = range(4)
PLAN_POOL = (POOL_COMMERCIAL, POOL_COMMERCIAL, POOL_MEDICARE, POOL_MEDICAID)


def _mix(**shares: float) -> tuple[float, ...]:
    """Reason shares in REASONS order, normalised to sum to 1."""
    unknown = set(shares) - set(REASONS)
    if unknown:
        raise ValueError(f"unknown reasons {sorted(unknown)}")
    total = sum(shares.values())
    return tuple(shares.get(reason, 0.0) / total for reason in REASONS)


@dataclass(frozen=True)
class UnitPlan:
    """One unit of the division: who it serves, how much of the work it takes, where contacts queue.

    `queues` maps a queue code to its display name; `reason_queue` names the queue each reason
    enters (codes not listed go to `general_queue`). `volume_share` is the unit's share of a normal
    day's contacts; `winter_tail` marks units whose open-enrollment surge runs on into January.
    """

    code: str
    name: str
    short: str
    legacy_company: str
    teams: int
    volume_share: float
    pool: int
    reason_mix: tuple[float, ...]
    queues: Mapping[str, str]
    general_queue: str
    reason_queue: Mapping[str, str]
    outbound: bool = False
    winter_tail: bool = False
    opens_at_launch: bool = False

    def queue_for(self, reason: str) -> str:
        return self.reason_queue.get(reason, self.general_queue)


UNITS: tuple[UnitPlan, ...] = (
    UnitPlan(
        code="commercial-inbound",
        name="Commercial inbound",
        short="ci",
        legacy_company=BAYSIDE,
        teams=6,
        volume_share=0.31,
        pool=POOL_COMMERCIAL,
        winter_tail=True,
        reason_mix=_mix(
            billing=17, benefits=22, id_card=9, claims=24, pharmacy=4, enrollment=8, provider_search=13, grievance=3
        ),
        queues={
            "ci-general": "Commercial general",
            "ci-billing": "Commercial billing",
            "ci-claims": "Commercial claims",
            "ci-benefits": "Commercial benefits",
            "ci-enrollment": "Commercial enrollment",
        },
        general_queue="ci-general",
        reason_queue={
            "billing": "ci-billing",
            "claims": "ci-claims",
            "benefits": "ci-benefits",
            "provider_search": "ci-benefits",
            "enrollment": "ci-enrollment",
        },
    ),
    UnitPlan(
        code="commercial-outbound",
        name="Commercial outbound",
        short="co",
        legacy_company=VALLEY_CREST,
        teams=2,
        volume_share=0.07,
        pool=POOL_COMMERCIAL,
        outbound=True,
        winter_tail=True,
        reason_mix=_mix(billing=15, benefits=10, id_card=5, claims=15, enrollment=45, provider_search=5, grievance=5),
        queues={"co-outreach": "Commercial outreach", "co-renewals": "Commercial renewals"},
        general_queue="co-outreach",
        reason_queue={"enrollment": "co-renewals"},
    ),
    UnitPlan(
        code="medicare",
        name="Medicare",
        short="mcr",
        legacy_company=BAYSIDE,
        teams=4,
        volume_share=0.20,
        pool=POOL_MEDICARE,
        winter_tail=True,
        reason_mix=_mix(
            billing=8, benefits=25, id_card=8, claims=22, pharmacy=12, enrollment=12, provider_search=8, grievance=5
        ),
        queues={
            "mcr-general": "Medicare general",
            "mcr-claims": "Medicare claims",
            "mcr-benefits": "Medicare benefits",
            "mcr-enrollment": "Medicare enrollment",
            "mcr-grievance": "Medicare grievances and appeals",
        },
        general_queue="mcr-general",
        reason_queue={
            "claims": "mcr-claims",
            "benefits": "mcr-benefits",
            "provider_search": "mcr-benefits",
            "enrollment": "mcr-enrollment",
            "grievance": "mcr-grievance",
        },
    ),
    UnitPlan(
        code="medicaid",
        name="Medicaid",
        short="mcd",
        legacy_company=VALLEY_CREST,
        teams=4,
        volume_share=0.18,
        pool=POOL_MEDICAID,
        reason_mix=_mix(
            billing=2, benefits=28, id_card=12, claims=15, pharmacy=10, enrollment=18, provider_search=12, grievance=3
        ),
        queues={
            "mcd-general": "Medicaid general",
            "mcd-benefits": "Medicaid benefits",
            "mcd-eligibility": "Medicaid eligibility",
        },
        general_queue="mcd-general",
        reason_queue={"benefits": "mcd-benefits", "provider_search": "mcd-benefits", "enrollment": "mcd-eligibility"},
    ),
    UnitPlan(
        code="pharmacy",
        name="Pharmacy services",
        short="rx",
        legacy_company=BAYSIDE,
        teams=2,
        volume_share=0.10,
        pool=POOL_EVERYONE,
        reason_mix=_mix(
            billing=5, benefits=5, id_card=2, claims=5, pharmacy=80, enrollment=1, provider_search=1, grievance=1
        ),
        queues={"rx-pharmacy": "Pharmacy help desk", "rx-prior-auth": "Pharmacy prior authorization"},
        general_queue="rx-pharmacy",
        reason_queue={"claims": "rx-prior-auth", "grievance": "rx-prior-auth"},
    ),
    UnitPlan(
        code="membership-admin",
        name="Membership administration",
        short="mbr",
        legacy_company=VALLEY_CREST,
        teams=2,
        volume_share=0.10,
        pool=POOL_EVERYONE,
        winter_tail=True,
        reason_mix=_mix(billing=30, benefits=5, id_card=30, claims=2, enrollment=30, grievance=3),
        queues={"mbr-billing": "Premium billing", "mbr-id-cards": "ID cards", "mbr-enrollment": "Enrollment changes"},
        general_queue="mbr-enrollment",
        reason_queue={"billing": "mbr-billing", "id_card": "mbr-id-cards"},
    ),
    UnitPlan(
        code="rapid-resolution",
        name="Rapid resolution",
        short="rrt",
        legacy_company="",
        teams=2,
        volume_share=0.03,
        pool=POOL_EVERYONE,
        opens_at_launch=True,
        reason_mix=_mix(billing=15, benefits=15, claims=45, pharmacy=10, enrollment=5, grievance=10),
        queues={"rrt-escalations": "Rapid resolution escalations"},
        general_queue="rrt-escalations",
        reason_queue={},
    ),
)
UNIT_INDEX: Mapping[str, int] = {unit.code: i for i, unit in enumerate(UNITS)}
# The line of business each unit's queues serve (heartline.core Queue.line_of_business); pharmacy,
# membership administration and rapid resolution serve every line, so their queues name none.
UNIT_LINES: Mapping[str, str] = {
    "commercial-inbound": "commercial",
    "commercial-outbound": "commercial",
    "medicare": "medicare_part_c",
    "medicaid": "medicaid",
}
RAPID_RESOLUTION = UNIT_INDEX["rapid-resolution"]
# The unit that looks after each member pool's own questions (where a handoff of a claim goes).
POOL_HOME_UNIT = (
    UNIT_INDEX["commercial-inbound"],
    UNIT_INDEX["medicare"],
    UNIT_INDEX["medicaid"],
    UNIT_INDEX["commercial-inbound"],
)
# Reasons a specialist unit owns, whoever the member is: a handoff for them goes there.
SPECIALIST_QUEUE = {
    "billing": "mbr-billing",
    "id_card": "mbr-id-cards",
    "enrollment": "mbr-enrollment",
    "pharmacy": "rx-pharmacy",
}

TEAM_NAMES = ("harbor", "summit", "cedar", "lantern", "meridian", "compass", "juniper", "beacon")

# Staff beyond the representatives and their coaches: (role, how many, units looked after).
SUPPORT_STAFF: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("qa_analyst", 2, ("commercial-inbound", "commercial-outbound", "membership-admin")),
    ("qa_analyst", 2, ("medicare", "medicaid", "pharmacy", "rapid-resolution")),
    ("trainer", 1, ("commercial-inbound", "commercial-outbound", "membership-admin")),
    ("trainer", 2, ("medicare", "medicaid", "pharmacy", "rapid-resolution")),
    ("cx_analyst", 2, ()),
    ("workforce_planner", 2, ()),
    ("compliance", 2, ()),
    ("admin", 1, ()),
    ("care_manager", 2, ()),
)
TEAM_SIZE_RANGE = (12, 15)  # representatives per coach, inclusive
# Shares of representatives who also speak Spanish or Chinese (everyone speaks English).
REP_SPANISH_SHARE = 0.26
REP_CHINESE_SHARE = 0.14
