"""The closed loop as supervisors use it: the unit's queue at a glance, an outcome recorded from it
(HTMX answers with the queue redrawn), the figures page; the same through the API and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from heartline.core.models import AccessLogEntry
from heartline.core.scoping import caller_for
from heartline.voice.follow_up_services import open_follow_ups
from heartline.voice.models import FollowUp
from tests.voice.follow_up_world import SINCE, UNTIL, write_follow_up_responses


@pytest.fixture
def opened(app_warehouse, personas) -> dict[str, FollowUp]:
    write_follow_up_responses(app_warehouse)
    open_follow_ups(caller_for(personas.coach.user), since=SINCE, until=UNTIL)
    return {f.response_id: f for f in FollowUp.objects.all()}


def test_a_coach_lands_on_their_units_queue(client_as, opened) -> None:
    response = client_as("coach").get("/voice/follow-ups/", follow=True)
    assert response.redirect_chain[-1][0] == "/voice/follow-ups/unit/commercial/"
    page = response.content.decode()
    assert 'data-testid="open-count">3<' in page
    assert "M0001" in page
    assert "555-201-3344" not in page
    assert AccessLogEntry.objects.filter(action="voice.follow_ups.queue", resource="unit:commercial").exists()


def test_recording_an_outcome_from_the_queue_redraws_it(client_as, opened) -> None:
    client = client_as("coach")
    pk = opened["L-2"].pk
    response = client.post(
        f"/voice/follow-ups/{pk}/outcome/",
        {"outcome": "explained", "note": "Explained the copay"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="open-count">2<' in page
    assert "Explained" in page
    figures = client.get("/voice/follow-ups/unit/commercial/figures/").content.decode()
    assert 'data-testid="outcome-explained">1<' in figures


def test_a_follow_up_page_names_the_member_and_is_logged(client_as, opened) -> None:
    pk = opened["L-1"].pk
    page = client_as("coach").get(f"/voice/follow-ups/{pk}/").content.decode()
    assert "M0000" in page
    assert "Record the call back" in page
    assert AccessLogEntry.objects.filter(action="voice.follow_up", member_id="M0000").exists()


def test_the_queue_is_refused_to_a_representative_and_hidden_from_another_units_manager(client_as, opened) -> None:
    assert client_as("agent").get("/voice/follow-ups/unit/commercial/").status_code == 403
    assert client_as("manager").get("/voice/follow-ups/unit/commercial/").status_code == 404
    assert client_as("manager").get(f"/voice/follow-ups/{opened['L-1'].pk}/").status_code == 404


def test_an_executive_reads_the_figures_but_not_the_queue(client_as, opened) -> None:
    client = client_as("exec")
    page = client.get("/voice/follow-ups/unit/commercial/figures/").content.decode()
    assert 'data-testid="in-time"' in page
    assert "n = 3" in page
    assert client.get("/voice/follow-ups/unit/commercial/").status_code == 403


def test_the_api_lists_the_queue_and_records_an_outcome(client_as, opened) -> None:
    client = client_as("coach")
    queue = client.get("/api/v1/voice/follow-ups/unit/commercial").json()
    assert (queue["open"], queue["overdue"]) == (3, 0)
    pk = opened["L-3"].pk
    answer = client.post(
        f"/api/v1/voice/follow-ups/{pk}/outcome", json.dumps({"outcome": "resolved"}), content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["standing"] == "on_time"
    figures = client.get("/api/v1/voice/follow-ups/unit/commercial/figures?from=2020-01-01").json()
    assert figures["outcomes"]["resolved"]["count"] == 1
    assert figures["closed_in_time"]["n"] == 1
    bad = client.post(
        f"/api/v1/voice/follow-ups/{pk}/outcome", json.dumps({"outcome": "resolved"}), content_type="application/json"
    )
    assert bad.status_code == 400
    assert "already closed" in bad.json()["detail"]


def test_the_api_opens_follow_ups_once(client_as, app_warehouse, personas) -> None:
    write_follow_up_responses(app_warehouse)
    client = client_as("coach")
    body = json.dumps({"since": SINCE.isoformat(), "until": UNTIL.isoformat()})
    first = client.post("/api/v1/voice/follow-ups/open", body, content_type="application/json").json()
    again = client.post("/api/v1/voice/follow-ups/open", body, content_type="application/json").json()
    assert (first["opened"], again["opened"], again["already_open"]) == (3, 0, 3)


def test_the_cli_opens_lists_closes_and_reports(app_warehouse, personas) -> None:
    from heartline.cli import app

    write_follow_up_responses(app_warehouse)
    runner = CliRunner()
    window = ["--since", SINCE.isoformat(), "--until", UNTIL.isoformat()]
    opened = runner.invoke(app, ["voice", "follow-ups", "open", *window, "--json"])
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.output)["opened"] == 4  # the operator sees both units
    listed = runner.invoke(app, ["voice", "follow-ups", "list", "commercial", "--json"])
    rows = json.loads(listed.output)
    assert len(rows) == 3
    closed = runner.invoke(app, ["voice", "follow-ups", "close", str(rows[0]["id"]), "--outcome", "resolved"])
    assert closed.exit_code == 0, closed.output
    figures = runner.invoke(app, ["voice", "follow-ups", "figures", "commercial", "--from", "2020-01-01", "--json"])
    assert json.loads(figures.output)["outcomes"]["resolved"]["count"] == 1
    refused = runner.invoke(app, ["voice", "follow-ups", "close", str(rows[0]["id"]), "--outcome", "resolved"])
    assert refused.exit_code == 2
    assert "already closed" in refused.output
