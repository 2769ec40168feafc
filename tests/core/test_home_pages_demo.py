"""Each demo persona's home page on the shared small demo: it answers, shows the persona's own
figures (as the API gives them to the same person), and no unit outside what they may see."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from heartline.core.analytics import warehouse_source
from heartline.core.figures import figure_value
from heartline.core.scoping import caller_for
from heartline.core.selectors import unit_names
from heartline.demo.org import PERSONAS
from tests.support.shared_demo import BuiltDemo

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db

# The part of the page each persona's home is recognised by.
MARK = {
    "agent": "my-one-and-done",
    "coach": "follow-ups",
    "qa": "queue-total",
    "trainer": "pipeline",
    "manager": "kpi-one-and-done",
    "exec": "kpi-nps",
    "compliance": "decision-clocks",
    "care": "member-search",
    "analyst": "sections",
    "planner": "sections",
    "admin": "sections",
}


@pytest.fixture
def demo_app(small_demo: BuiltDemo, settings: Settings) -> Iterator[BuiltDemo]:
    settings.WAREHOUSE_DIR = small_demo.warehouse.root
    warehouse_source.cache_clear()
    yield small_demo
    warehouse_source.cache_clear()


def signed_in(client: Client, username: str) -> Client:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def big_figure(html: str, testid: str) -> str:
    part = html.split(f'data-testid="{testid}"', 1)[1]
    found = re.search(r'<span class="big">([^<]*)</span>', part)
    assert found, f"{testid} shows no figure"
    return found.group(1)


def test_every_persona_has_a_mark_on_its_home() -> None:
    assert set(MARK) == set(PERSONAS)


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_each_persona_lands_on_their_own_page(demo_app: BuiltDemo, client: Client, username: str) -> None:
    response = signed_in(client, username).get("/")

    assert response.status_code == 200
    assert f'data-testid="{MARK[username]}"' in response.content.decode()


@pytest.mark.parametrize("username", ["agent", "coach", "manager"])
def test_no_home_names_a_unit_the_persona_may_not_see(demo_app: BuiltDemo, client: Client, username: str) -> None:
    from django.contrib.auth import get_user_model

    from heartline.core.scoping import OPERATOR

    caller = caller_for(get_user_model().objects.get(username=username))
    hidden = set(unit_names(OPERATOR).values()) - set(unit_names(caller).values())
    html = signed_in(client, username).get("/").content.decode()

    assert hidden
    assert [name for name in hidden if name in html] == []


@pytest.mark.parametrize(("username", "testid"), [("agent", "my-one-and-done"), ("exec", "kpi-one-and-done")])
def test_the_one_and_done_on_the_home_is_the_apis_for_the_same_person(
    demo_app: BuiltDemo, client: Client, username: str, testid: str
) -> None:
    client = signed_in(client, username)
    html = client.get("/").content.decode()
    through = re.search(r"the 90 days to (\w{3} \d+, \d{4})", html.split(f'data-testid="{testid}"', 1)[1])
    assert through
    last = dt.datetime.strptime(through.group(1), "%b %d, %Y").replace(tzinfo=dt.UTC).date()
    params = {"from": (last - dt.timedelta(days=89)).isoformat(), "to": last.isoformat()}
    rows = client.get("/api/v1/metrics/one-and-done", params).json()["rows"]

    assert big_figure(html, testid) == figure_value(rows[0], percent=True)


def test_the_coach_sees_each_team_members_misses_as_the_coaching_form_counts_them(
    demo_app: BuiltDemo, client: Client
) -> None:
    from django.contrib.auth import get_user_model

    from heartline.core.home.coach import RECENT_AUDIT_DAYS
    from heartline.core.selectors import own_record, team_members
    from heartline.quality.selectors.coaching_inputs import latest_audit_moment, missed_behaviors, missed_by_agent

    caller = caller_for(get_user_model().objects.get(username="coach"))
    team = own_record(caller).team  # type: ignore[union-attr]
    codes = [m.code for m in team_members(caller, team.code)]
    latest = latest_audit_moment(caller, codes)
    assert latest is not None
    since = latest - dt.timedelta(days=RECENT_AUDIT_DAYS)

    together = missed_by_agent(caller, codes, since=since)

    assert together
    assert together == {c: missed_behaviors(caller, [c], since=since) for c in codes if c in together}


def test_the_member_quotes_on_a_representatives_home_are_access_logged(demo_app: BuiltDemo, client: Client) -> None:
    from heartline.core.scoping import OPERATOR
    from heartline.core.selectors import recent_access

    html = signed_in(client, "agent").get("/").content.decode()

    logged = [e for e in recent_access(OPERATOR) if e.action == "home.voice" and e.username == "agent"]
    assert "“" in html.split('data-testid="unit-feedback"', 1)[1]
    assert len(logged) == 1
