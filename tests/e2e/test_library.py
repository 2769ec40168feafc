"""A representative of the demo plan asks the library a question in Chinese and in English, finds the
team-tested practice, marks it helpful and sees the count go up — then changes their answer."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Plan


def sign_in(page: Page, plan: Plan, username: str) -> None:
    page.goto(f"{plan.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(plan.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{plan.url}/")


def ask(page: Page, question: str) -> None:
    """Type into the library's search box the way a person does; results arrive as they type."""
    box = page.get_by_test_id("search-input")
    box.fill("")
    box.press_sequentially(question, delay=20)
    expect(page.get_by_test_id("result-count")).to_contain_text(question)


def test_a_representative_finds_the_practice_in_chinese_and_english_and_marks_it_helpful(
    page: Page, served_plan: Plan
) -> None:
    sign_in(page, served_plan, "agent")
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", name="Practice library")).to_be_visible()

    ask(page, "如何减少转接")
    first = page.get_by_test_id("results").locator("li").first
    expect(first).to_have_attribute("data-kind", "practice")
    expect(first).to_have_attribute("data-language", "zh")
    expect(first.locator("mark").first).to_have_text("转接")
    assert "q=%E5%A6%82%E4%BD%95" in page.url  # the search is in the address bar, shareable
    first.get_by_role("link").click()

    expect(page.get_by_test_id("article-title")).to_have_text("快速解决小组：会员不用转接")
    count = page.get_by_test_id("helpful-count")
    expect(count).to_have_text("58 of 64 people found this helpful")
    page.get_by_test_id("helpful-yes").click()
    expect(count).to_have_text("59 of 65 people found this helpful")
    expect(page.get_by_test_id("helpful-yes")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="← Library").click()
    ask(page, "member keeps getting transferred")
    first = page.get_by_test_id("results").locator("li").first
    expect(first).to_have_attribute("data-language", "en")
    expect(first.get_by_test_id("result-helpful")).to_have_text("59 of 65 people found this helpful")
    first.get_by_role("link").click()

    expect(page.get_by_test_id("article-title")).to_have_text("Rapid-resolution consults keep the member on the line")
    page.get_by_test_id("helpful-no").click()  # one answer per person: changing it moves the count back
    expect(page.get_by_test_id("helpful-count")).to_have_text("58 of 65 people found this helpful")
