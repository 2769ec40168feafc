"""The demo members: about one member for every four contacts, across the merged plan's products.

Each member has a plan (commercial HMO or PPO, Medicare Advantage, Medicaid managed care), the
legacy company they joined, a language (about 70% English, 20% Spanish, 10% Chinese), a preferred
channel (Medicare members lean to the phone) and an enrollment month. How often a member gets in
touch varies a lot from member to member (a heavy-tailed activity weight), which the contacts step
uses to pick who calls. Who each member is (name, birth date, address, flags…) comes from
member_details, drawn from a generator of its own. Rows go to the app database in one executemany.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from heartline.demo import blueprint as bp
from heartline.demo.bulk_rows import insert_rows
from heartline.demo.member_details import EXTRAS_KEY as DETAILS_KEY
from heartline.demo.member_details import draw_details
from heartline.demo.roster import MemberRoster
from heartline.demo.steps import DemoContext
from heartline.members.models import Member

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
    """Create the members in the app database and leave their roster (and details) in the context."""
    roster, enrolled, legacy = draw_members(ctx.rng("members"), ctx.size.members)
    details, columns = draw_details(ctx, roster, enrolled)
    total = len(roster)
    ctx.report(0, total)
    insert_rows(
        Member,
        {
            "member_id": list(roster.member_ids),
            "plan": [bp.MEMBER_PLANS[i] for i in roster.plan.tolist()],
            "legacy_company": legacy,
            "language": [bp.LANGUAGES[i] for i in roster.language.tolist()],
            "preferred_channel": [bp.CHANNELS[i] for i in roster.preferred_channel.tolist()],
            "enrolled_on": np.array(enrolled, dtype="datetime64[D]"),
            **columns,
        },
        total,
    )
    ctx.report(total, total)
    ctx.members = roster
    ctx.extras[DETAILS_KEY] = details
    ctx.counts["members"] = total


def wipe_members(ctx: DemoContext) -> None:
    """Remove the members an earlier demo build made (their ids carry the demo prefix)."""
    Member.objects.filter(member_id__startswith=bp.MEMBER_ID_PREFIX).delete()
