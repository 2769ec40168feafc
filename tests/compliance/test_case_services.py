"""Working a regulated case: each step through its service, its refusals, its history, and the alerts."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest
from django.test import Client

from heartline.compliance import case_services
from heartline.compliance.alert_services import raise_clock_alerts
from heartline.compliance.case_selectors import case_file
from heartline.compliance.models import ClockAlert
from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR, caller_for
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(app_warehouse: Warehouse, personas: Personas) -> str:
    row = {
        "contact_id": "k-1",
        "member_id": "M-100",
        "unit": personas.org.commercial.code,
        "agent_id": personas.agent.code,
        "channel": "voice",
        "direction": "inbound",
        "started_at": clock.now() - dt.timedelta(days=2),
    }
    write_batch(app_warehouse, CONTACTS, pa.Table.from_pylist([row], schema=CONTACTS.schema))
    return "k-1"


def open_grievance(personas: Personas, contact: str, days_ago: float = 1, **kw: str) -> str:
    fields = {
        "line_of_business": "medicare_part_c",
        "category": "grievance",
        "priority": "standard",
        "request": "service",
    }
    fields.update(kw)
    step = case_services.open_case_from_contact(
        caller_for(personas.agent.user), contact, received_at=clock.now() - dt.timedelta(days=days_ago), **fields
    )
    return step.case_id


def test_an_agent_opens_a_case_from_a_contact_and_owns_it(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact)
    agent = caller_for(personas.agent.user)

    file = case_file(agent, case_id)

    assert (file.case.member_id, file.case.unit, file.case.owner_id) == ("M-100", "commercial", personas.agent.code)
    assert (file.case.rule, file.case.citation, file.case.status) == (
        "part_c.grievance.standard",
        "42 CFR 422.564(e)",
        "open",
    )
    assert [e.action for e in file.history] == ["opened"]
    assert file.history[0].actor == "agent"
    assert file.history[0].detail["contact_id"] == "k-1"
    assert file.next_steps == ("extend", "decide", "reassign")
    assert AccessLogEntry.objects.filter(action="compliance.case.opened", resource=f"case:{case_id}").count() == 1


def test_intake_refuses_a_bad_field_by_name(personas: Personas, contact: str) -> None:
    with pytest.raises(ActionRefused) as refused:
        open_grievance(personas, contact, line_of_business="medicare_part_x")
    assert str(refused.value) == (
        "line_of_business must be one of medicare_part_c, medicare_part_d, medicaid, commercial, not 'medicare_part_x'"
    )


def test_intake_needs_a_contact_the_caller_may_see(personas: Personas, contact: str) -> None:
    with pytest.raises(NotFound):
        case_services.open_case_from_contact(
            caller_for(personas.manager.user), contact, "medicare_part_c", "grievance", "standard", "service",
            clock.now(),
        )  # fmt: skip


def test_an_analyst_may_not_work_cases(personas: Personas, contact: str) -> None:
    with pytest.raises(NotAllowed) as refused:
        case_services.open_case_from_contact(
            caller_for(personas.qa_analyst.user), contact, "medicare_part_c", "grievance", "standard", "service",
            clock.now(),
        )  # fmt: skip
    assert str(refused.value) == "a qa_analyst may not open regulated cases"


def test_an_extension_moves_the_due_time_by_its_days_once(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact)
    agent = caller_for(personas.agent.user)
    before = case_file(agent, case_id).case.due_at
    assert before is not None

    case_services.extend_case(agent, case_id, 14, "Member is sending the pharmacy receipt")

    file = case_file(agent, case_id)
    assert clock.day_of(file.case.due_at) - clock.day_of(before) == dt.timedelta(days=14)  # type: ignore[arg-type]
    assert (file.case.extension_days, file.case.extension_reason) == (14, "Member is sending the pharmacy receipt")
    assert [e.action for e in file.history] == ["extended", "opened"]
    assert file.history[0].detail == {
        "citation": "42 CFR 422.564(e)",
        "days": 14,
        "reason": "Member is sending the pharmacy receipt",
    }
    with pytest.raises(ActionRefused) as refused:
        case_services.extend_case(agent, case_id, 1, "again")
    assert str(refused.value) == f"case {case_id} was already extended by 14 days; only once"


def test_an_extension_longer_than_the_rule_allows_is_refused_citing_it(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact)
    with pytest.raises(ActionRefused) as refused:
        case_services.extend_case(caller_for(personas.agent.user), case_id, 15, "More records")
    assert str(refused.value) == "an extension of 15 days is longer than 42 CFR 422.564(e) allows (14 days)"


def test_a_clock_without_extensions_is_not_extended(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact, line_of_business="medicare_part_d", category="appeal")
    with pytest.raises(ActionRefused) as refused:
        case_services.extend_case(caller_for(personas.agent.user), case_id, 3, "More records")
    assert str(refused.value) == "Part D standard redetermination cannot be extended (42 CFR 423.590(a)(1))"


def test_an_extension_needs_a_reason(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact)
    with pytest.raises(ActionRefused) as refused:
        case_services.extend_case(caller_for(personas.agent.user), case_id, 5, "  ")
    assert str(refused.value) == "reason is required: say why the extension is in the member's interest"


def test_decision_then_notification_closes_the_case_on_time(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact, days_ago=3)
    agent = caller_for(personas.agent.user)
    decided = clock.now() - dt.timedelta(days=1)

    with pytest.raises(ActionRefused) as early:
        case_services.record_notification(agent, case_id, clock.now())
    assert str(early.value) == f"case {case_id} has no decision yet: record the decision before the notification"
    case_services.record_decision(agent, case_id, "favorable", decided)
    with pytest.raises(ActionRefused) as before_decision:
        case_services.record_notification(agent, case_id, decided - dt.timedelta(hours=1))
    assert str(before_decision.value).startswith("notified_at ")
    assert str(before_decision.value).endswith(
        f"is before the decision was made ({decided.astimezone(dt.UTC).isoformat()})"
    )
    case_services.record_notification(agent, case_id, decided + dt.timedelta(hours=2))

    file = case_file(agent, case_id)
    assert (file.case.status, file.case.outcome) == ("on_time", "favorable")
    assert [e.action for e in file.history] == ["notified", "decided", "opened"]
    assert file.next_steps == ()
    with pytest.raises(ActionRefused) as closed:
        case_services.reassign_case(agent, case_id, personas.coach.code)
    assert str(closed.value) == f"case {case_id} is closed: the member was notified"


def test_a_decision_before_receipt_or_in_the_future_is_refused(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact, days_ago=1)
    agent = caller_for(personas.agent.user)
    with pytest.raises(ActionRefused) as before:
        case_services.record_decision(agent, case_id, "adverse", clock.now() - dt.timedelta(days=2))
    assert "is before the case was received" in str(before.value)
    with pytest.raises(ActionRefused) as later:
        case_services.record_decision(agent, case_id, "adverse", clock.now() + dt.timedelta(days=1))
    assert str(later.value).endswith("is in the future")
    with pytest.raises(ActionRefused) as outcome:
        case_services.record_decision(agent, case_id, "maybe", clock.now())
    assert str(outcome.value) == (
        "outcome must be one of favorable, adverse, partial, withdrawn, dismissed, not 'maybe'"
    )


def test_reassigning_writes_history_and_the_new_owner_sees_the_case(personas: Personas, contact: str) -> None:
    case_id = open_grievance(personas, contact)
    coach = caller_for(personas.coach.user)

    case_services.reassign_case(coach, case_id, personas.coach.code)

    file = case_file(coach, case_id)
    assert file.case.owner_id == personas.coach.code
    assert file.history[0].detail == {"from": personas.agent.code, "to": personas.coach.code}
    with pytest.raises(NotFound):  # the agent's scope is the cases they own
        case_file(caller_for(personas.agent.user), case_id)


def test_alerts_are_raised_once_per_case_and_threshold(personas: Personas, contact: str) -> None:
    at_risk = open_grievance(personas, contact, days_ago=25)  # 30-day clock: under a quarter left
    overdue = open_grievance(personas, contact, days_ago=40)
    open_grievance(personas, contact, days_ago=1)

    first = raise_clock_alerts(OPERATOR)
    again = raise_clock_alerts(OPERATOR)

    assert sorted((a["case_id"], a["threshold"]) for a in first.raised) == sorted(
        [(at_risk, "at_risk"), (overdue, "overdue")]
    )
    assert (again.raised, again.already_raised) == ([], 2)
    assert ClockAlert.objects.filter(owner_code=personas.agent.code).count() == 2


def test_the_alert_command_prints_json(personas: Personas, contact: str) -> None:
    from typer.testing import CliRunner

    from heartline.cli import app

    open_grievance(personas, contact, days_ago=40)
    result = CliRunner().invoke(app, ["compliance", "alerts", "--json"])
    assert result.exit_code == 0, result.output
    assert [a["threshold"] for a in json.loads(result.output)["raised"]] == ["overdue"]


def test_the_case_page_shows_clock_history_and_banner(personas: Personas, contact: str, client: Client) -> None:
    case_id = open_grievance(personas, contact, days_ago=40)
    raise_clock_alerts(OPERATOR)
    client.force_login(personas.agent.user)

    page = client.get(f"/compliance/cases/{case_id}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "42 CFR 422.564(e)" in html
    assert 'data-testid="clock-banner"' in html
    assert 'data-testid="clock-alert"' in html
    assert "1 step, newest first." in html


def test_a_refused_step_on_the_page_says_why(personas: Personas, contact: str, client: Client) -> None:
    case_id = open_grievance(personas, contact)
    client.force_login(personas.agent.user)

    page = client.post(f"/compliance/cases/{case_id}/extend/", {"days": "20", "reason": "records"})

    assert page.status_code == 400
    assert "an extension of 20 days is longer than 42 CFR 422.564(e) allows (14 days)" in page.content.decode()


def test_intake_on_the_page_opens_the_case_and_goes_to_it(personas: Personas, contact: str, client: Client) -> None:
    client.force_login(personas.agent.user)
    received = clock.now().astimezone(clock.organization_zone()) - dt.timedelta(hours=3)
    with_zone = received.isoformat(timespec="minutes")

    page = client.post(
        f"/compliance/from-contact/{contact}/",
        {"line_of_business": "medicare_part_c", "category": "grievance", "priority": "standard",
         "request": "service", "received_at": with_zone},
    )  # fmt: skip

    assert page.status_code == 302
    assert page["Location"].startswith("/compliance/cases/RC-")
    assert client.get(page["Location"]).status_code == 200
    detail = client.get(f"/contacts/c/{contact}/").content.decode()
    assert "Open a regulated case" in detail


def test_timeliness_by_line_category_and_month_says_n(personas: Personas, contact: str, client: Client) -> None:
    agent = caller_for(personas.agent.user)
    for _ in range(2):  # received the same moment: one month, whatever the hour the tests run at
        case_id = open_grievance(personas, contact, days_ago=3)
        case_services.record_decision(agent, case_id, "favorable", clock.now() - dt.timedelta(days=1))
        case_services.record_notification(agent, case_id, clock.now() - dt.timedelta(hours=1))
    client.force_login(personas.admin.user)

    html = client.get("/compliance/timeliness/").content.decode()

    assert "2 decided cases in all" in html
    assert 'medicare_part_c</td><td>grievance</td><td class="num">2</td>' in html


def test_the_api_returns_the_case_with_its_history(personas: Personas, contact: str, client: Client) -> None:
    case_id = open_grievance(personas, contact)
    client.force_login(personas.agent.user)

    answer = client.post(
        f"/api/v1/compliance/cases/{case_id}/extension",
        data={"days": 30, "reason": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == "an extension of 30 days is longer than 42 CFR 422.564(e) allows (14 days)"
    body = client.get(f"/api/v1/compliance/cases/{case_id}").json()
    assert (body["rule"], [h["action"] for h in body["history"]]) == ("part_c.grievance.standard", ["opened"])


def test_the_worker_task_raises_the_same_alerts_once(personas: Personas, contact: str) -> None:
    from heartline.compliance.tasks import alert_clocks_running_out

    overdue = open_grievance(personas, contact, days_ago=40)

    first = alert_clocks_running_out.call()
    again = alert_clocks_running_out.call()

    assert [(a["case_id"], a["threshold"]) for a in first["raised"]] == [(overdue, "overdue")]
    assert (again["raised"], again["already_raised"]) == ([], 1)


def test_the_worklist_links_cases_and_warns_their_owner(personas: Personas, contact: str, client: Client) -> None:
    admin = caller_for(personas.admin.user)
    step = case_services.open_case_from_contact(
        admin, contact, "medicare_part_c", "grievance", "standard", "service", clock.now() - dt.timedelta(days=40)
    )
    raise_clock_alerts(OPERATOR)
    client.force_login(personas.admin.user)

    html = client.get("/compliance/").content.decode()

    assert f'<a href="/compliance/cases/{step.case_id}/">{step.case_id}</a>' in html
    assert "Your cases: <strong>1 overdue</strong>, <strong>0 at risk</strong>" in html
    assert 'data-testid="clock-alerts"' in html
