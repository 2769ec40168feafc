"""The demo members: about one member for every four contacts, across the merged plan's products.

Each member has a plan (commercial HMO or PPO, Medicare Advantage, Medicaid managed care), the
legacy company they joined, a language (about 70% English, 20% Spanish, 10% Chinese), a preferred
channel (Medicare members lean to the phone) and an enrollment month. How often a member gets in
touch varies a lot from member to member (a heavy-tailed activity weight), which the contacts step
uses to pick who calls. Rows go to the app database with bulk_create in batches.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from heartline.demo import blueprint as bp
from heartline.demo.roster import MemberRoster
from heartline.demo.steps import DemoContext
from heartline.members.models import Member

BATCH_SIZE = 5_000
FIRST_ENROLLMENT_MONTH = dt.date(2008, 1, 1)
LAST_ENROLLMENT_MONTH = dt.date(2025, 4, 1)
MEDICARE_PHONE_LEAN = 0.4  # share of Medicare members who prefer the phone whatever the draw
ACTIVITY_SPREAD = 0.9  # sigma of the log-normal activity weight


def member_id(number: int) -> str:
    return f"{bp.MEMBER_ID_PREFIX}{number:09d}"


def _enrollment_months() -> list[dt.date]:
    months = []
    year, month = FIRST_ENROLLMENT_MONTH.year, FIRST_ENROLLMENT_MONTH.month
    while dt.date(year, month, 1) <= LAST_ENROLLMENT_MONTH:
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def draw_members(rng: np.random.Generator, count: int) -> tuple[MemberRoster, list[dt.date], list[str]]:
    """The members' attributes as arrays, with each one's enrollment date and legacy company."""
    plan = rng.choice(len(bp.MEMBER_PLANS), size=count, p=bp.MEMBER_PLAN_SHARES)
    language = rng.choice(len(bp.LANGUAGES), size=count, p=bp.LANGUAGE_SHARES)
    channel = rng.choice(len(bp.CHANNELS), size=count, p=bp.PREFERRED_CHANNEL_SHARES)
    medicare = plan == bp.MEMBER_PLANS.index("medicare_advantage")
    channel = np.where(medicare & (rng.random(count) < MEDICARE_PHONE_LEAN), bp.CHANNELS.index("phone"), channel)
    bayside = rng.random(count) < np.asarray(bp.PLAN_BAYSIDE_SHARE)[plan]
    activity = rng.lognormal(0.0, ACTIVITY_SPREAD, size=count) * np.asarray(bp.PLAN_ACTIVITY)[plan]
    months = _enrollment_months()
    # Newer members outnumber old ones: enrollment months skew recent.
    month_index = (len(months) - 1 - np.floor(rng.beta(1.0, 2.2, size=count) * len(months))).astype(np.int64)
    roster = MemberRoster(
        member_ids=tuple(member_id(i) for i in range(1, count + 1)),
        plan=plan.astype(np.int64),
        pool=np.asarray(bp.PLAN_POOL, dtype=np.int64)[plan],
        language=language.astype(np.int64),
        preferred_channel=channel.astype(np.int64),
        activity=activity,
    )
    enrolled = [months[i] for i in month_index.tolist()]
    legacy = [bp.BAYSIDE if b else bp.VALLEY_CREST for b in bayside.tolist()]
    return roster, enrolled, legacy


def build_members(ctx: DemoContext) -> None:
    """Create the members in the app database and leave their roster in the context."""
    roster, enrolled, legacy = draw_members(ctx.rng("members"), ctx.size.members)
    plans = [bp.MEMBER_PLANS[i] for i in roster.plan.tolist()]
    languages = [bp.LANGUAGES[i] for i in roster.language.tolist()]
    channels = [bp.CHANNELS[i] for i in roster.preferred_channel.tolist()]
    total = len(roster)
    for start in range(0, total, BATCH_SIZE):
        stop = min(start + BATCH_SIZE, total)
        Member.objects.bulk_create(
            Member(
                member_id=roster.member_ids[i],
                plan=plans[i],
                legacy_company=legacy[i],
                language=languages[i],
                preferred_channel=channels[i],
                enrolled_on=enrolled[i],
            )
            for i in range(start, stop)
        )
        ctx.report(stop, total)
    ctx.members = roster
    ctx.counts["members"] = total


def wipe_members(ctx: DemoContext) -> None:
    """Remove the members an earlier demo build made (their ids carry the demo prefix)."""
    Member.objects.filter(member_id__startswith=bp.MEMBER_ID_PREFIX).delete()
