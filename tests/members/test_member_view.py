"""The member view: one timeline across systems, open items on top, every section with its n."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from heartline.core.contracts import Caller
from heartline.members.models import Member
from heartline.members.selectors import member_view

pytestmark = pytest.mark.django_db


def test_the_timeline_joins_every_system_newest_first(member: Member, caller_named: Callable[[str], Caller]) -> None:
    view = member_view(caller_named("admin"), "M0001")

    kinds = [e.kind for e in view.timeline]
    assert sorted(set(kinds)) == ["case", "claim", "contact", "denied_claim", "encounter", "fill", "survey"]
    assert [e.at for e in view.timeline] == sorted((e.at for e in view.timeline), reverse=True)
    assert view.timeline[0].reference == "R-1"
