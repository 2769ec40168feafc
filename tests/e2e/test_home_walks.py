"""Every demo persona signs in and lands on a page of their own that answers "how am I / my team
doing and what do I do next?"; the coach's team figure and the trainer's credential pipeline are the
API's for the same person. With `--home-screenshots=DIR` (`make screenshot`) each home page is saved
at 1280 px and at a phone's width."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from heartline.core.figures import figure_value
from heartline.core.services import create_api_token
from heartline.demo.org import PERSONAS
from heartline.learning.models import CredentialState
from tests.core.test_home_pages_demo import MARK  # what each persona's home is recognised by
from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)


def api(plan: Plan, username: str, path: str, **params: str) -> Any:
    url = f"{plan.url}/api/v1/{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    token = create_api_token(username, label="e2e walk")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.load(response)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/"))


def test_every_persona_lands_on_a_home_of_their_own(page: Page, served_plan: Plan, pytestconfig: pytest.Config) -> None:
    chosen = pytestconfig.getoption("home_screenshots")
    folder = Path(chosen) if chosen else None
    assert set(MARK) == set(PERSONAS)
    for username in PERSONAS:
        page.set_viewport_size(DESKTOP)
        sign_in(page, served_plan, username)
        expect(page.get_by_test_id(MARK[username])).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"home-{username}.png"), full_page=True)
            page.set_viewport_size(PHONE)
            page.reload()
            expect(page.get_by_role("navigation", name="Main")).to_be_hidden()  # the menu starts closed
            page.screenshot(path=str(folder / f"home-{username}-phone.png"), full_page=True)
            page.set_viewport_size(DESKTOP)
        sign_out(page)


def test_the_coachs_team_figure_is_the_apis_for_the_same_team(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "coach")
    card = page.get_by_test_id("team-one-and-done")
    team = re.search(r"\(([a-z0-9-]+)\)", page.locator("main p.n").first.inner_text())
    through = re.search(r"the 90 days to (\w{3} \d+, \d{4})", card.inner_text())
    assert team
    assert through

    rows = api(served_plan, "coach", "metrics/one-and-done", team=team.group(1), **card_window(through.group(1)))[
        "rows"
    ]

    assert card.locator(".big").inner_text() == figure_value(rows[0], percent=True)


def test_the_trainers_credential_pipeline_is_the_apis(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "trainer")
    shown = {
        row.locator("td").first.inner_text(): int(row.locator("td").last.inner_text().replace(",", ""))
        for row in page.get_by_test_id("pipeline").locator("tbody tr").all()
    }

    states = Counter(CredentialState(c["state"]).label for c in api(served_plan, "trainer", "learning/credentials"))

    assert {name: n for name, n in shown.items() if n} == dict(states)


def test_the_representatives_own_figure_is_the_apis_for_their_contacts(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "agent")
    card = page.get_by_test_id("my-one-and-done")
    through = re.search(r"the 90 days to (\w{3} \d+, \d{4})", card.inner_text())
    assert through

    rows = api(served_plan, "agent", "metrics/one-and-done", **card_window(through.group(1)))["rows"]  # their own

    assert card.locator(".big").inner_text() == figure_value(rows[0], percent=True)
    assert f"n = {rows[0]['n']:,} contacts" in card.inner_text()


def test_the_managers_one_and_done_is_the_apis_for_their_units(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "manager")
    card = page.get_by_test_id("kpi-one-and-done")
    through = re.search(r"the 90 days to (\w{3} \d+, \d{4})", card.inner_text())
    assert through

    rows = api(served_plan, "manager", "metrics/one-and-done", **card_window(through.group(1)))["rows"]

    assert card.locator(".big").inner_text() == figure_value(rows[0], percent=True)
    assert f"n = {rows[0]['n']:,} contacts" in card.inner_text()


def test_the_qa_analysts_queue_total_is_the_apis(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "qa")
    shown = int(page.get_by_test_id("queue-total").locator(".big").inner_text().replace(",", ""))

    token = create_api_token("qa", label="e2e walk")
    request = urllib.request.Request(  # noqa: S310
        f"{served_plan.url}/api/v1/quality/queue?limit=1", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        total = int(response.headers["X-Total-Count"])

    assert shown == total


def card_window(through: str) -> dict[str, str]:
    last = dt.datetime.strptime(through, "%b %d, %Y").replace(tzinfo=dt.UTC).date()
    return {"from": (last - dt.timedelta(days=89)).isoformat(), "to": last.isoformat()}
