"""The unit's results page shows its recognitions counted by behavior, with n, and never singles out
a person: a behavior recognised in fewer than three people is withheld."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from heartline.core.scoping import caller_for
from heartline.learning import services

if TYPE_CHECKING:
    from tests.support.personas import Personas


@pytest.fixture
def recognised(personas: Personas) -> Personas:
    from heartline.core.models import Role
    from tests.quality.world import add_second_agent, build_behaviors
    from tests.support.personas import make_employee

    add_second_agent(personas)
    build_behaviors()
    org = personas.org
    make_employee("cy", Role.AGENT, org.division, unit=org.commercial, team=org.commercial_team)
    coach = caller_for(personas.coach.user)
    for code in ("e-agent", "e-bo", "e-cy"):
        services.give_recognition(coach, code, "listen-fully", "Listened well.")
    services.give_recognition(coach, "e-agent", "own-the-outcome", "Owned it.")
    services.give_recognition(coach, "e-agent", "own-the-outcome", "Owned it again.")
    return personas


def test_the_results_page_counts_recognition_by_behavior_with_n(recognised: Personas, client_as) -> None:
    page = client_as("agent").get("/voice/results/commercial/").content.decode()
    assert 'data-testid="unit-recognition"' in page
    assert "(n = 5)" in page
    listen = page.split('data-behavior="listen-fully"')[1].split("</tr>")[0]
    assert '<td class="num">3</td><td class="num">3</td>' in listen


def test_a_behavior_recognised_in_fewer_than_three_people_is_withheld(recognised: Personas, client_as) -> None:
    page = client_as("agent").get("/voice/results/commercial/").content.decode()
    owned = page.split('data-behavior="own-the-outcome"')[1].split("</tr>")[0]
    assert "fewer than 3 people" in owned
    assert '<td class="num">2</td>' not in owned
    assert "e-agent" not in page.split('data-testid="unit-recognition"')[1]  # no person named
