"""The disenrollment step: some members leave the plan, more often after denied claims and repeat calls.

The signal the insights' disenrollment model should find (docs/insights.md, "The demo's planted
signal"): at each month end of the demo's calendar a covered member leaves with a small base
chance, multiplied by `DENIAL_FACTOR` for each denied claim line and by `REPEAT_FACTOR` for each
repeat contact (within 7 days of their previous one) in the 90 days before. Nothing else — not the
member id, not the plan — changes the chance. A member who leaves has their current coverage end
that day (their later contacts stay: former members call too).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.demo import blueprint as bp
from heartline.demo.member_details import day_number
from heartline.demo.steps import DemoContext
from heartline.members.models import Coverage
from heartline.members.tables import CLAIM_LINES

MONTHLY_BASE = 0.0008
DENIAL_FACTOR = 10.0
REPEAT_FACTOR = 3.0
MAX_CHANCE = 0.6
WINDOW_DAYS = 90
REPEAT_DAYS = 7
DAY_US = 86_400_000_000


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends: list[dt.date] = []
    year, month = first.year, first.month
    while True:
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
        if end > last:
            return ends
        ends.append(end)
        year, month = following.year, following.month


def _index(ids: list[str | None], position: dict[str, int]) -> np.ndarray:
    return np.array([position.get(m, -1) if m else -1 for m in ids], dtype=np.int64)


def build_disenrollment(ctx: DemoContext) -> None:
    """End the current coverage of the members who leave (drawn month by month)."""
    roster = ctx.require_members()
    position = {m: i for i, m in enumerate(roster.member_ids)}
    contacts, lines = ctx.table(CONTACTS), ctx.table(CLAIM_LINES)
    c_member = _index(contacts.column("member_id").to_pylist(), position)
    c_day = pc.cast(contacts.column("started_at"), "int64").to_numpy() // DAY_US
    keep = c_member >= 0
    c_member, c_day = c_member[keep], c_day[keep]
    order = np.lexsort((c_day, c_member))
    c_member, c_day = c_member[order], c_day[order]
    repeat = np.zeros(len(c_member), dtype=bool)
    repeat[1:] = (c_member[1:] == c_member[:-1]) & (c_day[1:] - c_day[:-1] <= REPEAT_DAYS)
    denied = np.asarray(lines.column("denied").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    d_member = _index(lines.column("member_id").filter(denied).to_pylist(), position)
    billed = lines.column("billed_on").filter(denied)
    d_day = pc.cast(billed, "int32").to_numpy(zero_copy_only=False).astype(np.int64)
    rng = ctx.rng("disenrollment")
    gone = np.zeros(len(roster), dtype=bool)
    leaving: dict[dt.date, list[str]] = {}
    ends = _month_ends(ctx.timeline.first_day, ctx.timeline.last_day)
    for done, end in enumerate(ends):
        ctx.report(done, len(ends))
        day = day_number(end)
        recent_denials = np.bincount(d_member[(d_day > day - WINDOW_DAYS) & (d_day <= day)], minlength=len(roster))
        in_window = (c_day > day - WINDOW_DAYS) & (c_day <= day) & repeat
        recent_repeats = np.bincount(c_member[in_window], minlength=len(roster))
        chance = (
            MONTHLY_BASE
            * DENIAL_FACTOR ** np.minimum(recent_denials, 3)
            * REPEAT_FACTOR ** np.minimum(recent_repeats, 3)
        )
        leaves = ~gone & (rng.random(len(roster)) < np.minimum(chance, MAX_CHANCE))
        gone |= leaves
        leaving[end] = [roster.member_ids[i] for i in np.flatnonzero(leaves).tolist()]
    for end, members in leaving.items():
        for start in range(0, len(members), 500):
            Coverage.objects.filter(
                member__member_id__in=members[start : start + 500],
                member__member_id__startswith=bp.MEMBER_ID_PREFIX,
                ends_on__isnull=True,
            ).update(ends_on=end, status=Coverage.Status.CANCELLED)
    ctx.report(len(ends), len(ends))
    ctx.counts["disenrolled members"] = int(gone.sum())
