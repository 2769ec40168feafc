"""Training in the browser, on the small demo plan: a trainer reads wave progress; a new
representative earns the Call Quality credential after three passing audits (made through the
quality app's services, which queue the credential evaluation); the impact page shows the naive
gap and the difference-in-differences, each with its 95% CI."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyarrow as pa
import pytest
from playwright.sync_api import Page, expect

import heartline.demo.build  # noqa: F401 - first: the base demo steps register before the domains' steps
from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee, Role
from heartline.core.scoping import OPERATOR, caller_for
from heartline.demo import learning as demo_learning
from heartline.learning import services
from heartline.quality.models import ScorecardItem
from heartline.quality.scoring import SCALE_RATINGS
from heartline.quality.selectors import scored_audits
from heartline.quality.services.audits import AnswerInput, latest_version, save_answers, start_audit
from heartline.quality.services.scorecards import ItemDraft, SectionDraft, create_scorecard
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.e2e.conftest import Plan
from tests.e2e.test_dashboard import sign_in
from tests.support.personas import make_employee

pytestmark = pytest.mark.e2e
UNIT = "commercial-inbound"


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def call_quality_audit() -> None:
    """The demo's Call Quality Audit scorecard, or a small one when the demo has none yet."""
    try:
        latest_version(demo_learning.SCORECARD_CODE)
    except ValueError:
        items = [
            ItemDraft("verify", "Verifies identity before discussing PHI", "yes_no_na", None, 2, True),
            ItemDraft("listen", "Listens without interrupting", "one_to_five", None, 1, False),
            ItemDraft("own", "Resolves the need in this contact", "yes_no_na", None, 1, False),
        ]
        create_scorecard(
            OPERATOR,
            code=demo_learning.SCORECARD_CODE,
            name="Call Quality Audit",
            kind="audit",
            sections=[SectionDraft("Call", items)],
        )


def audit_contact(contact_id: str, *, best: bool) -> None:
    """The demo QA analyst audits a contact: every item at its best rating, or every item at its worst."""
    qa = caller_for(Employee.objects.get(user__username="qa").user)
    audit = start_audit(qa, contact_id=contact_id, scorecard_code=demo_learning.SCORECARD_CODE)
    items = ScorecardItem.objects.filter(version_id=audit.scorecard_version_id)
    answers = [AnswerInput(i.code, max(SCALE_RATINGS[i.scale]) if best else min(SCALE_RATINGS[i.scale])) for i in items]
    save_answers(qa, audit.pk, answers, complete=True)


def new_representative(plan: Plan, warehouse: Warehouse) -> Employee:
    """A representative who joins the first team of commercial inbound, is enrolled in its wave,
    has done the six HEART courses, and has taken three calls since."""
    coach = Employee.objects.get(user__username="coach")
    rep = make_employee(
        "newrep",
        Role.AGENT,
        coach.division,
        code="E-NEW",
        unit=coach.unit,
        team=coach.team,
        password=plan.password,
        first_name="Noor",
        last_name="Haddad",
    )
    start = demo_learning.wave_starts()[UNIT]
    services.schedule_wave(OPERATOR, demo_learning.PROGRAM_CODE, UNIT, start)  # enrolls the newcomer
    for course in demo_learning.REQUIRED_COURSES:
        services.record_completion(OPERATOR, "E-NEW", demo_learning.PROGRAM_CODE, course, dt.date(2026, 9, 1))
    calls = []
    for day in (8, 9, 10):
        started = dt.datetime(2026, 9, day, 14, 0, tzinfo=dt.UTC)
        calls.append(
            {
                "contact_id": f"e2e-{day}",
                "member_id": "NBH-E2E",
                "channel": "phone",
                "direction": "inbound",
                "queue": "ci-general",
                "unit": UNIT,
                "team": coach.team.code if coach.team else None,
                "agent_id": "E-NEW",
                "reason": "claims",
                "language": "en",
                "started_at": started,
                "answered_at": started + dt.timedelta(seconds=20),
                "ended_at": started + dt.timedelta(minutes=6),
                "talk_seconds": 330,
                "hold_seconds": 0,
                "wrap_seconds": 10,
                "abandoned": False,
                "route": "ci-general",
                "consult_count": 0,
                "case_id": None,
                "disposition": "resolved",
            }
        )
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist(calls, schema=CONTACTS.schema), source="e2e")
    return rep


def test_a_trainer_sees_the_progress_of_their_units_waves(page: Page, served_plan: Plan) -> None:
    sign_in(page, served_plan, "trainer")
    page.get_by_role("navigation").get_by_role("link", name="Training waves").click()

    waves = page.get_by_test_id("wave")
    expect(waves.first).to_be_visible()
    units = {waves.nth(i).get_attribute("data-unit") for i in range(waves.count())}
    assert units == {"commercial-inbound", "commercial-outbound", "membership-admin"}
    expect(page.get_by_test_id("wave-done").first).to_contain_text(re.compile(r"\d+% \([\d,]+ of [\d,]+\)"))
    page.get_by_role("button", name="people").first.click()
    expect(page.get_by_test_id("wave-people").first).to_be_visible()


@pytest.mark.usefixtures("immediate_tasks")
def test_a_representative_earns_the_credential_after_three_passing_audits(
    page: Page, served_plan: Plan, app_warehouse: Warehouse
) -> None:
    call_quality_audit()
    new_representative(served_plan, app_warehouse)
    sign_in(page, served_plan, "newrep")
    page.goto(f"{served_plan.url}/learning/")
    expect(page.get_by_test_id("credential-state")).to_have_text("In progress")

    audit_contact("e2e-8", best=True)
    audit_contact("e2e-9", best=True)
    page.reload()
    expect(page.get_by_test_id("credential-state")).to_have_text("In progress")

    audit_contact("e2e-10", best=True)
    page.reload()
    expect(page.get_by_test_id("credential-state")).to_have_text("Granted")
    expect(page.get_by_test_id("unread-count")).to_have_text("1 unread")
    expect(page.get_by_test_id("inbox")).to_contain_text("Your Call Quality credential: granted")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_test_id("unread-count")).to_have_text("0 unread")


def audit_the_demo_when_it_has_no_audits(warehouse: Warehouse) -> None:
    """Until the demo generates audits, the QA analyst audits 12 calls of each of 24 representatives
    of their units, spread over the 18 months: calls after an agent's training score best, most
    others worst, so there is something to estimate."""
    if scored_audits(scorecard_code=demo_learning.SCORECARD_CODE):
        return
    import duckdb

    files = [str(f) for f in warehouse.parquet_files(CONTACTS)]
    query = """
        select contact_id, agent_id, started_at from read_parquet($files)
        where unit in ('commercial-inbound', 'membership-admin') and agent_id is not null
          and direction = 'inbound' and not abandoned
        qualify row_number() over (partition by agent_id, date_trunc('month', started_at) order by contact_id) = 1
    """
    rows = duckdb.execute(query, {"files": files}).fetchall()
    starts = services_training_starts()
    chosen: dict[str, list[tuple[str, dt.datetime]]] = {}
    for contact_id, agent, started in sorted(rows, key=lambda r: (r[1], r[2])):
        chosen.setdefault(agent, []).append((contact_id, started))
    for n, (agent, calls) in enumerate(sorted(chosen.items())[:24]):
        for i, (contact_id, started) in enumerate(calls[::2][:12]):
            trained = agent in starts and started.date() >= starts[agent]
            audit_contact(contact_id, best=trained or (i + n) % 3 == 0)


def services_training_starts() -> dict[str, dt.date]:
    from heartline.learning.selectors import training_starts

    return training_starts(OPERATOR, demo_learning.PROGRAM_CODE)


def test_the_impact_page_shows_the_naive_gap_and_the_difference_in_differences(
    page: Page, served_plan: Plan, app_warehouse: Warehouse
) -> None:
    call_quality_audit()
    audit_the_demo_when_it_has_no_audits(app_warehouse)
    sign_in(page, served_plan, "trainer")
    page.get_by_role("navigation").get_by_role("link", name="Training impact").click()

    interval = re.compile(r"95% CI -?[\d.]+ to -?[\d.]+ ·\s+n = [\d,]+ audits of \d+ agents")
    expect(page.get_by_test_id("naive-gap")).to_contain_text(interval)
    expect(page.get_by_test_id("did")).to_contain_text(interval)
    expect(page.get_by_test_id("did")).to_contain_text("compared with themselves before and after")
    expect(page.get_by_test_id("group-trained")).to_contain_text(re.compile(r"n = [\d,]+ audits of \d+ agents"))
    expect(page.get_by_test_id("nps")).to_be_visible()
