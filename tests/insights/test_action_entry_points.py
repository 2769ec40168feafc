"""`heartline insights next-best-actions`, the API and the member view's section: the contract's
shape, scoping, the access log, and the representative's outcome feeding the next proposal.

The member (tests.members.factories.full_history) had a claim denied 5 days ago and called about
billing since; the questions are asked at noon in the organization's zone, inside 08:00-21:00."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.core import clock
from heartline.core.models import AccessLogEntry
from heartline.insights.models import ActionOutcome
from heartline.members.models import Member

pytestmark = pytest.mark.django_db

DENIAL_REASON = "denied claim CLM-DENIED 5 days ago (Precertification absent)"


def noon() -> str:
    return (clock.start_of_day(clock.today()) + dt.timedelta(hours=12)).isoformat()


@pytest.fixture
def at_noon() -> object:
    """Pages ask at "now": hold the clock at noon of the tests' day, inside the calling window."""
    with time_machine.travel(dt.datetime.fromisoformat(noon()), tick=False) as traveller:
        yield traveller


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["insights", "next-best-actions", *args])
    return result.exit_code, result.stdout


def test_the_command_prints_the_contract(member: Member) -> None:
    code, output = cli("M0001", "--at", noon(), "--json")
    assert code == 0, output
    found = json.loads(output)
    assert set(found) == {"member_id", "actions"}
    assert found["member_id"] == "M0001"
    for action in found["actions"]:
        assert set(action) == {"action", "channel", "send_at", "score", "reasons"}
    first = found["actions"][0]
    assert (first["action"], first["channel"], first["send_at"]) == ("explain_denied_claim", "phone", None)
    assert first["reasons"][0] == DENIAL_REASON
    assert first["score"] == pytest.approx(0.6 * 8.0 * 1.2)


def test_the_command_refuses_a_time_without_offset_and_an_unknown_member(member: Member) -> None:
    assert cli("M0001", "--at", "2026-06-15T12:00:00")[0] == 2
    assert cli("NOBODY", "--json")[0] == 2


def test_the_api_answers_those_who_may_see_the_member_and_logs_the_read(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    agent = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})
    response = agent.get("/api/v1/insights/next-best-actions/M0001", {"at": noon()})
    assert response.status_code == 200, response.content
    assert response.json()["actions"][0]["reasons"][0] == DENIAL_REASON
    entry = AccessLogEntry.objects.get(action="members.view", member_id="M0001")
    assert (entry.username, entry.channel) == ("agent", "api")
    assert entry.detail["opened_from"] == "insights.next_best_actions"

    trainer = Client(headers={"Authorization": f"Bearer {api_token('trainer')}"})
    assert trainer.get("/api/v1/insights/next-best-actions/M0001").status_code == 403


def test_the_member_view_loads_the_section_with_reasons(
    member: Member, signed_in: Callable[[str], Client], at_noon: object
) -> None:
    client = signed_in("agent")
    page = client.get("/members/M0001/").content.decode()
    assert "/insights/members/M0001/actions/" in page
    section = client.get("/insights/members/M0001/actions/", HTTP_HX_REQUEST="true").content.decode()
    assert "Next best actions" in section
    assert "Explain a denied claim" in section
    assert DENIAL_REASON in section
    assert 'value="not_now"' in section


def test_a_recorded_decline_holds_the_action_back_and_is_logged(
    member: Member, signed_in: Callable[[str], Client], at_noon: object
) -> None:
    client = signed_in("agent")
    response = client.post(
        "/insights/members/M0001/actions/outcome/",
        {"action": "explain_denied_claim", "outcome": "declined", "channel": "phone"},
    )
    assert response.status_code == 302
    saved = ActionOutcome.objects.get()
    assert (saved.member_id, saved.action, saved.outcome, saved.recorded_by) == (
        "M0001",
        "explain_denied_claim",
        "declined",
        "agent",
    )
    assert AccessLogEntry.objects.filter(action="insights.action_outcome.record", member_id="M0001").exists()
    section = client.get("/insights/members/M0001/actions/", HTTP_HX_REQUEST="true").content.decode()
    assert "the member said declined today; not offered again for 7 days" in section


def test_an_accepted_offer_feeds_the_propensity(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    def explain_reasons() -> list[str]:
        code, output = cli("M0001", "--at", noon(), "--json")
        assert code == 0, output
        found = json.loads(output)["actions"]
        return next(a for a in found if a["action"] == "explain_denied_claim")["reasons"]

    assert explain_reasons()[-1] == "propensity 0.60: the prior, no outcome recorded yet"
    agent = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})
    recorded = agent.post(
        "/api/v1/insights/next-best-actions/M0001/outcomes",
        {"action": "explain_denied_claim", "outcome": "accepted"},
        content_type="application/json",
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["channel"] == "phone"
    # Beta(6, 4) and one acceptance: 7 / 11
    assert explain_reasons()[-1].startswith("propensity 0.64: 1 of 1 answered offers accepted")


def test_an_unknown_action_or_outcome_is_refused_naming_the_choices(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    agent = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})
    url = "/api/v1/insights/next-best-actions/M0001/outcomes"
    bad = agent.post(url, {"action": "upsell", "outcome": "accepted"}, content_type="application/json")
    assert bad.status_code == 400
    assert "choose one of: explain_denied_claim" in bad.content.decode()
    worse = agent.post(url, {"action": "set_up_auto_pay", "outcome": "maybe"}, content_type="application/json")
    assert worse.status_code == 400
    assert ActionOutcome.objects.count() == 0


def test_the_section_is_a_whole_page_without_htmx_and_answers_an_htmx_post_in_place(
    member: Member, signed_in: Callable[[str], Client], at_noon: object
) -> None:
    client = signed_in("agent")
    page = client.get("/insights/members/M0001/actions/").content.decode()
    assert "<main>" in page
    assert "Next best actions" in page
    swapped = client.post(
        "/insights/members/M0001/actions/outcome/",
        {"action": "set_up_auto_pay", "outcome": "not_now"},
        HTTP_HX_REQUEST="true",
    )
    assert swapped.status_code == 200
    html = swapped.content.decode()
    assert "<main>" not in html
    assert "the member said not now today; not offered again for 14 days" in html


def test_a_role_without_the_member_lookup_gets_no_section(member: Member, signed_in: Callable[[str], Client]) -> None:
    assert signed_in("trainer").get("/insights/members/M0001/actions/").status_code == 403
