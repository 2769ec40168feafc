"""The VP of the demo plan sees which leaders keep their follow-ups; a manager opens a practice and
sees where it spread and what changed in their unit."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Plan
from tests.e2e.test_library import sign_in


def test_the_vp_sees_which_leaders_keep_their_follow_ups(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "exec")
    page.get_by_role("navigation").get_by_role("link", name="Coaching").click()
    page.get_by_role("link", name="Leaders' follow-ups").click()

    expect(page.get_by_role("heading", name="Leaders' follow-ups")).to_be_visible()
    expect(page.get_by_test_id("leaders-managers")).to_be_visible()
    coaches = page.get_by_test_id("leaders-coaches")
    expect(coaches.locator("[data-verdict='keeps follow-ups']").first).to_be_visible()
    expect(coaches.locator("[data-verdict='falls behind']").first).to_be_visible()
    expect(coaches).to_contain_text(" of ")  # check-ins and commitments kept, each with its n

    coaches.locator("[data-verdict='falls behind'] a").first.click()
    expect(page.get_by_test_id("commitments")).to_be_visible()
    expect(page.get_by_test_id("check-ins").locator("tbody tr").first).to_be_visible()


def test_a_practice_shows_where_it_spread_and_what_changed(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "manager")
    page.goto(f"{served_plan.url}/library/spreading/")
    expect(page.get_by_test_id("unit-adopted")).to_contain_text("Rapid-resolution consults keep the member on the line")
    page.get_by_test_id("unit-adopted").get_by_role(
        "link", name="Rapid-resolution consults keep the member on the line"
    ).click()

    panel = page.get_by_test_id("adoption-panel")
    expect(panel.get_by_test_id("adoption-headline")).to_contain_text("Adopted by 4 of 7 units")
    expect(panel.get_by_test_id("adoption-row")).to_have_count(4)
    mine = panel.get_by_test_id("adoption-row").filter(has_text="Commercial inbound")
    # the manager's own unit: before and after, each with its interval and n ("77% (76%–79%), 1,998 of 2,587")
    share = r"\d+% \(\d+%–\d+%\), [\d,]+ of [\d,]+"
    expect(mine).to_contain_text(re.compile(f"{share}.*{share}"))
    expect(panel.get_by_test_id("adoption-row").filter(has_text="outside your units").first).to_be_visible()
    expect(panel.get_by_test_id("adoption-caveat")).to_contain_text("not a causal effect")
