"""Demo step `leader-follow-ups`: leaders kept consistent.

Each coach's commitments from their latest leadership sessions (the coaching step's free text, one
record a line, tied to the session's leadership behavior and what it reinforces), one commitment of
each manager to the VP, and a monthly check-in for every month a commitment was open up to the end of
the demo's data, when the commitments close. Most leaders check in on time and keep most of what they
committed to; a few check in late or not at all, so the VP's view has someone to follow up.
Deterministic: drawn from the step's own generator.
"""

from __future__ import annotations

import datetime as dt

from heartline.behaviors.models import Behavior
from heartline.coaching.models import CoachingSession, CommitmentProgress, LeaderCheckIn, LeaderCommitment
from heartline.coaching.selectors import month_end
from heartline.core.models import Employee
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext

SESSION_DAYS = 150  # the coaches' leadership sessions of the last five months give the commitments
MANAGER_COMMITMENTS = (
    ("Join one huddle of each team a month and open it with a call clip", 150),
    ("Thank a first-contact resolution by name in every weekly note", 120),
)
KEEPERS = 0.7  # the share of leaders who check in on time


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month_end(month) + dt.timedelta(days=1)
    return months


def build_leader_follow_ups(ctx: DemoContext) -> None:
    rng = ctx.rng("leader-follow-ups")
    last_day = ctx.timeline.last_day
    people = Employee.objects.filter(division__code=bp.DIVISION_CODE)
    leadership = dict(Behavior.objects.filter(kind="leadership").values_list("code", "pk"))
    through = Behavior.reinforced_by.through
    reinforces: dict[int, list[int]] = {}
    for front, leader in through.objects.values_list("from_behavior_id", "to_behavior_id"):
        reinforces.setdefault(leader, []).append(front)
    made: list[tuple[LeaderCommitment, int]] = []  # (commitment, who records the check-ins)
    sessions = CoachingSession.objects.filter(
        level="leadership",
        coachee__division__code=bp.DIVISION_CODE,
        held_on__gte=last_day - dt.timedelta(days=SESSION_DAYS),
    ).prefetch_related("focus_behaviors")
    for s in sessions.order_by("held_on", "pk"):
        focus = sorted(b.pk for b in s.focus_behaviors.all())
        for line in (x.strip() for x in s.commitments.splitlines()):
            if focus and line:
                made.append(
                    (
                        LeaderCommitment(
                            leader_id=s.coachee_id, session=s, leadership_behavior_id=focus[0], text=line,
                            made_on=s.held_on, closed_on=last_day,
                        ),
                        s.coach_id,
                    )
                )  # fmt: skip
    vp = people.filter(role="executive").order_by("pk").values_list("pk", flat=True).first()
    codes = sorted(leadership)
    for i, manager in enumerate(people.filter(role="manager").order_by("pk").values_list("pk", flat=True)):
        text, days = MANAGER_COMMITMENTS[i % len(MANAGER_COMMITMENTS)]
        made.append(
            (
                LeaderCommitment(
                    leader_id=manager, leadership_behavior_id=leadership[codes[i % len(codes)]], text=text,
                    made_on=last_day - dt.timedelta(days=days), closed_on=last_day,
                ),
                vp or manager,
            )
        )  # fmt: skip
    LeaderCommitment.objects.bulk_create([c for c, _ in made], batch_size=2000)
    LeaderCommitment.reinforces.through.objects.bulk_create(
        (
            LeaderCommitment.reinforces.through(leadercommitment_id=c.pk, behavior_id=b)
            for c, _ in made
            for b in reinforces.get(c.leadership_behavior_id, [])
        ),
        batch_size=5000,
    )
    by_leader: dict[int, list[tuple[LeaderCommitment, int]]] = {}
    for c, recorder in made:
        by_leader.setdefault(c.leader_id, []).append((c, recorder))
    check_ins: list[LeaderCheckIn] = []
    progress: list[tuple[int, LeaderCommitment, str]] = []
    for leader, theirs in sorted(by_leader.items()):
        keeper = rng.random() < KEEPERS
        for month in _months(min(c.made_on for c, _ in theirs), last_day):
            open_now = [c for c, _ in theirs if c.made_on <= month_end(month)]
            draw = rng.random()
            if not keeper and draw < 0.4:
                continue  # missed this month
            late = not keeper and draw < 0.7
            held = month_end(month) + dt.timedelta(days=int(rng.integers(12, 25) if late else rng.integers(0, 5)))
            check_ins.append(LeaderCheckIn(leader_id=leader, month=month, held_on=held, recorded_by_id=theirs[0][1]))
            for c in open_now:
                kept = rng.random() < (0.8 if keeper else 0.45)
                progress.append(
                    (len(check_ins) - 1, c, "kept" if kept else "partly" if rng.random() < 0.6 else "not_done")
                )
    LeaderCheckIn.objects.bulk_create(check_ins, batch_size=2000)
    CommitmentProgress.objects.bulk_create(
        (CommitmentProgress(check_in=check_ins[i], commitment=c, progress=p) for i, c, p in progress), batch_size=5000
    )
    ctx.counts["leader_commitments"] = len(made)
    ctx.counts["leader_check_ins"] = len(check_ins)


def wipe_leader_follow_ups(ctx: DemoContext) -> None:
    LeaderCheckIn.objects.filter(leader__division__code=bp.DIVISION_CODE).delete()
    LeaderCommitment.objects.filter(leader__division__code=bp.DIVISION_CODE).delete()
