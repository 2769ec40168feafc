"""One and done (first-contact resolution) and the repeat-contact rate, worked out by hand.

Unless a test says otherwise, the contact under test is `first`: member M-1 calls about `claims` on
Tuesday 10 March 2026 at 09:00 UTC, is answered at 09:00:20 and hangs up at 09:05:00, so its repeat
window (7 days) runs from 09:05:00 that day to 09:05:00 on 17 March, both ends included. The period
is March 2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from heartline.contacts.followups import CONTACT_FOLLOWUPS
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.derived import is_current, refresh_stale
from heartline.warehouse.runners import MetricQueryError
from heartline.warehouse.scope import Scope
from heartline.warehouse.writer import write_batch
from tests.contacts.metric_fixtures import (
    BUILD_DERIVED,
    abandoned_call,
    contact,
    rate_row,
    run,
    utc,
    warehouse_with,
)

FIRST_START = utc("2026-03-10 09:00:00")
FIRST_END = utc("2026-03-10 09:05:00")  # FIRST_START + 300 s, the default `ended_after`
WINDOW_END = utc("2026-03-17 09:05:00")  # FIRST_END + 7 days


@pytest.fixture(autouse=True, params=["range-join", "followups-table"])
def lookup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case twice: repeats found by searching the contacts, and through the derived follow-ups
    table the worker builds after an ingest. Both must give the hand-worked answer."""
    monkeypatch.setitem(BUILD_DERIVED, "on", request.param == "followups-table")
    return str(request.param)


def first(**fields: Any) -> dict[str, Any]:
    return contact("first", FIRST_START, **fields)


# -- one and done: what resolves a contact and what does not ---------------------------------------


def test_a_contact_with_no_handoff_and_no_repeat_is_resolved(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [first()])

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


def test_same_reason_on_another_channel_within_the_window_is_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # phone; chat repeat two days later → not resolved
            contact("chat-repeat", utc("2026-03-12 14:00:00"), channel="chat"),  # nothing after it → resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 2)]


def test_repeat_starting_exactly_at_the_window_edge_counts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # repeat starts exactly 7 days after its end → not resolved
            contact("edge", WINDOW_END),  # nothing after it → resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 2)]


def test_repeat_one_second_after_the_window_edge_does_not_count(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # next contact starts 7 days + 1 s after its end → resolved
            contact("too-late", utc("2026-03-17 09:05:01")),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(2, 2)]


def test_repeat_starting_exactly_when_the_contact_ended_counts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # member calls back the second the first call ends → not resolved
            contact("call-back", FIRST_END),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 2)]


def test_contact_started_during_this_one_is_not_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # the chat began at 09:03, before this call ended at 09:05 → not a repeat → resolved
            # 09:03–09:08; `first` started before the chat ended, so it is no repeat of it → resolved
            contact("chat-meanwhile", utc("2026-03-10 09:03:00"), channel="chat"),
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(2, 2)]


def test_a_contact_is_not_its_own_repeat(tmp_path: Path) -> None:
    # answered at once and no end recorded: it "ends" the moment it starts, inside its own window
    warehouse = warehouse_with(tmp_path, [first(answered_after=0, ended_after=None)])  # resolved

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


def test_window_is_measured_from_the_answer_time_when_the_end_is_missing(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            # no end: the window runs from the answer (09:00:20) to 17 March 09:00:20. The next contact at
            # 09:00:10 on 17 March is inside it (it would be outside a window measured from the start)
            # → not resolved
            first(ended_after=None),
            contact("repeat", utc("2026-03-17 09:00:10")),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 2)]


def test_different_reason_within_the_window_leaves_the_contact_resolved(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # next day's call is about pharmacy, not claims → resolved
            contact("other-need", utc("2026-03-11 10:00:00"), reason="pharmacy"),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(2, 2)]


def test_another_members_contact_is_not_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # M-2 calling about claims says nothing about M-1 → resolved
            contact("someone-else", utc("2026-03-11 10:00:00"), member_id="M-2"),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(2, 2)]


def test_contacts_with_no_reason_never_match_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(reason=None),  # unknown reason is not "the same reason" as the next unknown → resolved
            contact("also-unknown", utc("2026-03-11 10:00:00"), reason=None),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(2, 2)]


def test_outbound_follow_up_is_not_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # only inbound contacts are repeats → resolved
            contact("we-called", utc("2026-03-11 10:00:00"), direction="outbound"),  # not inbound → not counted
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


def test_abandoned_call_back_is_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            # the member made another inbound contact with the same reason (that nobody answered) → not resolved
            first(),
            abandoned_call("hung-up", utc("2026-03-11 10:00:00")),  # not answered → not counted
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(0, 1)]


def test_a_handoff_makes_the_contact_unresolved(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(route="general>claims"),  # one handoff, no repeat → not resolved
            contact("other", utc("2026-03-20 09:00:00"), member_id="M-2"),  # resolved
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 2)]


def test_a_consult_is_not_a_handoff(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [first(consult_count=2)])  # two consults, one queue → resolved

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


def test_contacts_with_no_member_are_not_counted(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # resolved
            # two anonymous callers about claims: neither is in the denominator (nor repeats of each other)
            contact("anonymous-1", utc("2026-03-11 10:00:00"), member_id=None),
            contact("anonymous-2", utc("2026-03-11 11:00:00"), member_id=None, route="general>claims"),
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


def test_outbound_contacts_are_not_counted(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # resolved
            # an outbound call handed off (it would be unresolved if it counted) → not in the denominator
            contact("outbound", utc("2026-03-20 09:00:00"), member_id="M-2", direction="outbound", route="a>b"),
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


def test_unanswered_contacts_are_not_counted(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # resolved
            abandoned_call("abandoned", utc("2026-03-20 09:00:00"), member_id="M-2"),  # not answered
            # an answer time but marked abandoned → not answered
            contact("odd", utc("2026-03-21 09:00:00"), member_id="M-3", abandoned=True),
            # an email not yet answered (no answer time, not abandoned) → not answered
            contact("waiting", utc("2026-03-22 09:00:00"), member_id="M-4", channel="email", answered_after=None),
        ],
    )

    assert run("one-and-done", warehouse) == [rate_row(1, 1)]


# -- the window option -------------------------------------------------------------------------------

TEN_DAYS_LATER = [
    first(),  # the next contact starts 10 days after this one's end: a repeat for a 14-day window, not a 7-day one
    contact("ten-days-later", utc("2026-03-20 09:05:00")),  # resolved
]


def test_default_window_is_seven_days(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, TEN_DAYS_LATER)

    assert run("one-and-done", warehouse) == [rate_row(2, 2)]


@pytest.mark.parametrize(("window_days", "resolved"), [(7, 2), (14, 1)])
def test_window_days_option_sets_the_window(tmp_path: Path, window_days: int, resolved: int) -> None:
    warehouse = warehouse_with(tmp_path, TEN_DAYS_LATER)

    assert run("one-and-done", warehouse, options={"window_days": window_days}) == [rate_row(resolved, 2)]


@pytest.mark.parametrize("window_days", [1, 90])
def test_window_days_accepts_one_to_ninety(tmp_path: Path, window_days: int) -> None:
    warehouse = warehouse_with(tmp_path, [first()])

    assert run("one-and-done", warehouse, options={"window_days": window_days}) == [rate_row(1, 1)]


@pytest.mark.parametrize(("later_start", "resolved"), [("2026-06-08 09:05:00", 0), ("2026-06-08 09:05:01", 1)])
def test_the_longest_window_reaches_exactly_ninety_days(tmp_path: Path, later_start: str, resolved: int) -> None:
    """The follow-ups table keeps gaps only up to the longest window (90 days from 09:05 on 10 March
    is 09:05 on 8 June): a repeat at the edge still counts, one a second later is no repeat."""
    warehouse = warehouse_with(tmp_path, [first(), contact("months-later", utc(later_start))])

    assert run("one-and-done", warehouse, options={"window_days": 90}) == [rate_row(resolved, 1)]


@pytest.mark.parametrize(
    "window_days",
    [
        0,
        -1,
        91,
    ],
)
def test_window_days_out_of_range_is_refused(tmp_path: Path, window_days: int) -> None:
    warehouse = warehouse_with(tmp_path, [first()])

    with pytest.raises(MetricQueryError, match="window_days"):
        run("one-and-done", warehouse, options={"window_days": window_days})


# -- the repeat lookup reads every contact ------------------------------------------------------------


def test_repeat_in_another_unit_counts_for_a_caller_scoped_to_one_unit(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(unit="commercial"),  # the member called medicare two days later → not resolved
            # invisible to the caller, so not in the denominator; still makes `first` a repeat
            contact("medicare-repeat", utc("2026-03-12 10:00:00"), unit="medicare", agent_id="a-medicare"),
        ],
    )

    assert run("one-and-done", warehouse, scope=Scope.of_units("commercial")) == [rate_row(0, 1)]


def test_repeat_after_the_period_still_counts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # the period ends on 10 March; the repeat on the 12th still counts → not resolved
            contact("after-period", utc("2026-03-12 10:00:00")),  # outside the period → not counted
        ],
    )

    rows = run("one-and-done", warehouse, start=FIRST_START.date(), end=FIRST_START.date())

    assert rows == [rate_row(0, 1)]


def test_repeat_outside_the_dimension_filter_still_counts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(channel="phone"),  # a chat repeat two days later, though the caller filters on phone → not resolved
            contact("chat-repeat", utc("2026-03-12 10:00:00"), channel="chat"),  # filtered out → not counted
        ],
    )

    assert run("one-and-done", warehouse, filters={"channel": ("phone",)}) == [rate_row(0, 1)]


def test_repeat_lookup_for_an_agent_reads_other_agents_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(agent_id="a-ines"),  # the member called back and reached another agent → not resolved
            contact("other-agent", utc("2026-03-12 10:00:00"), agent_id="a-omar"),  # not Ines's → not counted
        ],
    )

    assert run("one-and-done", warehouse, scope=Scope.of_agent("a-ines")) == [rate_row(0, 1)]


# -- grouping ---------------------------------------------------------------------------------------


def test_by_consulted_splits_the_rate(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(member_id="M-1", consult_count=1),  # consulted, resolved
            contact("c2", utc("2026-03-11 09:00"), member_id="M-2", consult_count=3, route="general>claims"),
            # ↑ consulted, handed off → not resolved
            contact("c3", utc("2026-03-12 09:00"), member_id="M-3", consult_count=0),  # not consulted, resolved
            contact("c4", utc("2026-03-13 09:00"), member_id="M-4", consult_count=None),  # no count → "no", resolved
        ],
    )

    assert run("one-and-done", warehouse, by=("consulted",)) == [
        rate_row(2, 2, consulted="no"),
        rate_row(1, 2, consulted="yes"),
    ]


def test_by_unit_gives_each_unit_its_rate(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(unit="commercial"),  # commercial: the medicare contact below is its repeat → not resolved
            contact("m1", utc("2026-03-12 10:00"), unit="medicare"),  # medicare: resolved
            contact("m2", utc("2026-03-20 10:00"), unit="medicare", member_id="M-2"),  # medicare: resolved
        ],
    )

    assert run("one-and-done", warehouse, by=("unit",)) == [
        rate_row(0, 1, unit="commercial"),
        rate_row(2, 2, unit="medicare"),
    ]


def test_by_month_uses_the_start_of_the_contact(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            # started on 31 March 23:58 UTC, ended on 1 April: a March contact, its repeat on 2 April counts
            contact("late-march", utc("2026-03-31 23:58:00")),
            contact("april", utc("2026-04-02 10:00:00")),  # April: resolved
        ],
    )

    rows = run("one-and-done", warehouse, by=("month",), end=dt.date(2026, 4, 30))

    assert rows == [rate_row(0, 1, month="2026-03-01"), rate_row(1, 1, month="2026-04-01")]


def test_nothing_visible_gives_no_rows_by_unit(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [first()])

    assert run("one-and-done", warehouse, by=("unit",), scope=Scope.nothing()) == []


# -- repeat-contact rate -------------------------------------------------------------------------------


def test_repeat_rate_is_the_share_followed_by_a_same_reason_contact(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # chat repeat two days later → repeated
            contact("chat-repeat", utc("2026-03-12 14:00:00"), channel="chat"),  # nothing after it → not repeated
            contact("m2", utc("2026-03-12 15:00:00"), member_id="M-2"),  # not repeated
        ],
    )

    assert run("repeat-contact-rate", warehouse) == [rate_row(1, 3)]


def test_a_handoff_is_not_a_repeat(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [first(route="general>claims>appeals")])  # two handoffs, no repeat

    assert run("repeat-contact-rate", warehouse) == [rate_row(0, 1)]


def test_repeat_rate_counts_the_same_contacts_as_one_and_done(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(),  # repeated by the abandoned call below
            abandoned_call("hung-up", utc("2026-03-11 10:00:00")),  # not answered → not counted
            contact("anonymous", utc("2026-03-11 11:00:00"), member_id=None),  # no member → not counted
            contact("outbound", utc("2026-03-11 12:00:00"), direction="outbound"),  # outbound → not counted
        ],
    )

    assert run("repeat-contact-rate", warehouse) == [rate_row(1, 1)]


def test_repeat_rate_window_edges(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            first(member_id="M-1"),  # repeat exactly 7 days after its end → repeated
            contact("edge", WINDOW_END, member_id="M-1", reason="claims"),  # not repeated
            contact("m2", FIRST_START, member_id="M-2"),  # repeat 7 days + 1 s after its end → not repeated
            contact("too-late", utc("2026-03-17 09:05:01"), member_id="M-2"),  # not repeated
        ],
    )

    assert run("repeat-contact-rate", warehouse) == [rate_row(1, 4)]


def test_repeat_rate_window_days_option(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, TEN_DAYS_LATER)  # `first` is repeated within 14 days, not 7

    assert run("repeat-contact-rate", warehouse, options={"window_days": 14}) == [rate_row(1, 2)]


# -- the follow-ups table stands in only while it matches the contacts --------------------------------


def test_followups_table_goes_stale_when_contacts_change_and_answers_stay_right(tmp_path: Path, lookup: str) -> None:
    warehouse = warehouse_with(tmp_path, [first()])
    assert is_current(warehouse, CONTACT_FOLLOWUPS) == (lookup == "followups-table")
    assert run("one-and-done", warehouse) == [rate_row(1, 1)]

    # a repeat arrives after the follow-ups were built (the worker has not run yet): the table no
    # longer matches, so the runner searches the contacts, and the answer changes at once
    repeat = contact("repeat", utc("2026-03-12 10:00:00"))
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist([repeat], schema=CONTACTS.schema), source="tests")
    assert not is_current(warehouse, CONTACT_FOLLOWUPS)
    assert run("one-and-done", warehouse) == [rate_row(1, 2)]

    refresh_stale(warehouse)  # the worker's turn
    assert is_current(warehouse, CONTACT_FOLLOWUPS)
    assert run("one-and-done", warehouse) == [rate_row(1, 2)]
