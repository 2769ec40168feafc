"""The menu in groups by domain: each person sees the groups their pages fall in, in one order, with
the page they are on marked, and their role in words beside their name."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core import navigation
from heartline.core.contracts import Caller
from heartline.core.navigation import GROUP_ORDER, add_page, menu_for
from heartline.core.roles import Role
from heartline.warehouse.scope import Scope

ClientAs = Callable[[str], Client]


def person(role: str) -> Caller:
    return Caller(user_id=7, username="someone", role=role, employee_code="e-7", unit_code=None, scope=Scope.nothing())


def test_a_qa_analysts_menu_groups_the_quality_pages_together() -> None:
    groups = {group.label: [e.label for e in group.entries] for group in menu_for(person(Role.QA_ANALYST))}

    assert {"Audit queue", "Calibration", "Scorecards", "Quality scores", "Coaching"} <= set(
        groups["Quality and coaching"]
    )
    assert "Workforce" not in groups
    assert "Compliance" not in groups
    assert list(groups) == [label for label in GROUP_ORDER if label in groups]


def test_every_page_in_the_menu_sits_in_a_named_group_and_groups_are_never_empty() -> None:
    for role in Role:
        for group in menu_for(person(role)):
            assert group.entries, (role, group.label)
    unplaced = [e.url_name for e in navigation._ENTRIES.values() if e.group == "More"]
    assert sorted(unplaced) == ["admin:index", "api-v1:openapi-view"]


def test_a_page_added_in_a_group_that_does_not_exist_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "_ENTRIES", dict(navigation._ENTRIES))

    with pytest.raises(ValueError, match="menu group 'Odds and ends' is not one of Start, Members"):
        add_page("Odd", "odd:page", group="Odds and ends")


@pytest.mark.django_db
def test_the_page_shows_the_groups_marks_the_current_page_and_names_the_role(client_as: ClientAs) -> None:
    html = client_as("qa").get("/quality/").content.decode()

    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert re.findall(r"<h2>([^<]+)</h2>", nav)[:3] == ["Start", "Members", "Service"]
    assert re.search(r'href="/quality/" aria-current="page">Audit queue<', nav)
    assert "· QA analyst</span>" in html
