"""A manager walks the pages that run the most script — a chart page, One and Done, an HTMX search and
the API docs — under the Content-Security-Policy, and the browser reports no violation and no console
error, and the charts are drawn."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in
from tests.e2e.test_library import ask

# Runs in every page before its own scripts; the browser reports a blocked script or style as this event.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = e.sourceFile + ":" + e.lineNumber;
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + where);
});
"""

# Vega-Lite's own note on every container-wide chart whose height is counted in bands (alt.Step): it
# warns even under autosize "fit-x". A layout remark, not an error; anything else is kept.
VEGA_LITE_LAYOUT_NOTE = 'WARN Dropping "fit-y" because spec has discrete height.'


def violations(page: Page) -> list[str]:
    return [str(v) for v in page.evaluate("window.__violations")]


def test_the_pages_run_under_the_policy_without_a_violation(page: Page, served_plan: Plan) -> None:
    console: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") and message.text != VEGA_LITE_LAYOUT_NOTE:
            console.append(f"{message.type}: {message.text} ({message.location['url']})")

    page.on("console", keep)
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)
    seen: list[str] = []

    sign_in(page, served_plan, "manager")
    seen += violations(page)

    page.goto(f"{served_plan.url}/contacts/volume/")
    page.locator("#trend-chart svg, #trend-chart canvas").first.wait_for(timeout=30_000)
    seen += violations(page)

    page.goto(f"{served_plan.url}/contacts/one-and-done/")
    charts = page.locator(".chart")
    for i in range(charts.count()):
        charts.nth(i).locator("svg, canvas").first.wait_for(timeout=30_000)
    seen += violations(page)

    page.goto(f"{served_plan.url}/library/")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        ask(page, "member keeps getting transferred")
    seen += violations(page)

    page.goto(f"{served_plan.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Heartline API", timeout=30_000)
    seen += violations(page)

    assert seen == []
    assert console == []
