"""The demo's reinforcement step: boosters assigned and done with audits after them (so "did it
help?" has figures), open boosters in the coach's team, recognitions counted by behavior, and
members' praise waiting for the coach."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.test import Client

import heartline.demo.build  # noqa: F401 - registers every demo step, in order
from heartline.core.analytics import warehouse_source
from heartline.core.models import Employee
from heartline.core.scoping import caller_for
from heartline.demo.steps import registered_steps
from heartline.learning import selectors, services
from tests.support.shared_demo import BuiltDemo

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper as Settings


def test_reinforcement_runs_after_the_credentials() -> None:
    names = [s.name for s in registered_steps()]
    assert names.index("credentials") < names.index("reinforcement")


@pytest.fixture
def coach(small_demo: BuiltDemo, db: None, settings: Settings) -> Iterator[Employee]:
    settings.WAREHOUSE_DIR = small_demo.warehouse.root  # the pages read the demo's surveys
    warehouse_source.cache_clear()
    yield Employee.objects.select_related("team").get(user__username="coach")
    warehouse_source.cache_clear()


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
