"""The closed loop: low or complaining responses open follow-ups for their unit (once), due within the
unit's business days; supervisors record the call back; a grievance opens a regulated case; the
loop's figures count what was closed in time, the outcomes and the members' next score."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR, caller_for
from heartline.voice.follow_up_clock import FollowUpSettingError, add_business_days, business_days_for, due_at
from heartline.voice.follow_up_selectors import loop_figures, unit_queue
from heartline.voice.follow_up_services import open_follow_ups, record_outcome
from heartline.voice.models import FollowUp
from tests.voice.follow_up_world import OPENED, SINCE, UNTIL, write_follow_up_responses

NEW_YORK = __import__("zoneinfo").ZoneInfo("America/New_York")


@pytest.fixture
def loop_responses(app_warehouse, personas):
    write_follow_up_responses(app_warehouse)
    return personas


def coach(personas):
    return caller_for(personas.coach.user)


def by_response() -> dict[str, FollowUp]:
    return {f.response_id: f for f in FollowUp.objects.all()}


# -- the clock -------------------------------------------------------------------------------------


def test_two_business_days_skip_the_weekend() -> None:
    friday = dt.date(2026, 6, 5)
    assert add_business_days(friday, 2) == dt.date(2026, 6, 9)  # Monday, Tuesday
    assert add_business_days(dt.date(2026, 6, 6), 2) == dt.date(2026, 6, 9)  # from a Saturday, too
    assert add_business_days(dt.date(2026, 6, 8), 2) == dt.date(2026, 6, 10)


def test_federal_holidays_are_not_business_days() -> None:
    # Thanksgiving (Thursday 26 November 2026) and Christmas (Friday 25 December) are skipped.
    assert add_business_days(dt.date(2026, 11, 25), 2) == dt.date(2026, 11, 30)
    assert add_business_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)


def test_the_call_back_is_due_by_the_end_of_the_last_business_day_in_the_plans_zone() -> None:
    due = due_at(OPENED, 2, NEW_YORK)
    assert due.astimezone(NEW_YORK).date() == dt.date(2026, 6, 9)
    assert due == dt.datetime(2026, 6, 10, 4, tzinfo=dt.UTC) - dt.timedelta(microseconds=1)


def test_a_unit_may_have_its_own_allowance(settings) -> None:
    settings.VOICE_FOLLOW_UP_BUSINESS_DAYS = 2
    settings.VOICE_FOLLOW_UP_UNIT_DAYS = {"medicare": 1}
    assert business_days_for("medicare") == 1
    assert business_days_for("commercial") == 2
    settings.VOICE_FOLLOW_UP_UNIT_DAYS = {"medicare": -1}
    with pytest.raises(FollowUpSettingError, match=r"VOICE_FOLLOW_UP_UNIT_DAYS\['medicare'\]"):
        business_days_for("medicare")


# -- opening ---------------------------------------------------------------------------------------


def test_detractors_low_csat_and_complaints_open_follow_ups_for_their_unit(loop_responses) -> None:
    with time_machine.travel(OPENED, tick=False):
        report = open_follow_ups(coach(loop_responses), since=SINCE, until=UNTIL)
    assert (report.considered, report.opened, report.not_called_for, report.without_member) == (5, 3, 1, 1)
    found = by_response()
    assert {code: f.trigger for code, f in found.items()} == {
        "L-1": "detractor",
        "L-2": "low_csat",
        "L-3": "complaint",
    }
    assert found["L-3"].complaint_themes == "wait_time"
    assert {f.unit_code for f in found.values()} == {"commercial"}  # the medicare detractor is not the coach's
    assert found["L-1"].due_at == dt.datetime(2026, 6, 10, 4, tzinfo=dt.UTC) - dt.timedelta(microseconds=1)
    assert "555-201-3344" not in found["L-1"].verbatim
    assert "[PHONE]" in found["L-1"].verbatim or "555" not in found["L-1"].verbatim


def test_opening_again_on_the_same_responses_opens_nothing_new(loop_responses) -> None:
    caller = coach(loop_responses)
    with time_machine.travel(OPENED, tick=False):
        open_follow_ups(caller, since=SINCE, until=UNTIL)
        again = open_follow_ups(caller, since=SINCE, until=UNTIL)
        everyone = open_follow_ups(OPERATOR, since=SINCE, until=UNTIL)
    assert (again.opened, again.already_open) == (0, 3)
    assert everyone.opened == 1  # only the medicare detractor was new
    assert FollowUp.objects.count() == 4


def test_a_representative_may_not_open_or_work_follow_ups(loop_responses) -> None:
    with pytest.raises(NotAllowed):
        open_follow_ups(caller_for(loop_responses.agent.user), since=SINCE)


def test_opening_is_access_logged(loop_responses) -> None:
    open_follow_ups(coach(loop_responses), since=SINCE, until=UNTIL)
    entry = AccessLogEntry.objects.get(action="voice.follow_ups.open")
    assert entry.username == "coach"
    assert entry.detail["opened"] == 3


# -- outcomes and figures --------------------------------------------------------------------------


def test_outcomes_stop_the_clock_and_feed_the_figures(loop_responses) -> None:
    caller = coach(loop_responses)
    with time_machine.travel(OPENED, tick=False):
        open_follow_ups(caller, since=SINCE, until=UNTIL)
    found = by_response()
    with time_machine.travel(dt.datetime(2026, 6, 15, 15, tzinfo=dt.UTC), tick=False):
        record_outcome(
            caller,
            found["L-1"].pk,
            "resolved",
            note="Reprocessed the claim",
            called_at=dt.datetime(2026, 6, 8, 14, tzinfo=dt.UTC),
        )
        record_outcome(caller, found["L-2"].pk, "explained", called_at=dt.datetime(2026, 6, 12, 14, tzinfo=dt.UTC))
        queue = unit_queue(caller, "commercial")
        figures = loop_figures(caller, "commercial", dt.date(2026, 6, 1), dt.date(2026, 6, 30))

    assert [row.follow_up.response_id for row in queue["open"]] == ["L-3"]
    assert queue["overdue"] == 1
    assert figures["standings"] == {"on_time": 1, "late": 1, "overdue": 1, "open": 0}
    in_time = figures["in_time"]
    assert (in_time.count, in_time.n) == (1, 3)
    # Wilson 95% interval of 1/3 (Newcombe 1998, method 3): 0.0615 to 0.7923.
    assert in_time.ci == pytest.approx((0.0615, 0.7923), abs=1e-4)
    mix = {code: s for code, _, s in figures["outcomes"]}
    assert (mix["resolved"].count, mix["explained"].count, mix["grievance_filed"].count, mix["resolved"].n) == (
        1,
        1,
        0,
        2,
    )
    nxt = figures["next_score"]
    assert (nxt["called"], nxt["answered"]) == (2, 1)  # M0000 answered again on 20 June with a 9
    assert nxt["nps"].n == 1
    assert nxt["nps"].promoters == 1
    assert (nxt["recovered"].count, nxt["recovered"].n) == (1, 1)


def test_a_closed_follow_up_cannot_be_closed_again(loop_responses) -> None:
    caller = coach(loop_responses)
    open_follow_ups(caller, since=SINCE, until=UNTIL)
    pk = by_response()["L-2"].pk
    record_outcome(caller, pk, "explained")
    with pytest.raises(ActionRefused, match="already closed"):
        record_outcome(caller, pk, "resolved")


def test_outcome_input_is_checked_by_name(loop_responses) -> None:
    caller = coach(loop_responses)
    open_follow_ups(caller, since=SINCE, until=UNTIL)
    pk = by_response()["L-2"].pk
    with pytest.raises(ActionRefused, match="outcome must be one of"):
        record_outcome(caller, pk, "fixed")
    with pytest.raises(ActionRefused, match="line_of_business"):
        record_outcome(caller, pk, "grievance_filed")
    with pytest.raises(ActionRefused, match="before the member answered"):
        record_outcome(caller, pk, "resolved", called_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))


def test_another_units_manager_does_not_find_the_follow_up(loop_responses) -> None:
    open_follow_ups(coach(loop_responses), since=SINCE, until=UNTIL)
    pk = by_response()["L-2"].pk
    with pytest.raises(NotFound):
        record_outcome(caller_for(loop_responses.manager.user), pk, "resolved")


def test_the_note_is_redacted_and_the_outcome_access_logged(loop_responses) -> None:
    caller = coach(loop_responses)
    open_follow_ups(caller, since=SINCE, until=UNTIL)
    done = record_outcome(caller, by_response()["L-2"].pk, "explained", note="Called 555-201-3344 back")
    assert "555-201-3344" not in done.note
    assert done.closed_by_name.startswith("Cole")
    entry = AccessLogEntry.objects.get(action="voice.follow_up.outcome")
    assert (entry.member_id, entry.detail["outcome"]) == ("M0001", "explained")


def test_a_grievance_opens_a_regulated_case_with_its_clock(loop_responses, contacts) -> None:
    from heartline.compliance.records import RegulatedCases
    from heartline.core.analytics import warehouse_source
    from heartline.warehouse.runners import MetricQuery

    caller = coach(loop_responses)
    open_follow_ups(caller, since=SINCE, until=UNTIL)
    done = record_outcome(
        caller, by_response()["L-1"].pk, "grievance_filed", line_of_business="commercial", note="Wants to complain"
    )
    assert done.case_id.startswith("RC-")
    case = RegulatedCases(MetricQuery(), OPERATOR.scope, warehouse_source()).stored(done.case_id)
    assert case is not None
    assert (case["member_id"], case["unit"], case["category"], case["line_of_business"]) == (
        "M0000",
        "commercial",
        "grievance",
        "commercial",
    )


def test_a_grievance_needs_the_surveyed_contact(loop_responses) -> None:
    caller = coach(loop_responses)
    open_follow_ups(caller, since=SINCE, until=UNTIL)
    with pytest.raises(ActionRefused, match="names no contact"):
        record_outcome(caller, by_response()["L-2"].pk, "grievance_filed", line_of_business="commercial")
    assert by_response()["L-2"].is_open
