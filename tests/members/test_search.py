"""Search rules (docs/members.md, "Search"): id, name in any order by word prefix, phone by digits,
birth date in two layouts; only for those who may look up members; every search logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.models import AccessLogEntry
from heartline.members.selectors import find_members
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(people: object) -> None:
    make_member("M0001", "Maria", "Lopez", dt.date(1950, 4, 2), "(555) 010-0123")
    make_member("M0002", "Mario", "Lopes", dt.date(1961, 11, 30), "555-010-9999")
    make_member("X0100", "Ana", "Maria", dt.date(1950, 4, 2), "+1 212 555 0100")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("M0001", ["M0001"]),
        ("m000", ["M0002", "M0001"]),
        ("maria lopez", ["M0001"]),
        ("Lopez Maria", ["M0001"]),
        ("mar lop", ["M0002", "M0001"]),
        ("maria", ["M0001", "X0100"]),
        ("aria", []),
        ("5550100123", ["M0001"]),
        ("(555) 010-0123", ["M0001"]),
        ("010-0123", ["M0001"]),
        ("1-212-555-0100", ["X0100"]),
        ("1950-04-02", ["M0001", "X0100"]),
        ("11/30/1961", ["M0002"]),
        ("4/2/1950", ["M0001", "X0100"]),
        ("   ", []),
    ],
)
def test_search_rules(query: str, found: list[str], three: None, caller_named: Callable[[str], Caller]) -> None:
    result = find_members(caller_named("agent"), query)

    assert [h.member_id for h in result.hits] == found


def test_a_date_that_does_not_exist_is_refused(three: None, caller_named: Callable[[str], Caller]) -> None:
    with pytest.raises(ActionRefused, match="not a date"):
        find_members(caller_named("agent"), "02/30/1950")


def test_a_role_that_may_not_look_up_members_cannot_search(three: None, caller_named: Callable[[str], Caller]) -> None:
    with pytest.raises(NotAllowed):
        find_members(caller_named("exec"), "maria")


def test_a_search_is_logged_with_the_query_and_the_ids_listed(
    three: None, caller_named: Callable[[str], Caller]
) -> None:
    find_members(caller_named("agent"), "maria", channel="api")

    entry = AccessLogEntry.objects.get(action="members.search")
    assert (entry.username, entry.channel) == ("agent", "api")
    assert entry.detail == {"query": "maria", "matched_by": "member id, name", "member_ids": ["M0001", "X0100"]}
