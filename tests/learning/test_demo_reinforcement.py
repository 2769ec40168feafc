"""The demo's reinforcement step: boosters assigned and done with audits after them (so "did it
help?" has figures), open boosters in the coach's team, recognitions counted by behavior, and
members' praise waiting for the coach; and boosters assigned on misses that trusted auto-QA judged on
contacts no audit rated, with "did it help?" counting such contacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.test import Client

import heartline.demo.build  # noqa: F401 - registers every demo step, in order
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.models import Employee, Role
from heartline.core.scoping import caller_for
from heartline.demo.steps import registered_steps
from heartline.learning import selectors, services
from heartline.learning.models import BoosterAssignment
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.trust import MIN_CONTACTS, TRUSTED_ALPHA
from heartline.quality.selectors import outcomes_with_trusted_auto
from tests.support.shared_demo import BuiltDemo

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper as Settings


def test_reinforcement_runs_after_the_credentials_and_auto_qa() -> None:
    names = [s.name for s in registered_steps()]
    assert names.index("credentials") < names.index("reinforcement")
    assert names.index("auto-qa") < names.index("reinforcement")


@pytest.fixture
def demo_warehouse(
    small_demo: BuiltDemo, db: None, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The app reads the demo's warehouse (its surveys, and the contacts auto-QA outcomes are dated by)
    and the auto-QA model the demo trained (a later test in this process may save another one)."""
    settings.WAREHOUSE_DIR = small_demo.warehouse.root
    kept = small_demo.auto_qa_model
    assert kept is not None, "the demo build trained no auto-QA model"
    monkeypatch.setattr(auto_model, "default_path", lambda: kept)
    warehouse_source.cache_clear()
    yield
    warehouse_source.cache_clear()


@pytest.fixture
def coach(demo_warehouse: None) -> Employee:
    return Employee.objects.select_related("team").get(user__username="coach")


def test_the_coach_sees_whom_to_boost_and_praise_to_pass_on(coach: Employee) -> None:
    caller = caller_for(coach.user)
    team = [e.code for e in Employee.objects.filter(team=coach.team, role="agent")]
    assert selectors.open_boosters_by_person(caller, team)
    assert selectors.praise_to_pass_on(caller, team)


def test_did_it_help_has_before_and_after_figures_with_an_interval(coach: Employee) -> None:
    impacts = selectors.booster_impacts(caller_for(coach.user), services.boosters.quality_outcomes)
    measured = [i for i in impacts if i.effect.difference is not None]
    assert measured
    assert all(i.effect.ci_low <= i.effect.difference <= i.effect.ci_high for i in measured)  # type: ignore[operator]


def test_the_coach_pages_answer(coach: Employee, client: Client) -> None:
    client.force_login(coach.user)
    assert client.get("/learning/boosters/").status_code == 200
    assert client.get("/learning/recognition/").status_code == 200


@pytest.fixture
def boosted_on_auto_qa(demo_warehouse: None) -> list[BoosterAssignment]:
    """The demo's booster assignments whose evidence includes contacts judged by trusted auto-QA."""
    everyone = caller_for(Employee.objects.get(user__username="exec").user)
    return [a for a in selectors.booster_assignments(everyone) if a.evidence_contact_ids]


def test_the_auto_qa_items_boosters_follow_earned_trust_by_agreement_with_the_auditors(
    small_demo: BuiltDemo, db: None
) -> None:
    model = auto_model.load(small_demo.auto_qa_model)
    assert model is not None
    trusted = auto_model.trusted_items(model)
    assert trusted
    assert all(model.trust[i].alpha >= TRUSTED_ALPHA and model.trust[i].n >= MIN_CONTACTS for i in trusted)


def test_boosters_are_assigned_on_misses_trusted_auto_qa_judged_on_contacts_no_audit_rated(
    boosted_on_auto_qa: list[BoosterAssignment],
) -> None:
    assert boosted_on_auto_qa
    for assignment in boosted_on_auto_qa:
        behavior = assignment.booster.behavior_code
        judged = {
            o.contact_id: o
            for o in outcomes_with_trusted_auto([assignment.employee.code])
            if o.behavior_code == behavior and o.source == "auto"
        }
        evidence = [judged.get(c) for c in assignment.evidence_contact_ids]
        assert all(o is not None and not o.shown for o in evidence), (assignment.pk, assignment.evidence_contact_ids)
        assert all(clock.day_of(o.contact_started_at) <= assignment.assigned_on for o in evidence if o is not None)


def test_the_coach_sees_the_trusted_auto_qa_contacts_behind_a_booster(
    boosted_on_auto_qa: list[BoosterAssignment], client: Client
) -> None:
    assignment = next(a for a in boosted_on_auto_qa if a.completed_on is None)
    coach = Employee.objects.filter(role=Role.COACH, team=assignment.employee.team).select_related("user").first()
    assert coach is not None
    client.force_login(coach.user)
    page = client.get("/learning/boosters/").content.decode()
    n = len(assignment.evidence_contact_ids)
    rows = [
        row
        for row in page.split("<tr ")
        if f'data-employee="{assignment.employee.code}"' in row and assignment.booster.title in row
    ]
    assert len(rows) == 1
    assert f"{n} trusted auto-QA contact{'s' if n > 1 else ''})" in rows[0]


def test_did_it_help_counts_the_trusted_auto_qa_contacts_before_and_after(
    boosted_on_auto_qa: list[BoosterAssignment], client: Client
) -> None:
    executive = Employee.objects.get(user__username="exec")
    impacts = selectors.booster_impacts(caller_for(executive.user), services.boosters.quality_outcomes)
    assert any(i.effect.auto_n > 0 for i in impacts)
    client.force_login(executive.user)
    assert 'data-testid="auto-n"' in client.get("/learning/boosters/").content.decode()
