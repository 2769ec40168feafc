"""Boosters: assigned by their rule after repeated misses (once, however often the rules run) and
after a flagged credential; assigned by a coach in their units only; done by the representative;
shown in their training; "did it help?" pooled by booster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import selectors, services
from heartline.learning.models import BoosterAssignment
from heartline.quality.contracts import BehaviorOutcome
from tests.learning.test_booster_rules import outcome

if TYPE_CHECKING:
    from django.test import Client

    from tests.support.personas import Personas

TODAY = dt.date(2026, 4, 1)
Source = Callable[[Sequence[str] | None], list[BehaviorOutcome]]


def fake(outcomes: Sequence[BehaviorOutcome]) -> Source:
    def source(codes: Sequence[str] | None) -> list[BehaviorOutcome]:
        return [o for o in outcomes if codes is None or o.agent_code in codes]

    return source


@pytest.fixture
def catalog(personas: Personas) -> None:
    from tests.quality.world import build_behaviors

    build_behaviors()
    services.define_booster(
        OPERATOR, services.BoosterPlan("boost-listen", "Let them finish", "listen-fully", "Listen to three calls.")
    )
    services.define_booster(
        OPERATOR, services.BoosterPlan("boost-own", "Consult, don't transfer", "own-the-outcome", "Two examples.")
    )


MISSES = [outcome(1, 0, False), outcome(2, 1, True), outcome(3, 2, False)]


def test_repeated_misses_assign_the_booster_with_a_due_date_and_the_audits_behind_it(catalog: None) -> None:
    run = services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(MISSES))
    assignment = BoosterAssignment.objects.get(pk__in=run.assignment_ids)
    assert (assignment.booster.code, assignment.employee.code, assignment.reason) == (
        "boost-listen",
        "e-agent",
        "audits",
    )
    assert assignment.evidence_audit_ids == [1, 3]
    assert assignment.due_on == TODAY + dt.timedelta(days=14)


def test_running_the_rules_again_adds_nothing(catalog: None) -> None:
    services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(MISSES))
    again = services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(MISSES))
    assert again.assigned == {}
    assert BoosterAssignment.objects.count() == 1


def test_after_it_is_done_only_new_misses_assign_it_again(catalog: None, personas: Personas) -> None:
    first = services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(MISSES))
    services.complete_booster(caller_for(personas.agent.user), first.assignment_ids[0], completed_on=TODAY)
    assert services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(MISSES)).assigned == {}
    later = [*MISSES, outcome(8, 40, False), outcome(9, 41, False)]
    rerun = services.assign_boosters(OPERATOR, today=TODAY + dt.timedelta(days=45), outcome_source=fake(later))
    assert rerun.assigned == {"audits": 1}


def test_a_flagged_credential_assigns_the_booster_of_the_behavior_most_missed_behind_it(
    catalog: None, personas: Personas
) -> None:
    from heartline.learning.models import Credential, CredentialEvent, CredentialType

    kind = CredentialType.objects.create(code="call-quality", name="Call Quality", scorecard_code="cqa", threshold=85)
    credential = Credential.objects.create(credential_type=kind, employee=personas.agent, state="flagged")
    CredentialEvent.objects.create(
        credential=credential,
        from_state="granted",
        to_state="flagged",
        effective_on=TODAY,
        reason="2 months",
        audit_ids=[5, 6],
    )
    # One miss in three is below the audits' rule; the flag's audits point to owning the outcome.
    own = "own-the-outcome"
    history = [outcome(5, 0, False, own), outcome(6, 30, True, own), outcome(6, 30, True), outcome(7, 31, True, own)]
    run = services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(history))
    assert run.assigned == {"credential": 1}
    assert BoosterAssignment.objects.get(pk=run.assignment_ids[0]).booster.code == "boost-own"
    assert services.assign_boosters(OPERATOR, today=TODAY, outcome_source=fake(history)).assigned == {}


def test_a_coach_assigns_a_booster_in_their_unit_and_a_manager_elsewhere_may_not(
    catalog: None, personas: Personas
) -> None:
    made = services.assign_booster(caller_for(personas.coach.user), "boost-listen", "e-agent")
    assert (made.reason, made.assigned_by) == ("coach", "coach")
    with pytest.raises(services.NotAllowed):
        services.assign_booster(caller_for(personas.manager.user), "boost-own", "e-agent")


def test_only_the_representative_or_their_trainers_record_it_done(catalog: None, personas: Personas) -> None:
    from heartline.core.models import Employee
    from tests.quality.world import add_second_agent

    add_second_agent(personas)
    made = services.assign_booster(caller_for(personas.coach.user), "boost-listen", "e-agent")
    with pytest.raises(services.NotAllowed):
        services.complete_booster(caller_for(Employee.objects.get(code="e-bo").user), made.pk)
    done = services.complete_booster(caller_for(personas.agent.user), made.pk)
    assert done.completed_on is not None


def test_the_representative_sees_the_booster_in_their_training_and_marks_it_done(
    catalog: None, personas: Personas, client_as: Callable[[str], Client]
) -> None:
    made = services.assign_booster(caller_for(personas.coach.user), "boost-listen", "e-agent")
    client = client_as("agent")
    page = client.get("/learning/").content.decode()
    assert 'data-booster="boost-listen"' in page
    assert "Let them finish" in client.get("/").content.decode()
    answer = client.post("/learning/boosters/complete/", {"assignment": made.pk}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "✓" in answer.content.decode()


def test_did_it_help_pools_before_and_after_by_booster(catalog: None, personas: Personas) -> None:
    first = services.assign_boosters(OPERATOR, today=dt.date(2026, 3, 4), outcome_source=fake(MISSES))
    services.complete_booster(OPERATOR, first.assignment_ids[0], completed_on=dt.date(2026, 3, 5))
    history = [*MISSES, outcome(4, 10, True), outcome(5, 11, True)]
    impacts = {i.booster.code: i for i in selectors.booster_impacts(caller_for(personas.coach.user), fake(history))}
    effect = impacts["boost-listen"].effect
    assert (impacts["boost-listen"].assigned, impacts["boost-listen"].completed) == (1, 1)
    assert (effect.before_shown, effect.before_n, effect.after_shown, effect.after_n) == (1, 3, 2, 2)
    assert effect.ci_low is not None
    assert effect.ci_low < effect.difference < effect.ci_high  # type: ignore[operator]


def test_the_api_runs_the_rules_for_a_coach_and_refuses_a_representative(
    catalog: None, client_as: Callable[[str], Client]
) -> None:
    assert client_as("agent").post("/api/v1/learning/booster-assignments/run").status_code == 403
    answer = client_as("coach").post("/api/v1/learning/booster-assignments/run")
    assert answer.status_code == 200
    assert answer.json()["agents"] == 1
