"""Each role's home page: what the person lands on, with their own figures, scoped to what they may see.

Contacts come from tests.support.contact_facts (commercial 11, medicare 7, January–March 2026, one
agent per unit), so a figure on a page can be checked against the metrics API for the same person.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core.figures import figure_value
from heartline.core.roles import Role
from heartline.warehouse.writer import BatchResult
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]


def block(html: str, testid: str) -> str:
    """The text of the element marked `data-testid=testid` up to the next card."""
    assert f'data-testid="{testid}"' in html, f"the page has no {testid}"
    return html.split(f'data-testid="{testid}"', 1)[1].split('class="card', 1)[0]


def big_figure(html: str, testid: str) -> str:
    found = re.search(r'<span class="big">([^<]*)</span>', block(html, testid))
    assert found, f"{testid} shows no figure"
    return found.group(1)


def api_rate(client: Client, metric: str, **params: str) -> str:
    rows = client.get(f"/api/v1/metrics/{metric}", params).json()["rows"]
    assert len(rows) == 1
    return figure_value(rows[0], percent=True)


def test_a_representative_lands_on_their_own_results_beside_their_team(
    client_as: ClientAs, contacts: BatchResult
) -> None:
    client = client_as("agent")
    html = client.get("/").content.decode()

    assert big_figure(html, "my-one-and-done") == api_rate(client, "one-and-done")
    for testid in ("my-quality", "my-learning", "my-coaching", "unit-feedback"):
        assert f'data-testid="{testid}"' in html


def test_the_team_figure_a_representative_sees_is_their_team_as_the_coach_sees_it(
    client_as: ClientAs, contacts: BatchResult
) -> None:
    agent_page = client_as("agent").get("/").content.decode()
    coach = client_as("coach")

    assert big_figure(agent_page, "team-one-and-done") == api_rate(coach, "one-and-done", team="commercial-a")
    assert "Medicare" not in agent_page


def test_a_coach_sees_their_team_beside_their_unit(client_as: ClientAs, contacts: BatchResult) -> None:
    client = client_as("coach")
    html = client.get("/").content.decode()

    assert big_figure(html, "team-one-and-done") == api_rate(client, "one-and-done", team="commercial-a")
    assert big_figure(html, "unit-one-and-done") == api_rate(client, "one-and-done", unit="commercial")
    for testid in ("follow-ups", "missed-behaviors", "credentials-at-risk"):
        assert f'data-testid="{testid}"' in html


def test_a_manager_sees_their_unit_and_no_other(client_as: ClientAs, contacts: BatchResult) -> None:
    client = client_as("manager")
    html = client.get("/").content.decode()

    assert big_figure(html, "kpi-one-and-done") == api_rate(client, "one-and-done")
    units = re.findall(r'<tr data-key="([^"]*)">', block(html, "units"))
    assert units == ["medicare"]
    assert "Commercial inbound" not in html


def test_an_executive_sees_every_unit_of_the_division_by_name(client_as: ClientAs, contacts: BatchResult) -> None:
    client = client_as("exec")
    html = client.get("/").content.decode()

    assert big_figure(html, "kpi-one-and-done") == api_rate(client, "one-and-done")
    assert big_figure(html, "kpi-handoff-rate") == api_rate(client, "handoff-rate")
    assert sorted(re.findall(r'<tr data-key="([^"]*)">', block(html, "units"))) == ["commercial", "medicare"]
    assert ("Commercial inbound" in html, "Medicare" in html) == (True, True)


def test_a_qa_analyst_sees_the_queue_disputes_and_calibration(client_as: ClientAs, contacts: BatchResult) -> None:
    html = client_as("qa").get("/").content.decode()

    assert big_figure(html, "queue-total") == "0"
    assert big_figure(html, "disputes-total") == "0"
    assert 'data-testid="next-calibration"' in html


def test_a_trainer_sees_waves_by_unit_and_the_credential_pipeline(
    client: Client, personas: Personas, contacts: BatchResult
) -> None:
    trainer = make_employee("trainer", Role.TRAINER, personas.org.division, unit=personas.org.commercial)
    client.force_login(trainer.user)

    html = client.get("/").content.decode()

    for testid in ("waves-running", "by-unit", "pipeline"):
        assert f'data-testid="{testid}"' in html
    assert "Flagged for re-credentialing" in html


@pytest.mark.parametrize(
    ("role", "shows", "hides"),
    [
        (Role.COMPLIANCE, ("decision-clocks", "member-search"), ()),
        (Role.CARE_MANAGER, ("member-search",), ("decision-clocks",)),
        (Role.CX_ANALYST, ("sections",), ("decision-clocks", "member-search")),
        (Role.WORKFORCE_PLANNER, ("sections",), ("decision-clocks", "member-search")),
    ],
)
def test_the_other_roles_see_their_sections(
    client: Client,
    personas: Personas,
    contacts: BatchResult,
    role: Role,
    shows: tuple[str, ...],
    hides: tuple[str, ...],
) -> None:
    person = make_employee(f"p-{role}", role, personas.org.division, unit=personas.org.commercial)
    client.force_login(person.user)

    html = client.get("/").content.decode()

    assert [f'data-testid="{t}"' in html for t in shows + hides] == [True] * len(shows) + [False] * len(hides)


def test_an_administrator_lands_on_their_sections(client_as: ClientAs, contacts: BatchResult) -> None:
    html = client_as("admin").get("/").content.decode()

    assert 'data-testid="sections"' in html
    assert 'href="/contacts/volume/"' in html


def test_contact_volume_stays_in_the_menu(client_as: ClientAs, contacts: BatchResult) -> None:
    for username in ("agent", "coach", "qa", "manager", "exec"):
        assert 'href="/contacts/volume/"' in client_as(username).get("/").content.decode()


def test_someone_who_may_see_nothing_is_told_why(
    client: Client, contacts: BatchResult, django_user_model: type
) -> None:
    client.force_login(django_user_model.objects.create_user(username="visitor", password="x"))

    html = client.get("/").content.decode()

    assert "Nothing to show you yet" in html


def test_a_representatives_header_names_their_unit_once(client_as: ClientAs, personas: Personas) -> None:
    client = client_as("agent")
    beside = re.search(r'data-testid="where">([^<]*)<', client.get("/").content.decode())
    team = personas.org.commercial_team
    team.name = "Commercial inbound — Harbor"  # as the demo names its teams: the unit's name and the site
    team.save()
    within = re.search(r'data-testid="where">([^<]*)<', client.get("/").content.decode())

    assert beside is not None
    assert within is not None
    assert (beside[1].strip(), within[1].strip()) == (
        "Commercial team A · Commercial inbound",
        "Commercial inbound — Harbor",
    )
