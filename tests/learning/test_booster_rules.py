"""The booster rules as pure functions: when a booster is called for, which behavior a flagged
credential points to, and the pooled before/after effect with Newcombe's interval."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.learning.booster_rules import (
    AssignmentRule,
    CompletedAssignment,
    booster_effect,
    misses_calling_for_booster,
    most_missed_behavior,
)
from heartline.quality.contracts import BehaviorOutcome
from heartline.stats.proportion_difference import newcombe_difference

RULE = AssignmentRule(misses_to_assign=2, of_last_audits=3)


def outcome(
    audit_id: int, day: int, shown: bool, behavior: str = "listen-fully", agent: str = "e-agent"
) -> BehaviorOutcome:
    started = dt.datetime(2026, 3, 1, 15, tzinfo=dt.UTC) + dt.timedelta(days=day)
    return BehaviorOutcome(audit_id, agent, behavior, f"c-{audit_id}", started, shown)


def test_two_misses_in_the_last_three_audits_call_for_the_booster() -> None:
    history = [outcome(1, 0, False), outcome(2, 1, True), outcome(3, 2, False), outcome(4, 3, False)]
    assert misses_calling_for_booster(history, RULE) == (3, 4)


def test_one_miss_in_the_last_three_does_not() -> None:
    history = [
        outcome(1, 0, False),
        outcome(2, 1, False),
        outcome(3, 2, True),
        outcome(4, 3, True),
        outcome(5, 4, False),
    ]
    assert misses_calling_for_booster(history, RULE) == ()


def test_audits_up_to_the_day_the_booster_was_done_no_longer_count() -> None:
    history = [outcome(1, 0, False), outcome(2, 1, False), outcome(3, 5, False)]
    assert misses_calling_for_booster(history, RULE, done_on=dt.date(2026, 3, 3)) == ()


def test_the_flag_points_to_the_behavior_most_missed_in_its_audits() -> None:
    history = [
        outcome(1, 0, False, "listen-fully"),
        outcome(1, 0, False, "own-the-outcome"),
        outcome(2, 1, False, "own-the-outcome"),
        outcome(3, 2, False, "own-the-outcome"),  # not one of the flag's audits
    ]
    assert most_missed_behavior(history, [1, 2]) == ["own-the-outcome", "listen-fully"]


def test_the_effect_pools_before_and_after_and_gives_newcombes_interval() -> None:
    done = [CompletedAssignment("e-agent", "listen-fully", dt.date(2026, 3, 10), dt.date(2026, 3, 12))]
    history = [
        outcome(1, 0, False),
        outcome(2, 3, True),
        outcome(3, 6, False),  # before: 1 of 3
        outcome(4, 10, True),  # between assigned and done: neither before nor after
        outcome(5, 15, True),
        outcome(6, 20, True),
        outcome(7, 25, False),  # after: 2 of 3
    ]
    effect = booster_effect(done, history)
    expected = newcombe_difference(2, 3, 1, 3)
    assert (effect.before_shown, effect.before_n, effect.after_shown, effect.after_n) == (1, 3, 2, 3)
    assert effect.difference == pytest.approx(1 / 3)
    assert (effect.ci_low, effect.ci_high) == (expected.ci_low, expected.ci_high)


def test_no_audit_after_gives_no_estimate() -> None:
    done = [CompletedAssignment("e-agent", "listen-fully", dt.date(2026, 3, 10), dt.date(2026, 3, 12))]
    effect = booster_effect(done, [outcome(1, 0, False)])
    assert effect.assignments == 0
    assert effect.difference is None
