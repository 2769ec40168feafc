"""Reads of the leaders' follow-up: who, a level down, keeps their monthly check-ins and their
commitments, and the front-line signal under each leader.

The levels follow the org in core: an executive (the VP) follows the unit managers and, below them,
the team coaches; a manager follows the coaches of their units. (There is no director role in core;
a division with directors gives them the manager role over several units.)

- A month's check-in is *due* when the leader had a commitment open in it, and *on time* when held
  by the month's end plus GRACE_DAYS; each leader's row looks at their MONTHS latest months due
  (within LOOKBACK_MONTHS before today), so a leader whose commitments are all closed keeps the
  record of their last ones.
- *Kept* counts the commitments recorded as kept at those check-ins (partly kept is not kept), with
  its n and a Wilson interval.
- The front-line signal: for each front-line behavior the leader committed to reinforce, the audit
  pass rate of the leader's team (a coach) or units (a manager) in the SIGNAL_DAYS before the first
  commitment and from it on, each with n and an interval, and the change with Newcombe's interval.
  Answers are counted, not agents: the same agent's audits are not independent, and much else
  changes at the same time, so the change is a signal to talk about, not the effect of the leader.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from heartline.behaviors.selectors import behavior_titles
from heartline.coaching.models import CommitmentProgress, LeaderCheckIn, LeaderCommitment, ProgressMade
from heartline.coaching.selectors import month_end
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, roles_with
from heartline.core.selectors import visible_employees
from heartline.quality.selectors.behavior_rates import PassCountsByPeriod, behavior_pass_counts_by_period
from heartline.stats.proportion_difference import ProportionChange, proportion_change
from heartline.stats.proportions import Share

MONTHS = 3
LOOKBACK_MONTHS = 12
GRACE_DAYS = 5
SIGNAL_DAYS = 90


def change_label(change: ProportionChange | None) -> str:
    """ "+8.0 points (−2.1 to +18.3)" or "—"."""
    return "—" if change is None else change.label


@dataclass(frozen=True)
class FrontLineSignal:
    behavior_code: str
    title: str
    since: dt.date  # the day of the first commitment to reinforce it
    before: Share
    after: Share
    change: ProportionChange | None  # None when a period has no rated answer

    @property
    def change_label(self) -> str:
        return change_label(self.change)


@dataclass(frozen=True)
class LeaderRow:
    code: str
    name: str
    level: str  # "manager" or "coach"
    where: str  # the unit (a manager) or the team (a coach)
    months: tuple[dt.date, ...]  # the months due looked at, oldest first
    open_commitments: int
    months_due: int
    on_time: int
    late: int
    missing: int
    kept: Share  # commitments kept of those checked in on, in the months due
    verdict: str  # "keeps follow-ups", "falls behind", "nothing due"
    signals: tuple[FrontLineSignal, ...]


@dataclass(frozen=True)
class FollowUpView:
    lookback: tuple[dt.date, ...]  # the months looked back on (first days, oldest first)
    levels: tuple[tuple[str, tuple[LeaderRow, ...]], ...]  # ("Managers", rows), ("Coaches", rows)


def due_day(month: dt.date) -> dt.date:
    return month_end(month) + dt.timedelta(days=GRACE_DAYS)


def months_due(today: dt.date, count: int = MONTHS) -> tuple[dt.date, ...]:
    """The `count` latest months whose check-in was due before `today`, oldest first."""
    month = today.replace(day=1)
    found: list[dt.date] = []
    while len(found) < count:
        if due_day(month) < today:
            found.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return tuple(reversed(found))


def leaders_below(caller: Caller) -> list[Any]:
    """The leaders a level (or two) below the caller, managers before coaches: an executive's or an
    admin's managers and coaches; a manager's coaches; nobody for anyone else."""
    if caller.can(Capability.COACH_MANAGERS):
        roles = roles_with(Capability.LEAD_A_UNIT) | roles_with(Capability.LEAD_A_TEAM)
    elif caller.can(Capability.FOLLOW_LEADERS):
        roles = roles_with(Capability.LEAD_A_TEAM)
    else:
        return []
    people = visible_employees(caller).filter(role__in=roles).exclude(code=caller.employee_code or "")
    managers = roles_with(Capability.LEAD_A_UNIT)
    return sorted(
        people.prefetch_related("scope_units"), key=lambda e: (e.role not in managers, e.user.last_name, e.code)
    )


def _name(employee: Any) -> str:
    return f"{employee.user.first_name} {employee.user.last_name}".strip() or employee.code


def _is_open(commitment: LeaderCommitment, month: dt.date) -> bool:
    return commitment.made_on <= month_end(month) and (commitment.closed_on is None or commitment.closed_on >= month)


def _since(commitments: list[LeaderCommitment]) -> dict[str, dt.date]:
    """Behavior code → the day of the first of `commitments` to reinforce it."""
    since: dict[str, dt.date] = {}
    for c in commitments:
        for behavior in c.reinforces.all():
            since[behavior.code] = min(since.get(behavior.code, c.made_on), c.made_on)
    return since


def _periods(first: dt.date, today: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """The days before and after `first` a signal compares, each from its first day up to (not) its
    last: SIGNAL_DAYS each side, none after today."""
    window, tomorrow = dt.timedelta(days=SIGNAL_DAYS), today + dt.timedelta(days=1)
    return (first - window, min(first, tomorrow)), (first, max(first, min(first + window, tomorrow)))


def _where(leader: Any) -> dict[str, list[str]]:
    """The leader's front line: their team (a coach) or their units (a manager)."""
    if leader.role in roles_with(Capability.LEAD_A_TEAM) and leader.team_id:
        return {"team_codes": [leader.team.code]}
    units = {u.code for u in leader.scope_units.all()} | ({leader.unit.code} if leader.unit_id else set())
    return {"unit_codes": sorted(units)}


def _signals(
    leader: Any, since: dict[str, dt.date], counts: PassCountsByPeriod, today: dt.date, titles: dict[str, str]
) -> list[FrontLineSignal]:
    if not since:
        return []
    where = _where(leader)
    signals = []
    for code, first in sorted(since.items()):
        (b0, b1), (a0, a1) = _periods(first, today)
        before, after = counts.between(code, b0, b1, **where), counts.between(code, a0, a1, **where)
        b, a = Share.of(before.shown, before.rated), Share.of(after.shown, after.rated)
        change = proportion_change(b.hits, b.n, a.hits, a.n) if b.n and a.n else None
        signals.append(FrontLineSignal(code, titles.get(code, code), first, b, a, change))
    return signals


def _row(
    leader: Any,
    commitments: list[LeaderCommitment],
    check_ins: dict[dt.date, LeaderCheckIn],
    months: tuple[dt.date, ...],
    today: dt.date,
    titles: dict[str, str],
    counts: PassCountsByPeriod,
) -> LeaderRow:
    due = [m for m in months if any(_is_open(c, m) for c in commitments)][-MONTHS:]
    held = [check_ins[m] for m in due if m in check_ins]
    on_time = sum(1 for c in held if c.held_on <= due_day(c.month))
    progress = [p for c in held for p in c.progress.all()]
    kept = sum(1 for p in progress if p.progress == ProgressMade.KEPT)
    verdict = "nothing due" if not due else "keeps follow-ups" if on_time == len(due) else "falls behind"
    is_manager = leader.role in roles_with(Capability.LEAD_A_UNIT)
    place = leader.unit if is_manager else leader.team or leader.unit
    return LeaderRow(
        code=leader.code,
        name=_name(leader),
        level="manager" if is_manager else "coach",
        where=place.name if place else "",
        months=tuple(due),
        open_commitments=sum(1 for c in commitments if c.closed_on is None),
        months_due=len(due),
        on_time=on_time,
        late=len(held) - on_time,
        missing=len(due) - len(held),
        kept=Share.of(kept, len(progress)),
        verdict=verdict,
        signals=tuple(_signals(leader, _since(commitments), counts, today, titles)),
    )


def follow_up_view(caller: Caller, today: dt.date | None = None) -> FollowUpView:
    """Who, below the caller, keeps their follow-ups: one row per leader, managers then coaches."""
    today = today or clock.today()
    months = months_due(today, LOOKBACK_MONTHS)
    leaders = leaders_below(caller)
    ids = [e.pk for e in leaders]
    commitments: dict[int, list[LeaderCommitment]] = defaultdict(list)
    for c in LeaderCommitment.objects.filter(leader_id__in=ids).prefetch_related("reinforces"):
        commitments[c.leader_id].append(c)
    check_ins: dict[int, dict[dt.date, LeaderCheckIn]] = defaultdict(dict)
    for ci in LeaderCheckIn.objects.filter(leader_id__in=ids, month__in=months).prefetch_related(
        Prefetch("progress", queryset=CommitmentProgress.objects.all())
    ):
        check_ins[ci.leader_id][ci.month] = ci
    titles = behavior_titles({b.code for cs in commitments.values() for c in cs for b in c.reinforces.all()})
    # Every leader's before and after periods, counted in one query.
    codes = {code for e in leaders for code in _since(commitments[e.pk])}
    boundaries = {
        day for e in leaders for f in _since(commitments[e.pk]).values() for p in _periods(f, today) for day in p
    }
    counts = behavior_pass_counts_by_period(caller, codes, boundaries)
    rows = [_row(e, commitments[e.pk], check_ins[e.pk], months, today, titles, counts) for e in leaders]
    levels = tuple(
        (label, tuple(r for r in rows if r.level == level))
        for label, level in (("Managers", "manager"), ("Coaches", "coach"))
        if any(r.level == level for r in rows)
    )
    return FollowUpView(months, levels)


@dataclass(frozen=True)
class NamedCommitment:
    """A commitment with its behaviors' titles (as worded for the leader's unit), for the page."""

    commitment: LeaderCommitment
    leadership_behavior: str
    reinforces: tuple[str, ...]


@dataclass(frozen=True)
class LeaderPage:
    """One leader's commitments and check-ins, for the leader and the level above."""

    code: str
    name: str
    commitments: tuple[LeaderCommitment, ...]
    check_ins: tuple[LeaderCheckIn, ...]
    open_this_month: tuple[LeaderCommitment, ...]
    month: dt.date
    checked_in_this_month: bool
    named_commitments: tuple[NamedCommitment, ...] = ()


def name_commitments(commitments: tuple[LeaderCommitment, ...], unit_code: str | None) -> tuple[NamedCommitment, ...]:
    """The commitments with their behaviors' titles as worded for `unit_code` (the leader's unit)."""
    codes = {c.leadership_behavior.code for c in commitments} | {
        b.code for c in commitments for b in c.reinforces.all()
    }
    titles = behavior_titles(codes, unit_code) if codes else {}
    return tuple(
        NamedCommitment(
            c,
            titles.get(c.leadership_behavior.code, c.leadership_behavior.code),
            tuple(titles.get(b.code, b.code) for b in c.reinforces.all()),
        )
        for c in commitments
    )


def leader_page(caller: Caller, leader_code: str, today: dt.date | None = None) -> LeaderPage | None:
    """The leader's follow-up record, if the caller is the leader or follows them (else None)."""
    today = today or clock.today()
    leader = visible_employees(caller).filter(code=leader_code).first()
    if leader is None:
        return None
    if leader.code != caller.employee_code and leader.pk not in {e.pk for e in leaders_below(caller)}:
        return None
    commitments = tuple(
        LeaderCommitment.objects.filter(leader=leader)
        .select_related("leadership_behavior")
        .prefetch_related("reinforces")
        .order_by("-made_on", "-pk")
    )
    check_ins = tuple(
        LeaderCheckIn.objects.filter(leader=leader)
        .select_related("recorded_by__user")
        .prefetch_related("progress__commitment")
        .order_by("-month")
    )
    month = today.replace(day=1)
    return LeaderPage(
        code=leader.code,
        name=_name(leader),
        commitments=commitments,
        check_ins=check_ins,
        open_this_month=tuple(c for c in reversed(commitments) if _is_open(c, month)),
        month=month,
        checked_in_this_month=any(c.month == month for c in check_ins),
        named_commitments=name_commitments(commitments, leader.unit.code if leader.unit else None),
    )
