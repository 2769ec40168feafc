"""On the demo plan: a QA analyst audits a call from the queue, a coach holds a session from the
result, a calibration session shows alpha with its interval, and the agent sees their scores."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in

pytestmark = pytest.mark.e2e


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_an_audit_from_the_queue_to_coaching_to_the_agents_scores(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "qa")
    page.get_by_role("navigation").get_by_role("link", name="Audit queue").click()
    queue = page.get_by_test_id("queue")
    first = queue.locator("tbody tr").first
    contact_id = first.locator("td").first.inner_text()
    agent_name = first.locator("td").nth(1).inner_text()
    first.get_by_role("button", name="Audit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Audit of contact {contact_id}")
    expect(page.get_by_test_id("route").locator("li").first).to_be_visible()
    form = page.get_by_test_id("scorecard-form")
    for item in form.locator("[data-testid^='item-']").all():
        item.locator("input[type=radio]").first.check()  # Yes, or 1 on a 1-5 item
    page.get_by_test_id("item-one-and-done").get_by_label("No").check()
    page.get_by_test_id("item-one-and-done").locator("input[name^='evidence']").fill("Transferred at 3:40")
    form.get_by_role("button", name="Save draft and show score").click()
    expect(page.get_by_test_id("score-panel")).to_contain_text("from the items answered so far")
    page.get_by_test_id("complete").click()

    expect(page.get_by_test_id("audit-score")).to_have_text(re.compile(r"^\d+\.\d$"))
    audit_url = page.url
    sign_out(page)

    # A coach of the unit opens the audit and coaches from it; the form opens pre-filled with the
    # behaviors this audit found missing, and the audit ticked as discussed.
    sign_in(page, served_plan, "coach")
    page.goto(audit_url)
    page.get_by_test_id("coach-link").click()
    expect(page.locator("#coachee option:checked")).to_have_text(agent_name)
    prefill = page.get_by_test_id("prefill")
    expect(prefill.locator("input[name=focus][value='resolve-first-contact']")).to_be_checked()
    expect(prefill.locator("input[name=audits]:checked")).to_have_count(1)
    page.get_by_test_id("commitments").fill("Consult the rapid-resolution team before any transfer")
    page.get_by_test_id("save-session").click()
    expect(page.get_by_test_id("commitments")).to_contain_text("Consult the rapid-resolution team")


def missed_something(plan: Plan) -> str:
    """The first representative (in the coach's list) whose recent audits pre-fill the form."""
    from django.contrib.auth.models import User

    from heartline.coaching.selectors import coachees, prefill
    from heartline.core.scoping import caller_for

    coach = caller_for(User.objects.get(username="coach"))
    return next(
        code for code, _ in coachees(coach, "front_line") if prefill(coach, code, "front_line").focus_behavior_codes
    )


def test_a_coach_holds_a_session_from_an_audit_of_their_team(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "coach")
    page.get_by_role("navigation").get_by_role("link", name="Coaching").click()
    expect(page.get_by_test_id("follow-ups")).to_contain_text("overdue")
    page.get_by_role("link", name="New front-line session").click()
    # The demo's first representative may have missed nothing lately (a 4 of 5 counts as shown):
    # choose one whose recent audits did miss something, as the coach would.
    coachee = missed_something(served_plan)
    page.locator("#coachee").select_option(coachee)

    prefill = page.get_by_test_id("prefill")
    expect(prefill.locator("input[name=focus]:checked").first).to_be_visible()
    page.get_by_test_id("commitments").fill("Recap the need before answering")
    page.get_by_test_id("save-session").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Coaching:")
    expect(page.get_by_test_id("commitments")).to_have_text("Recap the need before answering")


def test_a_calibration_session_shows_alpha_with_its_interval(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "qa")
    page.get_by_role("navigation").get_by_role("link", name="Calibration").click()
    page.get_by_test_id("sessions").get_by_role("link").first.click()

    overall = page.get_by_test_id("overall-alpha")
    expect(overall).to_contain_text(re.compile(r"95% CI -?\d\.\d\d–\d\.\d\d · 8 contacts · \d+ auditors"))
    expect(page.get_by_test_id("item-alpha").locator("tbody tr")).to_have_count(9)
    expect(page.get_by_test_id("deviations").locator("tbody tr").first).to_be_visible()


def test_the_agent_sees_their_own_scores_and_trend(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "agent")
    page.get_by_role("navigation").get_by_role("link", name="Quality scores").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My quality scores")
    page.locator(".chart svg, .chart canvas").first.wait_for(timeout=15_000)
    audits = page.get_by_test_id("my-audits").locator("tbody tr")
    expect(audits.first).to_be_visible()
    page.get_by_role("combobox", name="View by").select_option("agent")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("scores-by").locator("tbody tr")).to_have_count(1)
