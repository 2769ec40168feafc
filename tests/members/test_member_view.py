"""The member view: one timeline across systems, open items on top, every section with its n."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.members.models import Member
from heartline.members.selectors import member_view

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["contacts", "contacts-by-member"])
def contact_reads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case twice: the member's contacts read from `contacts`, and from the by-member copy the
    worker rebuilds after an ingest. Both must give the same view."""
    from tests.members.factories import BUILD_DERIVED

    monkeypatch.setitem(BUILD_DERIVED, "on", request.param == "contacts-by-member")
    return str(request.param)


def test_the_timeline_joins_every_system_newest_first(member: Member, caller_named: Callable[[str], Caller]) -> None:
    view = member_view(caller_named("admin"), "M0001")

    kinds = [e.kind for e in view.timeline]
    assert sorted(set(kinds)) == ["case", "claim", "contact", "denied_claim", "encounter", "fill", "survey"]
    assert [e.at for e in view.timeline] == sorted((e.at for e in view.timeline), reverse=True)
    assert view.timeline[0].reference == "R-1"


def test_open_items_name_the_recent_denial_and_the_calls_about_it_and_the_open_case(
    member: Member, caller_named: Callable[[str], Caller]
) -> None:
    view = member_view(caller_named("admin"), "M0001")

    denied_on = (clock.today() - dt.timedelta(days=5)).isoformat()
    opened_on = (clock.today() - dt.timedelta(days=3)).isoformat()
    assert [(i.rule, i.text) for i in view.open_items] == [
        ("open_case", f"Open case CASE-1 (claim_appeal standard) since {opened_on}"),
        ("recent_denial", f"Denied claim on {denied_on} (Precertification absent), called twice about it"),
    ]


def test_every_section_says_how_many_records_it_rests_on(member: Member, caller_named: Callable[[str], Caller]) -> None:
    view = member_view(caller_named("admin"), "M0001")

    assert view.counts == {
        "header": 1,
        "contacts": 3,
        "cases": 1,
        "surveys": 1,
        "claims": 3,
        "encounters": 1,
        "conditions": 1,
        "medications": 1,
        "audits": 0,
        "coaching": 0,
    }


def test_a_survey_verbatim_reaches_the_timeline_redacted(member: Member, caller_named: Callable[[str], Caller]) -> None:
    view = member_view(caller_named("agent"), "M0001")

    [survey] = [e for e in view.timeline if e.kind == "survey"]
    assert "555-010-0123" not in survey.detail
    assert survey.detail.startswith("Still not paid.")


def test_an_agent_sees_the_contacts_their_scope_holds_only(
    member: Member, caller_named: Callable[[str], Caller]
) -> None:
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.store import Warehouse
    from tests.members.factories import contact, write

    write(Warehouse.default(), CONTACTS, [contact("C-OTHER", agent_id="e-someone-else", days=2)])

    agent_view = member_view(caller_named("agent"), "M0001")
    admin_view = member_view(caller_named("admin"), "M0001")

    assert (agent_view.counts["contacts"], admin_view.counts["contacts"]) == (3, 4)


def test_a_member_with_no_history_has_an_empty_timeline_and_nothing_open(
    app_warehouse: object, caller_named: Callable[[str], Caller]
) -> None:
    from tests.members.factories import make_member

    make_member("M0002", "Ken", "Ito")

    view = member_view(caller_named("care_manager"), "M0002")

    assert (view.timeline, view.open_items, view.header.name) == ((), (), "Ken Ito")


def test_an_unknown_member_is_not_found(app_warehouse: object, caller_named: Callable[[str], Caller]) -> None:
    from heartline.core.errors import NotFound

    with pytest.raises(NotFound):
        member_view(caller_named("agent"), "M9999")
