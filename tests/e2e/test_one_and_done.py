"""A manager of the demo plan opens One and Done, reads the figure, drills into a reason and opens one
of its contacts; a link with filters opens with those filters chosen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from heartline.core.models import Unit
from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

pytestmark = pytest.mark.e2e


def count(cell: str) -> int:
    return int(cell.replace(",", ""))


def test_a_manager_drills_from_a_reason_to_one_contact(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "manager")
    page.get_by_role("navigation").get_by_role("link", name="One and Done").click()
    page.wait_for_url(f"{served_plan.url}/contacts/one-and-done/")

    expect(page.get_by_test_id("fcr-overall")).to_contain_text(re.compile(r"[\d,]+ of [\d,]+ contacts ·\s+95% CI"))
    units = page.get_by_test_id("by-group").locator("tbody tr td:first-child")
    names = Unit.objects.filter(code__in=served_plan.manager_units).values_list("name", flat=True)
    assert sorted(units.all_inner_texts()) == sorted(names)
    trend = page.locator("section", has=page.get_by_role("heading", name="Trend by month"))
    trend.locator(".chart svg, .chart canvas").first.wait_for(timeout=15_000)

    billing = page.get_by_test_id("by-reason").locator("tbody tr", has=page.get_by_role("link", name="billing"))
    n = count(billing.locator("td").last.inner_text())
    billing.get_by_role("link", name="billing").click()
    page.wait_for_url(re.compile(r"/contacts/list/\?reason=billing$"))

    total = page.get_by_test_id("list-total").inner_text()
    assert count(total.split(" ", 1)[0]) == n
    first = page.get_by_test_id("contacts").locator("tbody tr").first
    route = first.locator("td").nth(6).inner_text()
    contact_id = first.locator("td").nth(1).inner_text()
    first.get_by_role("link", name=contact_id).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {contact_id}")
    assert page.get_by_test_id("route").locator("li").all_inner_texts() == [q for q in route.split(">") if q]


def test_a_shared_link_opens_with_its_filters_chosen(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "manager")

    page.goto(f"{served_plan.url}/contacts/one-and-done/?reason=billing&view=team")

    expect(page.locator('select[name="reason"]')).to_have_value("billing")
    expect(page.locator('select[name="view"]')).to_have_value("team")
    expect(page.get_by_test_id("by-group").locator("thead th").first).to_have_text("Team")
    expect(page.get_by_test_id("fcr-overall")).to_have_attribute("href", "/contacts/list/?reason=billing")
