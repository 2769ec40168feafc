"""Coaching: sessions on audits and behaviors, the pre-filled form, the follow-up queue, leadership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from heartline.coaching.selectors import follow_up_queue, prefill, visible_sessions
from heartline.coaching.services import CoachingError, hold_session, record_follow_up
from heartline.quality.models import ScorecardVersion
from heartline.quality.services.audits import AnswerInput
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)


def missed_listening_and_ownership(personas: Personas) -> list[int]:
    """Three audits of the agent: listening rated 2 twice and 5 once; ownership missed once."""
    a = audited(personas, "q-4", [*ALL_MET[:2], AnswerInput("listen", 2), AnswerInput("own", 0), ALL_MET[4]])
    b = audited(personas, "q-5", [*ALL_MET[:2], AnswerInput("listen", 2), *ALL_MET[3:]])
    c = audited(personas, "q-6", ALL_MET)
    return [a.pk, b.pk, c.pk]


def test_the_form_opens_with_the_behaviors_the_agent_missed_most(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    missed_listening_and_ownership(personas)
    found = prefill(caller(personas, "coach"), "e-agent", "front_line")

    assert found.focus_behavior_codes == ("listen-fully", "own-the-outcome")
    assert found.reasons["listen-fully"] == "not shown in 2 of 3 rated answers"


def test_leadership_coaching_suggests_what_reinforces_the_teams_misses(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    missed_listening_and_ownership(personas)
    found = prefill(caller(personas, "admin"), "e-coach", "leadership")

    assert found.focus_behavior_codes == ("model-listening", "recognize-ownership")
    assert found.titles["model-listening"] == "Model listening in huddles"
    why = found.reasons["model-listening"]
    assert why.startswith("reinforces “Listen fully before answering”, not shown in ")
    assert "listen-fully" not in why


def test_a_session_records_audits_behaviors_and_commitments(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audits = missed_listening_and_ownership(personas)
    session = hold_session(
        caller(personas, "coach"),
        coachee_code="e-agent",
        held_on=TODAY,
        audit_ids=audits[:2],
        focus_behavior_codes=["listen-fully"],
        commitments="Recap before answering",
        follow_up_on=TODAY + dt.timedelta(days=14),
        form_ratings={"hear": 2, "thank": 4},
    )

    assert sorted(session.audits.values_list("pk", flat=True)) == sorted(audits[:2])
    assert list(visible_sessions(caller(personas, "agent"))) == [session]
    assert list(visible_sessions(caller(personas, "bo"))) == []


def test_audits_of_someone_else_cannot_be_discussed(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    other = audited(personas, "q-7", ALL_MET)
    with pytest.raises(CoachingError, match="audits of the person coached"):
        hold_session(
            caller(personas, "coach"),
            coachee_code="e-agent",
            held_on=TODAY,
            audit_ids=[other.pk],
            focus_behavior_codes=["listen-fully"],
        )


def test_front_line_coaching_takes_front_line_behaviors(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(CoachingError, match="not front line behaviors: model-listening"):
        hold_session(
            caller(personas, "coach"), coachee_code="e-agent", held_on=TODAY, focus_behavior_codes=["model-listening"]
        )


def test_an_agent_cannot_coach(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(PermissionDenied):
        hold_session(
            caller(personas, "agent"), coachee_code="e-bo", held_on=TODAY, focus_behavior_codes=["listen-fully"]
        )


def test_the_queue_shows_overdue_follow_ups_first_until_followed_up(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    coach = caller(personas, "coach")
    late = hold_session(
        coach,
        coachee_code="e-agent",
        held_on=dt.date(2026, 3, 1),
        focus_behavior_codes=["listen-fully"],
        follow_up_on=dt.date(2026, 3, 15),
    )
    soon = hold_session(
        coach,
        coachee_code="e-bo",
        held_on=dt.date(2026, 4, 1),
        focus_behavior_codes=["listen-fully"],
        follow_up_on=dt.date(2026, 4, 20),
    )

    queue = follow_up_queue(coach, today=TODAY)
    assert (queue.overdue, queue.upcoming) == ([late], [soon])
    record_follow_up(coach, late.pk, notes="Recaps now", on=TODAY)
    assert follow_up_queue(coach, today=TODAY).overdue == []


def test_a_manager_coaches_a_coach_on_leadership_behaviors(personas: Personas, scorecard: ScorecardVersion) -> None:
    from heartline.core.models import Employee

    Employee.objects.filter(code="e-manager").first().scope_units.add(personas.org.commercial)  # type: ignore[union-attr]
    session = hold_session(
        caller(personas, "manager"),
        coachee_code="e-coach",
        held_on=TODAY,
        level="leadership",
        focus_behavior_codes=["model-listening"],
    )
    assert session.level == "leadership"
