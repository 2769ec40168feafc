"""Closing the loop on the demo plan: a supervisor opens the unit's queue of members to call back,
records an outcome from it, and sees the loop's figures change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

pytestmark = pytest.mark.e2e


def test_a_supervisor_calls_back_a_detractor_and_sees_the_figures_move(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "manager")
    page.get_by_role("navigation").get_by_role("link", name="Follow-ups").click()
    page.wait_for_url(re.compile(r"/voice/follow-ups/unit/[\w-]+/$"))
    queue_url = page.url
    open_count = int(page.get_by_test_id("open-count").inner_text())
    assert open_count > 0, "the demo leaves some follow-ups open"
    expect(page.get_by_test_id("overdue-count")).to_have_text(re.compile(r"\d+"))

    page.get_by_role("link", name="The loop's figures").click()
    expect(page.get_by_test_id("in-time")).to_contain_text(re.compile(r"95% CI \d+–\d+%"))
    expect(page.get_by_test_id("in-time")).to_contain_text(re.compile(r"of n = \d+ settled"))
    expect(page.get_by_test_id("next-score")).to_contain_text("members called back answered a survey again")
    resolved = int(page.get_by_test_id("outcome-resolved").inner_text())

    page.goto(queue_url)
    row = page.get_by_test_id("open-follow-ups").locator("tbody tr").first
    row.get_by_label("Outcome").select_option("resolved")
    row.get_by_label("Note").fill("Called back; the claim is reprocessed.")
    row.get_by_role("button", name="Record").click()
    expect(page.get_by_test_id("open-count")).to_have_text(str(open_count - 1))
    expect(page.get_by_test_id("closed-follow-ups")).to_contain_text("Resolved")

    page.get_by_role("link", name="The loop's figures").click()
    expect(page.get_by_test_id("outcome-resolved")).to_have_text(str(resolved + 1))
