"""Member voice on the demo plan: an agent reads their unit's results and proposes an idea, a manager
moves it, the agent sees it move; an analyst reads drivers and themes with their intervals and n."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

pytestmark = pytest.mark.e2e


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_agent_proposes_an_idea_and_sees_a_manager_move_it(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "agent")
    page.get_by_role("navigation").get_by_role("link", name="Member voice").click()
    page.wait_for_url(re.compile(r"/voice/results/[\w-]+/$"))
    expect(page.get_by_test_id("unit-nps")).to_contain_text(re.compile(r"95% CI -?[\d.]+ to -?[\d.]+"))
    expect(page.get_by_test_id("unit-nps")).to_contain_text(re.compile(r"n = [\d,]+ responses"))
    expect(page.get_by_test_id("division-nps")).to_contain_text("n = ")
    page.locator("#trend-chart svg, #trend-chart canvas").first.wait_for(timeout=15_000)

    page.get_by_label("Idea").fill("Read back the member's question before transferring")
    page.get_by_label("How it would work").fill("Cuts repeat explanations after a handoff.")
    page.get_by_label("Which one").select_option("transfers")
    page.get_by_role("button", name="Propose").click()
    page.wait_for_url(re.compile(r"/voice/ideas/IDEA-\d+/$"))
    idea_url = page.url
    expect(page.get_by_test_id("idea-status")).to_have_text("New")
    sign_out(page)

    sign_in(page, served_plan, "manager")
    page.goto(idea_url)
    page.get_by_test_id("move-review").get_by_label("Note (optional)").fill("Let's pilot it on team A")
    page.get_by_test_id("move-review").get_by_role("button", name="Under review").click()
    expect(page.get_by_test_id("idea-status")).to_have_text("Under review")
    sign_out(page)

    sign_in(page, served_plan, "agent")
    page.get_by_role("navigation").get_by_role("link", name="Ideas").click()
    page.get_by_role("link", name="Read back the member's question before transferring").click()
    expect(page.get_by_test_id("idea-status")).to_have_text("Under review")
    expect(page.get_by_test_id("history")).to_contain_text("Let's pilot it on team A")


def test_an_analyst_reads_drivers_and_themes_with_intervals_and_n(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "analyst")
    page.get_by_role("navigation").get_by_role("link", name="Voice analysis").click()
    page.wait_for_url(f"{served_plan.url}/voice/analysis/")
    drivers = page.get_by_test_id("drivers").first
    expect(drivers.locator("thead")).to_contain_text("95% CI")
    expect(drivers.locator("tbody tr").first).to_contain_text(re.compile(r"[\d.]+ – [\d.]+"))
    expect(page.get_by_text(re.compile(r"n = [\d,]+ complete responses")).first).to_be_visible()
    themes = page.get_by_test_id("themes")
    expect(themes.locator("thead")).to_contain_text("Verbatims (n)")
    expect(themes.locator("tbody tr").first).to_contain_text(re.compile(r"\d+% \(\d+–\d+%\)"))
