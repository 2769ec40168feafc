"""Demo step `coaching`: coaching sessions on each representative's missed behaviors, leadership
coaching of coaches by their managers, and follow-ups, the latest still open (so overdue).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from django.db.models import Q

from heartline.behaviors.models import Behavior
from heartline.coaching.models import CoachingSession
from heartline.core.models import Employee
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext
from heartline.quality.models import (
    AuditAnswer,
)

# -- coaching ------------------------------------------------------------------------------------

COMMITMENTS = (
    "Recap the member's need before answering",
    "Open a rapid-resolution consult before any transfer",
    "Say what happens next and by when",
    "Acknowledge the worry before the policy",
    "Verify two identifiers before any claim detail",
)


def build_coaching(ctx: DemoContext) -> None:
    rng = ctx.rng("coaching")
    last_day = ctx.timeline.last_day
    people = Employee.objects.filter(division__code=bp.DIVISION_CODE)
    coach_of_team = dict(people.filter(role="coach").values_list("team_id", "pk"))
    team_of_agent = dict(people.filter(role="agent").values_list("pk", "team_id"))
    missed: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)  # (agent, month) -> (audit, behavior)
    answers = AuditAnswer.objects.filter(
        audit__purpose="production", audit__agent__division__code=bp.DIVISION_CODE, item__behavior__isnull=False
    ).filter(Q(item__scale="yes_no_na", rating=0) | Q(item__scale="one_to_five", rating__lte=3))
    for agent, started, audit, behavior in answers.values_list(
        "audit__agent_id", "audit__contact_started_at", "audit_id", "item__behavior_id"
    ):
        missed[(agent, started.strftime("%Y-%m"))].append((audit, behavior))
    front = dict(Behavior.objects.filter(kind="front_line").values_list("pk", "code"))
    leadership = list(Behavior.objects.filter(kind="leadership").values_list("pk", flat=True))
    sessions: list[CoachingSession] = []
    focus: list[list[int]] = []
    discussed: list[list[int]] = []
    months = sorted({m for _, m in missed})
    for agent, team in sorted(team_of_agent.items()):
        coach = coach_of_team.get(team)
        if coach is None:
            continue
        for m_index, month in enumerate(months):
            if (m_index + agent) % 2:
                continue
            found = missed.get((agent, month), [])
            counts: dict[int, int] = defaultdict(int)
            for _, behavior in found:
                counts[behavior] += 1
            chosen = sorted(counts, key=lambda b: -counts[b])[:2] or [int(rng.choice(list(front)))]
            first = dt.date.fromisoformat(f"{month}-01")
            held = min(first + dt.timedelta(days=int(rng.integers(10, 27))), last_day)
            sessions.append(
                _session(
                    rng,
                    coach,
                    agent,
                    "front_line",
                    held,
                    last_day,
                    "Listened to two calls together; " + ", ".join(front[b] for b in chosen) + ".",
                )
            )
            focus.append(chosen)
            discussed.append(sorted({a for a, _ in found})[:2])
    managers = dict(people.filter(role="manager").values_list("unit_id", "pk"))
    for coach, unit in people.filter(role="coach").values_list("pk", "unit_id"):
        for quarter in range(0, len(months), 3):
            first = dt.date.fromisoformat(f"{months[quarter]}-01")
            held = min(first + dt.timedelta(days=int(rng.integers(5, 25))), last_day)
            if unit in managers:
                sessions.append(
                    _session(
                        rng,
                        managers[unit],
                        coach,
                        "leadership",
                        held,
                        last_day,
                        "Reviewed the team's audits and how the coach follows up.",
                    )
                )
                focus.append([int(rng.choice(leadership))])
                discussed.append([])
    CoachingSession.objects.bulk_create(sessions, batch_size=2000)
    focus_through = CoachingSession.focus_behaviors.through
    focus_through.objects.bulk_create(
        (
            focus_through(coachingsession_id=s.pk, behavior_id=b)
            for s, bs in zip(sessions, focus, strict=True)
            for b in bs
        ),
        batch_size=5000,
    )
    audits_through = CoachingSession.audits.through
    audits_through.objects.bulk_create(
        (
            audits_through(coachingsession_id=s.pk, audit_id=a)
            for s, a_ids in zip(sessions, discussed, strict=True)
            for a in a_ids
        ),
        batch_size=5000,
    )
    ctx.counts["coaching_sessions"] = len(sessions)


def _session(
    rng: np.random.Generator, coach: int, coachee: int, level: str, held: dt.date, last_day: dt.date, notes: str
) -> CoachingSession:
    follow_up = held + dt.timedelta(days=14)
    done = follow_up < last_day - dt.timedelta(days=21) and rng.random() < 0.95
    return CoachingSession(
        coach_id=coach,
        coachee_id=coachee,
        level=level,
        held_on=held,
        notes=notes,
        commitments=COMMITMENTS[int(rng.integers(len(COMMITMENTS)))],
        follow_up_on=follow_up,
        followed_up_on=follow_up + dt.timedelta(days=int(rng.integers(0, 4))) if done else None,
        follow_up_notes="Listened to a call together; the commitment is holding." if done else "",
    )


def wipe_coaching(ctx: DemoContext) -> None:
    CoachingSession.objects.filter(coachee__division__code=bp.DIVISION_CODE).delete()
