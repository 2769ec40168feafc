"""The workshop on the demo plan: a trainer opens it from the menu, reads the program's NPS with its
interval and n, sees a recommendation pointing to practices, and the illustrative benchmarks beside
our results with their caveats."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

pytestmark = pytest.mark.e2e


def test_a_trainer_opens_the_workshop_and_sees_a_recommendation(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "trainer")
    page.get_by_role("navigation").get_by_role("link", name="Workshop").click()
    page.wait_for_url(re.compile(r"/voice/workshop/"))
    expect(page.get_by_test_id("program-nps")).to_contain_text(re.compile(r"95% CI -?[\d.]+ to -?[\d.]+"))
    expect(page.get_by_test_id("program-nps")).to_contain_text(re.compile(r"n = [\d,]+ responses"))
    first = page.get_by_test_id("recommendation").first
    expect(first).to_contain_text("The largest gap with the highest weight is")
    expect(first.get_by_role("link").first).to_be_visible()
    expect(page.get_by_test_id("benchmarks")).to_contain_text("ILLUSTRATIVE")
    expect(page.get_by_test_id("caveats")).to_contain_text("No case-mix adjustment on our side")

    page.get_by_label("Program").select_option("all")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"program=all"))
    expect(page.get_by_role("heading", name="Workshop: All programs")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_be_hidden()
