"""The campaigns page, the results page, the API, the command line and the member view's campaign
sends, on a small synthetic world."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app as cli_app
from heartline.core.contracts import Caller
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR
from heartline.demo.campaigns import planted_outcomes
from heartline.insights.actions.services import record_action_outcome
from heartline.insights.campaign_outcomes import CAMPAIGN_OUTCOMES
from heartline.insights.campaigns_selectors import campaign_arm_list
from heartline.insights.campaigns_services import launch_campaign
from heartline.insights.models import CampaignMember
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.insights.campaign_world import STARTS, make_members, phone_members, saved_segment
from tests.members.factories import write

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment_id(people: object) -> int:
    return saved_segment(make_members(60, opt_out_share=0.1), name="Wellness targets").pk


def test_an_analyst_launches_from_the_page_and_reads_the_results_with_n_on_every_figure(
    app_warehouse: Warehouse, signed_in: Callable[[str], Client], segment_id: int
) -> None:
    client = signed_in("cx_analyst")
    listing = client.get("/insights/campaigns/")
    assert listing.status_code == 200
    assert b"Wellness targets" in listing.content  # offered in the form

    posted = client.post(
        "/insights/campaigns/",
        {
            "name": "Wellness",
            "segment_id": segment_id,
            "action": "annual_wellness_visit",
            "holdout_share": "0.3",
            "seed": "4",
            "starts_at": STARTS.isoformat(),
        },
    )
    assert posted.status_code == 302
    campaign_id = int(posted["Location"].rstrip("/").split("/")[-1])
    assert "no outcomes loaded yet" in client.get(f"/insights/campaigns/{campaign_id}/").content.decode()
    observed = STARTS + dt.timedelta(days=30)
    outcomes = planted_outcomes(campaign_id, campaign_arm_list(campaign_id), np.random.default_rng(1), observed)
    write_batch(app_warehouse, CAMPAIGN_OUTCOMES, outcomes)

    page = client.get(f"/insights/campaigns/{campaign_id}/").content.decode()
    assert "uplift" in page
    assert "95% CI" in page
    assert page.count("n = ") >= 6  # the verdict, each arm, each segment and channel line
    assert "in no discovered segment" in page

    bad = client.post("/insights/campaigns/", {"name": "", "segment_id": segment_id, "action": "annual_wellness_visit"})
    assert bad.status_code == 400
    assert b"field name" in bad.content


def test_the_api_launches_reads_results_and_exports_the_send_list(
    app_warehouse: Warehouse, signed_in: Callable[[str], Client], segment_id: int
) -> None:
    client = signed_in("manager")
    body = {
        "name": "API wellness",
        "segment_id": segment_id,
        "action": "annual_wellness_visit",
        "starts_at": STARTS.isoformat(),
    }
    launched = client.post("/api/v1/insights/campaigns", json.dumps(body), content_type="application/json")
    assert launched.status_code == 201, launched.content
    found = launched.json()
    campaign_id = found["campaign"]["campaign_id"]
    assert found["overall"]["treated_n"] == found["campaign"]["treated"]
    assert found["overall"]["uplift"] is None or isinstance(found["overall"]["uplift"], float)

    listed = client.get("/api/v1/insights/campaigns").json()["campaigns"]
    assert [c["name"] for c in listed] == ["API wellness"]
    results = client.get(f"/api/v1/insights/campaigns/{campaign_id}").json()
    assert set(results) == {"campaign", "overall", "by_segment", "by_channel", "excluded_because"}
    assert all("n" in e for e in results["excluded_because"])

    sent = client.get(f"/api/v1/insights/campaigns/{campaign_id}/send-list")
    assert sent.status_code == 200
    assert sent["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(sent.content.decode())))
    assert len(rows) == found["campaign"]["treated"]
    assert set(rows[0]) == {
        "campaign_id",
        "member_id",
        "action",
        "channel",
        "purpose",
        "send_at",
        "language",
        "message",
    }

    assert signed_in("exec").get(f"/api/v1/insights/campaigns/{campaign_id}/send-list").status_code == 403
    assert client.get("/api/v1/insights/campaigns/999999").status_code == 404


def test_the_command_line_launches_exports_and_reports(
    app_warehouse: Warehouse, segment_id: int, tmp_path: Path
) -> None:
    runner = CliRunner()
    launched = runner.invoke(
        cli_app,
        [
            "insights",
            "campaigns",
            "launch",
            "CLI wellness",
            str(segment_id),
            "annual_wellness_visit",
            "--starts-at",
            STARTS.isoformat(),
        ],
    )
    assert launched.exit_code == 0, launched.output
    assert "treated n = " in launched.output
    assert "holdout n = " in launched.output
    campaign_id = launched.output.split()[1]

    due_at_start = CampaignMember.objects.filter(campaign_id=int(campaign_id), arm="treated", send_at=STARTS)
    declined = due_at_start.order_by("member_id").values_list("member_id", flat=True)[0]
    record_action_outcome(OPERATOR, declined, "annual_wellness_visit", "declined", at=STARTS)  # after launch

    target = tmp_path / "send.csv"
    exported = runner.invoke(cli_app, ["insights", "campaigns", "send-list", campaign_id, "--out", str(target)])
    assert exported.exit_code == 0, exported.output
    assert target.read_text().startswith("campaign_id,member_id,action,channel,purpose,send_at,language,message\n")
    assert f",{declined}," not in target.read_text()
    printed = " ".join(exported.output.split())
    assert f"withheld {declined}: the member said declined today; not offered again for 60 days" in printed

    results = runner.invoke(cli_app, ["insights", "campaigns", "results", campaign_id, "--json"])
    assert results.exit_code == 0, results.output
    assert json.loads(results.output)["overall"]["label"] == "all members"


def test_the_member_view_shows_a_treated_members_campaign_send_and_nothing_of_a_holdout(
    app_warehouse: Warehouse, signed_in: Callable[[str], Client], caller_named: Callable[[str], Caller]
) -> None:
    # Los Angeles, called at 09:00 their time: every send is due at the start.
    ids = phone_members("LA", 10, "America/Los_Angeles")
    segment = saved_segment(ids, name="Los Angeles")
    campaign = launch_campaign(
        caller_named("cx_analyst"),
        "LA wellness",
        segment.pk,
        "annual_wellness_visit",
        holdout_share=0.3,
        starts_at=STARTS,
    )
    arms = dict(campaign_arm_list(campaign.pk))
    treated = sorted(m for m, arm in arms.items() if arm == "treated")
    holdout = sorted(m for m, arm in arms.items() if arm == "holdout")
    outcome = {"campaign_id": str(campaign.pk), "member_id": treated[0], "observed_at": STARTS, "converted": True}
    write(app_warehouse, CAMPAIGN_OUTCOMES, [outcome])
    client = signed_in("agent")

    sent = client.get(f"/insights/members/{treated[0]}/actions/", HTTP_HX_REQUEST="true").content.decode()
    not_loaded = client.get(f"/insights/members/{treated[1]}/actions/", HTTP_HX_REQUEST="true").content.decode()
    held_out = client.get(f"/insights/members/{holdout[0]}/actions/", HTTP_HX_REQUEST="true").content.decode()

    line = "LA wellness: Annual wellness visit by phone, Mon 2026-06-15 09:00 PDT their time"
    assert f"{line} — converted" in sent
    assert f"{line} — no outcome loaded yet" in not_loaded
    assert "LA wellness" not in held_out
    assert "No campaign sends." in held_out
    entry = AccessLogEntry.objects.get(action="insights.campaign_sends", member_id=treated[0])
    assert (entry.username, entry.detail["shown"], entry.detail["campaigns"]) == (
        "agent",
        ["campaign sends"],
        [campaign.pk],
    )
