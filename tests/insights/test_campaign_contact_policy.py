"""Campaigns honour next-best-action's contact policy, and feed it back.

At launch a member the policy holds the action back from (a grievance cool-off, a recent "declined",
the action's or the member's weekly limit) is excluded with the reason in words, before the holdout
is drawn; when the send list is made, a grievance, "declined" or "not now" since launch withholds a
send at its time; a campaign send counts as an offer when next-best-action arbitrates; and the
treated members' loaded outcomes move the action's propensity. The campaign's action is the annual wellness
visit: grievance cool-off 14 days, decline cool-off 60, at most once a week, prior 0.25 worth 10
outcomes (Beta(2.5, 7.5)); a member may get at most 3 offers a week.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.contracts import Caller
from heartline.core.models import AccessLogEntry, Unit
from heartline.core.scoping import OPERATOR
from heartline.insights.actions.contracts import Tally
from heartline.insights.actions.selectors import next_best_actions, outcome_tallies
from heartline.insights.actions.services import record_action_outcome
from heartline.insights.campaign_outcomes import load_campaign_outcomes
from heartline.insights.campaign_policy import OUTSIDE_YOUR_VIEW
from heartline.insights.campaign_send_list import send_list, send_list_csv
from heartline.insights.campaigns import holdout_members
from heartline.insights.campaigns_services import launch_campaign
from heartline.insights.models import CampaignMember
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import options
from tests.insights.campaign_world import STARTS, make_members, phone_members, saved_segment
from tests.members.factories import contact, make_member, write
from tests.support.personas import make_division, make_unit

pytestmark = pytest.mark.django_db

ACTION = "annual_wellness_visit"


def _launch(caller: Caller, segment_id: int, name: str = "Wellness", **settings: object) -> int:
    settings.setdefault("starts_at", STARTS)
    return launch_campaign(caller, name, segment_id, ACTION, **settings).pk  # type: ignore[arg-type]


def _places(campaign_id: int) -> dict[str, tuple[str, str]]:
    rows = CampaignMember.objects.filter(campaign_id=campaign_id).values_list("member_id", "arm", "reason")
    return {member_id: (arm, reason) for member_id, arm, reason in rows}


def _grievance_case(case_id: str, member_id: str, opened_at: dt.datetime) -> dict[str, object]:
    return {
        "case_id": case_id,
        "member_id": member_id,
        "unit": "commercial",
        "type": "grievance",
        "priority": "standard",
        "opened_at": opened_at,
        "status": "open",
    }


def test_a_member_with_a_grievance_three_days_before_is_excluded_and_never_sent(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller]
) -> None:
    ids = make_members(30, opt_out_share=0.0)
    aggrieved, earlier, by_case = ids[0], ids[1], ids[2]
    grievance = contact("C-G1", aggrieved, reason="grievance") | {"started_at": STARTS - dt.timedelta(days=3)}
    past_cooloff = contact("C-G2", earlier, reason="grievance") | {"started_at": STARTS - dt.timedelta(days=20)}
    write(app_warehouse, CONTACTS, [grievance, past_cooloff])
    write(app_warehouse, CASES, [_grievance_case("CASE-G3", by_case, STARTS - dt.timedelta(days=13))])
    analyst = caller_named("cx_analyst")

    campaign_id = _launch(analyst, saved_segment(ids).pk)
    places = _places(campaign_id)
    listed = {row["member_id"] for row in csv.DictReader(io.StringIO(send_list_csv(send_list(analyst, campaign_id))))}

    assert places[aggrieved] == ("excluded", "cool-off after a grievance 3 days ago (14 days)")
    assert places[by_case] == ("excluded", "cool-off after a grievance 13 days ago (14 days)")
    assert places[earlier][0] in ("treated", "holdout")  # 20 days ago: the cool-off is over
    assert aggrieved not in listed
    assert by_case not in listed
    assert listed == {m for m, (arm, _) in places.items() if arm == "treated"}


def _grievance_elsewhere(contact_id: str, member_id: str, started_at: dt.datetime) -> dict[str, object]:
    """A grievance the member filed with another division's unit, which a CX analyst of ours cannot see."""
    division = make_division("dental-services", "Dental Services")
    if not Unit.objects.filter(code="dental").exists():
        make_unit(division, "dental", "Dental")
    fields = {"unit": "dental", "team": "dental-a", "queue": "q-dental", "agent_id": "e-dental"}
    return contact(contact_id, member_id, reason="grievance", **fields) | {"started_at": started_at}


def test_a_grievance_the_launcher_cannot_see_still_holds_the_member_back_without_saying_what(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller]
) -> None:
    ids = make_members(30, opt_out_share=0.0)
    aggrieved, seen = ids[0], ids[1]
    write(
        app_warehouse,
        CONTACTS,
        [
            _grievance_elsewhere("C-D1", aggrieved, STARTS - dt.timedelta(days=2)),
            contact("C-G1", seen, reason="grievance") | {"started_at": STARTS - dt.timedelta(days=4)},
        ],
    )
    analyst = caller_named("cx_analyst")
    assert "dental" not in analyst.scope.unit_codes  # the analyst sees their own division only

    places = _places(_launch(analyst, saved_segment(ids).pk))

    assert places[aggrieved] == ("excluded", OUTSIDE_YOUR_VIEW)  # held back, nothing said of the grievance
    assert places[seen] == ("excluded", "cool-off after a grievance 4 days ago (14 days)")
    assert sum(arm == "excluded" for arm, _ in places.values()) == 2


def _called_next_morning(count: int) -> list[str]:
    """`count` members in New York whose quiet hours (11:00-10:00) hold every call at the start
    (12:00 their time) until 10:00 the next morning: each send is due 16 June, 14:00 UTC."""
    return phone_members(
        "NM", count, "America/New_York", quiet_hours_start=dt.time(11, 0), quiet_hours_end=dt.time(10, 0)
    )


NEXT_MORNING = dt.datetime(2026, 6, 16, 14, 0, tzinfo=dt.UTC)


def _exported(caller: Caller, campaign_id: int) -> tuple[set[str], dict[str, str]]:
    found = send_list(caller, campaign_id)
    return {row["member_id"] for row in csv.DictReader(io.StringIO(send_list_csv(found)))}, dict(found.withheld)


def test_a_grievance_after_launch_withholds_the_send_at_export(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller]
) -> None:
    ids = _called_next_morning(5)
    aggrieved, by_case, after_the_send = ids[0], ids[1], ids[2]
    analyst = caller_named("cx_analyst")
    campaign_id = _launch(analyst, saved_segment(ids).pk, holdout_share=0.01)  # 5 members: none held out
    assert set(CampaignMember.objects.filter(campaign_id=campaign_id).values_list("arm", "send_at")) == {
        ("treated", NEXT_MORNING)
    }
    # Filed after the launch: the afternoon of the start, before the next morning's send; one on the
    # day after the send, which the send did not follow.
    grievance = contact("C-G1", aggrieved, reason="grievance") | {"started_at": STARTS + dt.timedelta(hours=3)}
    later = contact("C-G2", after_the_send, reason="grievance") | {"started_at": NEXT_MORNING + dt.timedelta(days=1)}
    write(app_warehouse, CONTACTS, [grievance, later])
    write(app_warehouse, CASES, [_grievance_case("CASE-G3", by_case, STARTS + dt.timedelta(hours=5))])

    listed, withheld = _exported(analyst, campaign_id)

    assert withheld == {
        aggrieved: "cool-off after a grievance yesterday (14 days)",
        by_case: "cool-off after a grievance yesterday (14 days)",
    }
    assert listed == {ids[2], ids[3], ids[4]}
    logged = AccessLogEntry.objects.filter(action="insights.campaign.send_list").values_list("member_id", flat=True)
    assert set(logged) == listed  # a withheld send is not written to the access log as sent


def test_a_grievance_elsewhere_after_launch_withholds_the_send_without_saying_what(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller]
) -> None:
    ids = _called_next_morning(3)
    analyst = caller_named("cx_analyst")
    campaign_id = _launch(analyst, saved_segment(ids).pk, holdout_share=0.01)
    write(app_warehouse, CONTACTS, [_grievance_elsewhere("C-D1", ids[0], STARTS + dt.timedelta(hours=3))])

    listed, withheld = _exported(analyst, campaign_id)

    assert withheld == {ids[0]: OUTSIDE_YOUR_VIEW}
    assert listed == {ids[1], ids[2]}
    # the operator sees every unit: told what and when
    assert dict(send_list(OPERATOR, campaign_id).withheld) == {ids[0]: "cool-off after a grievance yesterday (14 days)"}


def test_a_declined_or_not_now_after_launch_withholds_the_send_at_export(
    caller_named: Callable[[str], Caller],
) -> None:
    ids = _called_next_morning(4)
    declined, not_now, other_action = ids[0], ids[1], ids[2]
    analyst = caller_named("cx_analyst")
    campaign_id = _launch(analyst, saved_segment(ids).pk, holdout_share=0.01)
    record_action_outcome(OPERATOR, declined, ACTION, "declined", at=STARTS + dt.timedelta(hours=2))
    record_action_outcome(OPERATOR, not_now, ACTION, "not_now", at=STARTS + dt.timedelta(hours=4))
    record_action_outcome(OPERATOR, other_action, "set_up_auto_pay", "declined", at=STARTS + dt.timedelta(hours=2))

    listed, withheld = _exported(analyst, campaign_id)

    assert withheld == {
        declined: "the member said declined today; not offered again for 60 days",
        not_now: "the member said not now today; not offered again for 14 days",
    }
    # Another action's decline, and the campaign's own send, hold nothing back.
    assert listed == {other_action, ids[3]}


def test_a_member_who_declined_the_action_recently_or_had_a_full_week_is_excluded(
    caller_named: Callable[[str], Caller],
) -> None:
    ids = make_members(30, opt_out_share=0.0)
    declined, not_now_long_ago, busy = ids[0], ids[1], ids[2]
    record_action_outcome(OPERATOR, declined, ACTION, "declined", at=STARTS - dt.timedelta(days=10))
    record_action_outcome(OPERATOR, not_now_long_ago, ACTION, "not_now", at=STARTS - dt.timedelta(days=20))
    for days, other in ((1, "refill_reminder"), (2, "care_manager_outreach"), (3, "detractor_follow_up")):
        record_action_outcome(OPERATOR, busy, other, "accepted", at=STARTS - dt.timedelta(days=days))

    places = _places(_launch(caller_named("cx_analyst"), saved_segment(ids).pk))

    assert places[declined] == ("excluded", "the member said declined 10 days ago; not offered again for 60 days")
    assert places[not_now_long_ago][0] in ("treated", "holdout")  # "not now" holds for 14 days
    assert places[busy] == ("excluded", "3 offers in the last 7 days (at most 3 a week for a member)")


def test_the_holdout_is_drawn_among_the_included_members_only(caller_named: Callable[[str], Caller]) -> None:
    ids = make_members(200, opt_out_share=0.0)
    for member_id in ids[:40]:
        record_action_outcome(OPERATOR, member_id, ACTION, "declined", at=STARTS - dt.timedelta(days=5))
    segment = saved_segment(ids)
    analyst = caller_named("cx_analyst")

    campaign_id = _launch(analyst, segment.pk, holdout_share=0.2, seed=31)
    places = _places(campaign_id)
    again = _launch(analyst, segment.pk, holdout_share=0.2, seed=31)

    included = sorted(m for m, (arm, _) in places.items() if arm != "excluded")
    held = {m for m, (arm, _) in places.items() if arm == "holdout"}
    assert {m for m, (arm, _) in places.items() if arm == "excluded"} == set(ids[:40])
    assert len(included) == 160
    assert held == holdout_members(included, 0.2, 31)
    assert len(held) == 32
    assert (again, _places(campaign_id)) == (campaign_id, places)  # a re-launch changes nothing


def test_a_second_campaign_in_the_same_week_leaves_out_those_the_first_sent_to(
    caller_named: Callable[[str], Caller],
) -> None:
    ids = make_members(60, opt_out_share=0.0)
    analyst = caller_named("cx_analyst")
    first = _places(_launch(analyst, saved_segment(ids).pk, holdout_share=0.3))

    second = _places(_launch(analyst, saved_segment(ids, name="Again").pk, "Wellness again", holdout_share=0.3))

    for member_id, (arm, _) in first.items():
        if arm == "treated":
            assert second[member_id][0] == "excluded"
            assert "including the campaign 'Wellness'" in second[member_id][1]
            assert second[member_id][1].startswith("offered once ")
        else:  # the holdout was sent nothing
            assert second[member_id][0] in ("treated", "holdout")


def test_next_best_action_counts_a_campaign_send_in_the_weekly_limit(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller]
) -> None:
    make_member("M0001")  # 76 at the start, no wellness visit on their claims: eligible
    segment = saved_segment(["M0001"])
    sent_at_start = next_best_actions(OPERATOR, "M0001", at=STARTS)
    assert ACTION in [p.action for p in sent_at_start.actions]

    campaign_id = _launch(caller_named("cx_analyst"), segment.pk, holdout_share=0.01)  # 1 member: none held out
    sent = CampaignMember.objects.get(campaign_id=campaign_id, member_id="M0001")
    assert sent.arm == "treated"
    assert sent.send_at is not None
    found = next_best_actions(OPERATOR, "M0001", at=sent.send_at + dt.timedelta(days=1))

    assert ACTION not in [p.action for p in found.actions]
    held = next(w for w in found.withheld if w.action == ACTION)
    assert held.stage == "applicability"
    assert held.reason == (
        "offered once in the last 7 days, including the campaign 'Wellness' sent yesterday (at most 1 a week)"
    )
    later = next_best_actions(OPERATOR, "M0001", at=sent.send_at + dt.timedelta(days=8))
    assert ACTION in [p.action for p in later.actions]  # a week on, it may be offered again


def test_loaded_outcomes_of_treated_members_move_the_actions_propensity(
    app_warehouse: Warehouse, caller_named: Callable[[str], Caller], tmp_path: Path
) -> None:
    ids = make_members(20, opt_out_share=0.0)
    make_member("M0001")  # not in the campaign: asked for its propensity afterwards
    campaign_id = _launch(caller_named("cx_analyst"), saved_segment(ids).pk, holdout_share=0.2)
    places = _places(campaign_id)
    treated = sorted(m for m, (arm, _) in places.items() if arm == "treated")
    holdout = sorted(m for m, (arm, _) in places.items() if arm == "holdout")
    assert (len(treated), len(holdout)) == (16, 4)
    # 12 treated members' outcomes: 9 converted, 3 not; the holdout all converted (sent nothing: not
    # counted); 4 treated members have no row yet (not counted either).
    rows = [
        f"{campaign_id},{m},2026-07-15T12:00:00Z,{'true' if i < 9 else 'false'}" for i, m in enumerate(treated[:12])
    ]
    rows += [f"{campaign_id},{m},2026-07-15T12:00:00Z,true" for m in holdout]
    path = tmp_path / "outcomes.csv"
    path.write_text("\n".join(["campaign_id,member_id,observed_at,converted", *rows]) + "\n", encoding="utf-8")
    at = STARTS + dt.timedelta(days=30)
    before = next(p for p in next_best_actions(OPERATOR, "M0001", at=at).actions if p.action == ACTION)

    assert load_campaign_outcomes([path], options()).accepted
    after = next(p for p in next_best_actions(OPERATOR, "M0001", at=at).actions if p.action == ACTION)

    assert outcome_tallies()[ACTION] == Tally(accepted=9, declined=3, from_campaigns=12)
    assert before.propensity == pytest.approx(0.25)
    # Beta(2.5, 7.5) + 9 accepted, 3 declined: (2.5 + 9) / (10 + 12) = 0.5227
    assert after.propensity == pytest.approx(11.5 / 22, abs=1e-4)
    assert after.reasons[-1] == (
        "propensity 0.52: 9 of 12 answered offers accepted, 12 of them campaign sends (prior 0.25, worth 10 outcomes)"
    )
