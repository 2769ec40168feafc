"""The rules of boosters, as pure functions of audits' behavior outcomes (no database).

- **Assignment**: a booster tied to a behavior is due to a representative when, among their last
  `of_last_audits` audits that rated the behavior (human audits, and contacts judged by trusted
  auto-QA items no audit rated: `quality.selectors.outcomes_with_trusted_auto`), at least
  `misses_to_assign` found it not shown (default: missed in 2 of the last 3). Audits of contacts
  on or before the day their previous assignment of the same booster was completed are left out,
  so a booster is assigned again only for misses after it was done; while one is open, none is added.
- **Did it help?**: for each completed assignment, the representative's outcomes on the behavior
  (human and trusted auto-QA alike; `BoosterEffect.auto_n` says how many were auto) in the
  `WINDOW_DAYS` before the day it was assigned (*before*) and in the `WINDOW_DAYS` after the day it
  was done (*after*); pooled by booster, the pass rates and their difference (after − before) with
  Newcombe's hybrid score interval. The caveats: boosters follow misses, so part of any
  rise is regression to the mean; the interval treats before and after as independent samples,
  though the same people are in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from heartline.core import clock
from heartline.quality.contracts import BehaviorOutcome
from heartline.stats.proportion_difference import newcombe_difference

WINDOW_DAYS = 90


@dataclass(frozen=True)
class AssignmentRule:
    misses_to_assign: int = 2
    of_last_audits: int = 3

    def describe(self) -> str:
        return f"missed in at least {self.misses_to_assign} of the last {self.of_last_audits} audits rating it"


def misses_for_booster(
    outcomes: Sequence[BehaviorOutcome], rule: AssignmentRule, done_on: dt.date | None = None
) -> tuple[BehaviorOutcome, ...]:
    """The misses that call for the booster (empty when the rule does not fire), human or trusted auto.

    `outcomes`: one representative's outcomes on one behavior, oldest first; `done_on`: the day
    they last completed this booster (earlier audits no longer count)."""
    counted = [o for o in outcomes if done_on is None or clock.day_of(o.contact_started_at) > done_on]
    last = counted[-rule.of_last_audits :] if rule.of_last_audits else []
    missed = tuple(o for o in last if not o.shown)
    return missed if len(missed) >= rule.misses_to_assign else ()


def misses_calling_for_booster(
    outcomes: Sequence[BehaviorOutcome], rule: AssignmentRule, done_on: dt.date | None = None
) -> tuple[int, ...]:
    """The audit ids of the misses that call for the booster (0 for a trusted auto-QA miss)."""
    return tuple(o.audit_id for o in misses_for_booster(outcomes, rule, done_on))


def most_missed_behavior(outcomes: Iterable[BehaviorOutcome], audit_ids: Iterable[int]) -> list[str]:
    """Behaviors not shown in the audits `audit_ids` (those behind a flagged credential), most
    often missed first, ties by code."""
    wanted = set(audit_ids)
    counts: dict[str, int] = {}
    for o in outcomes:
        if o.audit_id in wanted and not o.shown:
            counts[o.behavior_code] = counts.get(o.behavior_code, 0) + 1
    return sorted(counts, key=lambda code: (-counts[code], code))


@dataclass(frozen=True)
class CompletedAssignment:
    agent_code: str
    behavior_code: str
    assigned_on: dt.date
    completed_on: dt.date


@dataclass(frozen=True)
class BoosterEffect:
    """Before and after pass rates on the booster's behavior, pooled over its completed assignments."""

    assignments: int  # completed assignments with at least one audit after
    before_shown: int
    before_n: int
    after_shown: int
    after_n: int
    difference: float | None  # after − before, in points of a proportion (0.1 = 10 points)
    ci_low: float | None
    ci_high: float | None
    auto_n: int = 0  # of before_n + after_n, outcomes from trusted auto-QA rather than human audits

    @property
    def before_rate(self) -> float | None:
        return self.before_shown / self.before_n if self.before_n else None

    @property
    def after_rate(self) -> float | None:
        return self.after_shown / self.after_n if self.after_n else None


def booster_effect(
    assignments: Sequence[CompletedAssignment], outcomes: Sequence[BehaviorOutcome], window_days: int = WINDOW_DAYS
) -> BoosterEffect:
    """Pool the before and after outcomes of each completed assignment (see the module's rules)."""
    window = dt.timedelta(days=window_days)
    by_person: dict[tuple[str, str], list[BehaviorOutcome]] = {}
    for o in outcomes:
        by_person.setdefault((o.agent_code, o.behavior_code), []).append(o)
    before_shown = before_n = after_shown = after_n = followed = auto_n = 0
    for a in assignments:
        mine = by_person.get((a.agent_code, a.behavior_code), [])
        days = [(clock.day_of(o.contact_started_at), o) for o in mine]
        before = [o for day, o in days if a.assigned_on - window <= day < a.assigned_on]
        after = [o for day, o in days if a.completed_on < day <= a.completed_on + window]
        if not after:
            continue
        followed += 1
        before_shown += sum(o.shown for o in before)
        before_n += len(before)
        after_shown += sum(o.shown for o in after)
        after_n += len(after)
        auto_n += sum(o.source == "auto" for o in [*before, *after])
    if before_n and after_n:
        d = newcombe_difference(after_shown, after_n, before_shown, before_n)
        return BoosterEffect(
            followed, before_shown, before_n, after_shown, after_n, d.difference, d.ci_low, d.ci_high, auto_n
        )
    return BoosterEffect(followed, before_shown, before_n, after_shown, after_n, None, None, None, auto_n)
