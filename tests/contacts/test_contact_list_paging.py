"""The contact list's pages: newest first, found among the newest contacts when they hold the page and
in the whole period when they do not, and each page's contacts flagged as the figure counts them.

A year of calls (two a day, one repeat of the other on some days, a handoff now and then) is paged
through with small pages, near the newest and deep in the past, and every page is checked against
the same year sorted whole by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from heartline.contacts import records as contact_records
from heartline.contacts.records import SEEK_DAYS, ContactRecords, ListSpan
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from tests.contacts.metric_fixtures import BUILD_DERIVED, contact, warehouse_with

START = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
DAYS = 365


@pytest.fixture(params=["range-join", "followups-table"])
def records(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ContactRecords:
    monkeypatch.setitem(BUILD_DERIVED, "on", request.param == "followups-table")
    rows = []
    for day in range(DAYS):
        morning = START + dt.timedelta(days=day)
        member = f"M-{day}"
        rows.append(
            contact(f"c{day:03d}a", morning, member_id=member, route="general>billing" if day % 5 else "general")
        )
        # The afternoon call repeats the morning's reason every third day (a repeat within 7 days).
        rows.append(
            contact(
                f"c{day:03d}b",
                morning + dt.timedelta(hours=6),
                member_id=member,
                reason="claims" if day % 3 == 0 else "billing",
            )
        )
    rows.append(contact("outbound", START, direction="outbound"))
    rows.append(contact("no-member", START, member_id=None))
    warehouse = warehouse_with(tmp_path, rows)
    return ContactRecords(MetricQuery(), Scope.everything(), DuckDBSource(warehouse))


def by_hand(day: int, afternoon: bool) -> dict[str, object]:
    repeated = day % 3 == 0 and not afternoon  # the morning call, repeated that afternoon
    handed_off = not afternoon and day % 5 != 0
    return {
        "contact_id": f"c{day:03d}{'b' if afternoon else 'a'}",
        "repeated": repeated,
        "first_contact_resolved": not repeated and not handed_off,
    }


NEWEST_FIRST = [by_hand(day, afternoon) for day in reversed(range(DAYS)) for afternoon in (True, False)]


@pytest.mark.parametrize("offset", [0, 3, 13, 2 * 7 - 1, 2 * 40, 2 * 200, 2 * DAYS - 4, 2 * DAYS])
def test_every_page_is_the_whole_year_sorted_newest_first(records: ContactRecords, offset: int) -> None:
    span = records.span()
    rows = records.counted(5, offset, span)

    assert span.total == 2 * DAYS  # the outbound call and the one with no member are not counted
    shown = [{k: r[k] for k in ("contact_id", "repeated", "first_contact_resolved")} for r in rows]
    assert shown == NEWEST_FIRST[offset : offset + 5]


def test_the_span_counts_the_contacts_within_each_seek_window_of_the_newest() -> None:
    newest = dt.datetime(2026, 5, 31, 15, 0, tzinfo=dt.UTC)
    span = ListSpan(total=730, newest=newest, within=((7, 15), (35, 71), (140, 281)))

    assert [days for days, _ in span.within] == list(SEEK_DAYS)
    assert span.since(10) == newest - dt.timedelta(days=7)
    assert span.since(15) == newest - dt.timedelta(days=7)
    assert span.since(16) == newest - dt.timedelta(days=35)
    assert span.since(282) is None  # the whole period
    assert ListSpan(0, None, ()).since(1) is None


def test_the_span_of_the_demo_year_matches_a_count_by_hand(records: ContactRecords) -> None:
    span = records.span()

    assert span.newest == START + dt.timedelta(days=DAYS - 1, hours=6)
    # Within 7 days of the newest (15:00 on the last day): the last 7 days' two calls each, and the
    # afternoon call of the day 7 days before (15:00, exactly 7 days back, is within).
    assert dict(span.within)[7] == 2 * 7 + 1


@pytest.mark.parametrize("offset", [0, 13, 2 * 200])
def test_a_read_longer_than_flagging_by_id_allows_gives_the_same_rows(
    records: ContactRecords, offset: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contact_records, "FLAGGED_BY_ID", 4)  # 5 a page is then "long", as the sampler's reads are

    rows = records.counted(5, offset)

    shown = [{k: r[k] for k in ("contact_id", "repeated", "first_contact_resolved")} for r in rows]
    assert shown == NEWEST_FIRST[offset : offset + 5]
