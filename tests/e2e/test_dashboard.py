"""A manager of the demo plan signs in to their home page, reads contact volume, and gets the same
figures from the API with a personal token; the pages and the API all stop at the manager's units.
Each persona lands on a home page of their own."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from heartline.core.figures import figure_value
from heartline.core.services import create_api_token
from tests.e2e.conftest import Plan


def sign_in(page: Page, plan: Plan, username: str) -> None:
    page.goto(f"{plan.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(plan.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{plan.url}/")


def table_counts(page: Page, test_id: str) -> dict[str, int]:
    """`data-key` → count of a dashboard table's rows (the count is the last cell)."""
    rows = page.get_by_test_id(test_id).locator("tbody tr")
    return {
        str(row.get_attribute("data-key")): int(row.locator("td").last.inner_text().replace(",", ""))
        for row in rows.all()
    }


def api_counts(plan: Plan, token: str, by: str) -> dict[str, int]:
    url = f"{plan.url}/api/v1/metrics/contact-volume?by={by}"  # http://localhost:…, the live server
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body = json.load(response)
    return {str(row[by]): int(row["n"]) for row in body["rows"]}


def test_manager_dashboard_matches_the_api_and_shows_only_their_unit(
    page: Page, served_plan: Plan, dashboard_screenshot_path: Path
) -> None:
    sign_in(page, served_plan, "manager")
    expect(page.get_by_test_id("who")).to_contain_text("manager")
    page.get_by_role("link", name="Contact volume").click()
    page.locator("#trend-chart svg, #trend-chart canvas").first.wait_for(timeout=30_000)
    page.screenshot(path=str(dashboard_screenshot_path), full_page=True)

    total = int(page.get_by_test_id("total-contacts").inner_text().replace(",", ""))
    by_unit = table_counts(page, "by-unit")
    by_channel = table_counts(page, "by-channel")
    token = create_api_token("manager", label="e2e")

    assert by_channel == api_counts(served_plan, token, "channel")
    assert by_unit == api_counts(served_plan, token, "unit")
    assert sum(by_channel.values()) == sum(by_unit.values()) == total
    assert set(by_unit) == served_plan.manager_units
    assert served_plan.manager_units < served_plan.all_units


def test_wrong_password_keeps_the_person_on_the_sign_in_page(page: Page, served_plan: Plan) -> None:
    page.goto(f"{served_plan.url}/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("do not match")
    assert page.url.startswith(f"{served_plan.url}/login/")


def api_rate(plan: Plan, token: str, metric: str, start: str, end: str) -> dict[str, object]:
    url = f"{plan.url}/api/v1/metrics/{metric}?from={start}&to={end}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        rows = json.load(response)["rows"]
    assert len(rows) == 1
    return dict(rows[0])


@pytest.mark.parametrize(("username", "testid"), [("manager", "kpi-one-and-done"), ("agent", "my-one-and-done")])
def test_a_persona_lands_on_their_home_and_its_one_and_done_is_the_apis(
    page: Page, served_plan: Plan, username: str, testid: str
) -> None:
    sign_in(page, served_plan, username)
    card = page.get_by_test_id(testid)
    shown = card.locator(".big").inner_text()
    through = re.search(r"the 90 days to (\w{3} \d+, \d{4})", card.inner_text())
    assert through
    last = dt.datetime.strptime(through.group(1), "%b %d, %Y").replace(tzinfo=dt.UTC).date()

    row = api_rate(
        served_plan,
        create_api_token(username, label="e2e"),
        "one-and-done",
        (last - dt.timedelta(days=89)).isoformat(),
        last.isoformat(),
    )

    assert shown == figure_value(row, percent=True)
