"""Boosters follow trusted auto-QA answers as well as human audits: auto misses count towards the
rule (their contacts kept as evidence), and the next results after a booster include them, counted."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import selectors, services
from heartline.learning.booster_rules import CompletedAssignment, booster_effect
from heartline.learning.models import BoosterAssignment
from heartline.quality.contracts import BehaviorOutcome
from tests.learning.test_booster_rules import outcome
from tests.learning.test_boosters import TODAY, catalog, fake  # noqa: F401 - the catalog fixture, used by name
from tests.support.personas import Personas


def auto(contact: int, day: int, shown: bool) -> BehaviorOutcome:
    return dataclasses.replace(outcome(0, day, shown), contact_id=f"auto-{contact}", source="auto")


@pytest.mark.usefixtures("catalog")
def test_a_human_miss_and_a_trusted_auto_miss_assign_the_booster() -> None:
    history = [outcome(1, 0, False), outcome(2, 1, True), auto(3, 2, False)]
    run = services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(history))
    assignment = BoosterAssignment.objects.get(pk__in=run.assignment_ids)
    assert (assignment.booster.code, assignment.evidence_audit_ids, assignment.evidence_contact_ids) == (
        "boost-listen",
        [1],
        ["auto-3"],
    )


@pytest.mark.usefixtures("catalog")
def test_auto_misses_alone_assign_it_too() -> None:
    history = [auto(1, 0, False), auto(2, 1, False)]
    run = services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(history))
    assert run.assigned == {"audits": 1}


def test_the_results_after_a_booster_count_auto_outcomes_and_say_how_many() -> None:
    done = [CompletedAssignment("e-agent", "listen-fully", dt.date(2026, 3, 10), dt.date(2026, 3, 12))]
    history = [outcome(1, 2, False), outcome(2, 5, False), auto(3, 15, True), outcome(4, 16, True), auto(5, 17, False)]
    effect = booster_effect(done, history)
    assert (effect.before_shown, effect.before_n, effect.after_shown, effect.after_n, effect.auto_n) == (0, 2, 2, 3, 2)


@pytest.mark.usefixtures("catalog")
def test_did_it_help_pools_auto_outcomes_after_a_completed_booster(personas: Personas) -> None:
    history = [outcome(1, 0, False), outcome(2, 1, False)]
    first = services.assign_boosters(OPERATOR, today=dt.date(2026, 3, 3), outcome_source=fake(history))
    agent, coach = caller_for(personas.agent.user), caller_for(personas.coach.user)
    services.complete_booster(agent, first.assignment_ids[0], completed_on=dt.date(2026, 3, 4))
    after = [*history, auto(3, 10, True), auto(4, 11, True)]
    impacts = {i.booster.code: i.effect for i in selectors.booster_impacts(coach, fake(after))}
    assert (impacts["boost-listen"].after_n, impacts["boost-listen"].auto_n) == (2, 2)
