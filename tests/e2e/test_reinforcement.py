"""Recognition and boosters in the browser, on the small demo plan: the coach passes a member's
praise on and sees whom the boosters follow; a boosted representative finds the booster in their
training and marks it done."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from heartline.core.models import Employee
from heartline.learning.models import BoosterAssignment
from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

pytestmark = pytest.mark.e2e


def test_the_coach_passes_praise_on_and_a_boosted_rep_finds_the_booster(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "coach")
    expect(page.get_by_test_id("home-praise").first).to_be_visible()
    expect(page.get_by_test_id("home-boosted").first).to_be_visible()

    page.goto(f"{served_plan.url}/learning/recognition/")
    page.get_by_test_id("pass-on").first.click()
    expect(page.get_by_test_id("passed-on")).to_be_visible()
    expect(page.get_by_test_id("recognition").first).to_contain_text("A member wrote")

    coach = Employee.objects.get(user__username="coach")
    boosted = BoosterAssignment.objects.filter(employee__team=coach.team, completed_on__isnull=True).first()
    assert boosted is not None
    page.context.clear_cookies()  # sign out
    sign_in(page, served_plan, boosted.employee.user.username)
    page.goto(f"{served_plan.url}/learning/")
    row = page.locator(f'[data-testid="my-booster"][data-booster="{boosted.booster.code}"]')
    expect(row).to_contain_text(boosted.booster.title)
    row.get_by_role("button", name="Mark done").click()
    expect(row).to_contain_text("✓")
