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


def test_a_qa_analyst_publishes_a_scorecard_version_and_a_second_auditor_revises_a_dispute(
    page: Page, served_plan: Plan
) -> None:
    sign_in(page, served_plan, "qa")
    page.get_by_role("navigation").get_by_role("link", name="Scorecards").click()
    page.get_by_test_id("next-cqa").click()

    # Add an item tied to a behavior (chosen from the catalog) at the end of the first section.
    editor = page.get_by_test_id("draft-editor")
    page.get_by_test_id("section-0").locator("summary").click()
    adding = page.get_by_test_id("add-item-0")
    adding.get_by_label("Code").fill("recap-need")
    adding.get_by_label("Question").fill("Recaps the member's need before answering")
    adding.get_by_label("Behavior").select_option(index=1)
    adding.get_by_label("Scale").select_option("one_to_five")
    adding.get_by_label("Weight").fill("2")
    adding.get_by_role("button", name="Add item").click()
    expect(editor.get_by_test_id("draft-item-recap-need")).to_be_visible()
    # Giving it the code of another item is refused on the page, saying why; the draft keeps it.
    taken = str(editor.locator("[data-testid^='draft-item-']").first.get_attribute("data-testid"))
    taken = taken.removeprefix("draft-item-")
    page.get_by_test_id("draft-item-recap-need").get_by_label("Code").fill(taken)
    page.get_by_test_id("draft-item-recap-need").get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("draft-error")).to_contain_text(f"item code '{taken}' is already used")
    expect(page.get_by_test_id("draft-item-recap-need")).to_be_visible()
    page.get_by_test_id("publish").get_by_label("What changed in this version").fill("Recap item added")
    page.get_by_test_id("publish-button").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("v2")
    expect(page.get_by_test_id("item-recap-need")).to_contain_text("Recaps the member's need")

    # A dispute raised on someone else's audit: the QA analyst revises one rating as second auditor.
    page.get_by_role("navigation").get_by_role("link", name="Audit queue").click()
    page.get_by_test_id("disputes").locator("tbody tr a").first.click()
    panel = page.get_by_test_id("resolve-panel")
    first_item = panel.locator("[data-testid^='revise-']").first
    ratings = first_item.locator("input[type=radio]")
    checked = first_item.locator("input[type=radio]:checked").get_attribute("value")
    ratings.nth(1 if checked == ratings.first.get_attribute("value") else 0).check()
    panel.get_by_test_id("resolution").fill("Listened again: the first item was rated wrongly")
    panel.get_by_test_id("revise").click()

    expect(page.get_by_test_id("dispute")).to_contain_text("Score revised")
    expect(page.get_by_test_id("dispute")).to_contain_text("the first item was rated wrongly")
