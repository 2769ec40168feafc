"""Campaigns: a seeded, stored holdout; members scheduled only where `may_reach` allows; the send list
for the channel system; outcomes loaded back; the uplift with its interval and n."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.models import AccessLogEntry
from heartline.demo.campaigns import planted_outcomes
from heartline.ingest import kinds as ingest_kinds
from heartline.insights.campaign_outcomes import load_campaign_outcomes
from heartline.insights.campaign_send_list import SendList, SendListRow, send_list, send_list_csv
from heartline.insights.campaigns import holdout_members, uplift
from heartline.insights.campaigns_selectors import campaign_arm_list, campaign_results
from heartline.insights.campaigns_services import launch_campaign
from heartline.insights.models import CampaignMember
from heartline.members.models import ConsentDecision
from heartline.members.reach import may_reach
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import options
from tests.insights.campaign_world import STARTS, make_members, saved_segment

pytestmark = pytest.mark.django_db

ACTION = "annual_wellness_visit"  # care, by phone, mail, portal or email


def _launch(caller: Caller, segment_id: int, **settings: object) -> int:
    settings.setdefault("starts_at", STARTS)
    return launch_campaign(caller, "Wellness", segment_id, ACTION, **settings).pk  # type: ignore[arg-type]


def _places(campaign_id: int) -> list[tuple[str, str, str, str]]:
    return list(
        CampaignMember.objects.filter(campaign_id=campaign_id)
        .order_by("member_id")
        .values_list("member_id", "arm", "channel", "send_at")
    )


def test_the_holdout_is_seeded_and_its_size_is_the_share() -> None:
    ids = [f"M{i:04d}" for i in range(1000)]

    held = holdout_members(ids, 0.1, seed=11)

    assert len(held) == 100
    assert holdout_members(reversed(ids), 0.1, seed=11) == held  # the order given does not matter
    assert holdout_members(ids, 0.1, seed=12) != held


def test_the_uplift_is_newcombes_interval_on_the_published_example() -> None:
    # Newcombe (1998), Table II, example (a): 56/70 − 48/80 = 0.2000, method 10: 0.0524 to 0.3339.
    found = uplift("all", 56, 70, 48, 80)

    assert (found.uplift, found.ci_low, found.ci_high) == (0.2, 0.0524, 0.3339)
    assert (found.treated_n, found.holdout_n) == (70, 80)


def test_a_launch_stores_each_members_place_and_a_rerun_changes_nothing(caller_named: Callable[[str], Caller]) -> None:
    segment = saved_segment(make_members(200))
    analyst = caller_named("cx_analyst")

    first = _launch(analyst, segment.pk)
    stored = _places(first)
    again = _launch(analyst, segment.pk)

    assert again == first
    assert _places(first) == stored
    arms = Counter(arm for _, arm, _, _ in stored)
    reachable = arms["treated"] + arms["holdout"]
    assert arms["holdout"] == round(reachable * 0.1)
    assert arms["excluded"] > 0  # the members who opted out of care on every channel
    with pytest.raises(ActionRefused, match=r"exists .* with other settings"):
        _launch(analyst, segment.pk, seed=99)


def test_who_may_launch_is_the_policys(caller_named: Callable[[str], Caller]) -> None:
    segment = saved_segment(make_members(3))

    with pytest.raises(NotAllowed):
        _launch(caller_named("agent"), segment.pk)
    with pytest.raises(ActionRefused, match="offered during a contact"):
        launch_campaign(caller_named("cx_analyst"), "x", segment.pk, "explain_denied_claim")
    with pytest.raises(ActionRefused, match="field holdout_share"):
        _launch(caller_named("cx_analyst"), segment.pk, holdout_share=0.95)


def test_the_send_list_holds_treated_members_each_allowed_and_access_logged(
    caller_named: Callable[[str], Caller],
) -> None:
    segment = saved_segment(make_members(120))
    analyst = caller_named("cx_analyst")
    campaign_id = _launch(analyst, segment.pk)
    treated = dict(
        CampaignMember.objects.filter(campaign_id=campaign_id, arm="treated").values_list("member_id", "channel")
    )
    withdrawn = sorted(treated)[0]  # opts out of their channel after the launch
    _opt_out(withdrawn, treated[withdrawn])

    found = send_list(analyst, campaign_id)
    rows = list(csv.DictReader(io.StringIO(send_list_csv(found))))

    assert {r["member_id"] for r in rows} == set(treated) - {withdrawn}
    assert [m for m, _ in found.withheld] == [withdrawn]
    for row in rows:
        sent = dt.datetime.fromisoformat(row["send_at"])
        assert sent.utcoffset() is not None
        assert may_reach(row["member_id"], row["channel"], "care", sent).allowed
        assert row["action"] == ACTION
        assert row["campaign_id"] == str(campaign_id)
    logged = set(
        AccessLogEntry.objects.filter(action="insights.campaign.send_list").values_list("member_id", flat=True)
    )
    assert logged == {r["member_id"] for r in rows}
    with pytest.raises(NotAllowed):
        send_list(caller_named("exec"), campaign_id)


def _opt_out(member_id: str, channel: str) -> None:
    from heartline.members.models import Member

    ConsentDecision.objects.create(
        member=Member.objects.get(member_id=member_id),
        channel=channel,
        purpose="care",
        granted=False,
        source="call",
        recorded_at=STARTS - dt.timedelta(days=1),
    )


def _outcome_file(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(["campaign_id,member_id,observed_at,converted", *rows]) + "\n", encoding="utf-8")
    return path


def test_outcomes_load_through_the_ingest_engine_and_a_rerun_changes_nothing(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller], tmp_path: Path
) -> None:
    segment = saved_segment(make_members(40))
    analyst = caller_named("cx_analyst")
    campaign_id = _launch(analyst, segment.pk)
    arms = [(m, a) for m, a in campaign_arm_list(campaign_id) if a != "excluded"]
    rows = [f"{campaign_id},{m},2026-07-15T12:00:00Z,{'true' if i % 2 else 'false'}" for i, (m, _) in enumerate(arms)]
    good = _outcome_file(tmp_path / "outcomes.csv", *rows)

    assert ingest_kinds.get_kind("campaign-outcomes") is load_campaign_outcomes
    first = load_campaign_outcomes([good], options())
    again = load_campaign_outcomes([good], options())

    assert first.accepted
    assert first.counts.inserted == len(arms)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, len(arms))
    results = campaign_results(analyst, campaign_id)
    assert results.campaign.outcomes == len(arms)
    assert results.overall.treated_n + results.overall.holdout_n == len(arms)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{c},{m},2026-07-15T12:00:00Z,maybe", 'field converted: "maybe" is not true or false'),
        ("999,{m},2026-07-15T12:00:00Z,true", "field campaign_id: no campaign '999'"),
        ("{c},NOBODY,2026-07-15T12:00:00Z,true", "field member_id: member 'NOBODY' is not one campaign {c} targeted"),
        ("{c},{m},2026-07-15,true", 'field observed_at: "2026-07-15" is not an ISO 8601 time'),
    ],
)
def test_a_bad_outcome_row_refuses_the_file_naming_file_row_and_field(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller], tmp_path: Path, row: str, message: str
) -> None:
    segment = saved_segment(make_members(5, opt_out_share=0.0))
    campaign_id = _launch(caller_named("cx_analyst"), segment.pk)
    first, member = (m for m, _ in campaign_arm_list(campaign_id)[:2])
    good = f"{campaign_id},{first},2026-07-15T12:00:00Z,true"
    bad = _outcome_file(tmp_path / "bad.csv", good, row.format(c=campaign_id, m=member))

    report = load_campaign_outcomes([bad], options())

    assert not report.accepted
    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith(f"bad.csv row 3, {message.format(c=campaign_id)}")


def test_the_results_recover_a_planted_uplift_inside_the_interval(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller], tmp_path: Path
) -> None:
    segment = saved_segment(make_members(1200, opt_out_share=0.05))
    analyst = caller_named("cx_analyst")
    campaign_id = _launch(analyst, segment.pk, holdout_share=0.3)
    planted = planted_outcomes(
        campaign_id, campaign_arm_list(campaign_id), np.random.default_rng(5), STARTS, base_rate=0.2, uplift=0.12
    )
    path = tmp_path / "planted.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("campaign_id,member_id,observed_at,converted\n")
        for r in planted.to_pylist():
            out.write(
                f"{r['campaign_id']},{r['member_id']},{r['observed_at'].isoformat()},{str(r['converted']).lower()}\n"
            )
    assert load_campaign_outcomes([path], options()).accepted

    results = campaign_results(analyst, campaign_id)

    overall = results.overall
    assert overall.ci_low is not None
    assert overall.ci_high is not None
    assert overall.ci_low <= 0.12 <= overall.ci_high
    assert overall.ci_low > 0  # the effect is found, not just not ruled out
    assert overall.treated_n + overall.holdout_n == results.campaign.treated + results.campaign.holdout
    assert sum(u.treated_n + u.holdout_n for u in results.by_channel) == overall.treated_n + overall.holdout_n


def test_a_send_list_cell_starting_like_a_formula_is_neutralised() -> None:
    row = SendListRow(7, "=cmd|' /C calc'!A0", "flu-shot", "sms", "care", "2026-10-01T10:00:00-04:00", "en", "-1+1")

    (written,) = csv.DictReader(io.StringIO(send_list_csv(SendList([row], []))))

    assert (written["member_id"], written["message"], written["campaign_id"]) == ("'=cmd|' /C calc'!A0", "'-1+1", "7")
