"""Audits and coaching about a member's contacts reach the member view only within the viewer's
usual quality and coaching scope."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.members.selectors import member_view
from heartline.warehouse.store import Warehouse
from tests.members.factories import make_member
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited_and_coached(people: Personas, app_warehouse: Warehouse, caller_named: Callable[[str], Caller]) -> None:
    """Member M1's contact q-1 (handled by the agent) audited by QA and discussed by the coach."""
    from heartline.coaching.services import hold_session
    from heartline.quality.services.audits import AnswerInput, save_answers, start_audit
    from tests.quality.world import add_second_agent, build_behaviors, build_scorecards, write_quality_contacts

    add_second_agent(people)
    build_behaviors()
    build_scorecards()
    write_quality_contacts(app_warehouse)
    make_member("M1", "Rosa", "Diaz")
    qa = caller_named("qa")
    audit = start_audit(qa, contact_id="q-1", scorecard_code="cqa")
    answers = [
        AnswerInput(code, value)
        for code, value in (("greet", 1), ("verify", 1), ("listen", 5), ("own", 1), ("thank", 1))
    ]
    save_answers(qa, audit.pk, answers, complete=True)
    hold_session(
        caller_named("coach"),
        coachee_code="e-agent",
        held_on=clock.today(),
        audit_ids=[audit.pk],
        focus_behavior_codes=["listen-fully"],
    )


@pytest.mark.parametrize(
    ("username", "audits", "coaching"),
    [("admin", 1, 1), ("coach", 1, 1), ("agent", 1, 1), ("manager", 0, 0)],
)
def test_audits_and_coaching_follow_the_viewers_scope(
    username: str, audits: int, coaching: int, audited_and_coached: None, caller_named: Callable[[str], Caller]
) -> None:
    view = member_view(caller_named(username), "M1")

    assert (view.counts["audits"], view.counts["coaching"]) == (audits, coaching)
    assert [e.kind for e in view.timeline].count("audit") == audits
