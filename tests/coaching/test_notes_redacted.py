"""Coaching notes, commitments and follow-up notes are stored cleared of PHI (issue 13): a coach who
quotes a call in the notes does not keep the member's identifiers in the coaching record."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.coaching.services import hold_session, record_follow_up
from heartline.quality.models import ScorecardVersion
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2026, 4, 10)


def test_session_notes_and_commitments_are_stored_redacted(personas: Personas, scorecard: ScorecardVersion) -> None:
    session = hold_session(
        caller(personas, "coach"),
        coachee_code="e-agent",
        held_on=HELD_ON,
        focus_behavior_codes=["own-the-outcome"],
        notes="Read back SSN 123-45-6789 and MBI 1EG4TE5MK73 aloud",
        commitments="Never repeat 212 555 1234 on the line",
    )
    session.refresh_from_db()
    assert (session.notes, session.commitments) == (
        "Read back SSN [SSN] and MBI [MBI] aloud",
        "Never repeat [PHONE] on the line",
    )


def test_follow_up_notes_are_stored_redacted(personas: Personas, scorecard: ScorecardVersion) -> None:
    session = hold_session(
        caller(personas, "coach"), coachee_code="e-agent", held_on=HELD_ON, focus_behavior_codes=["own-the-outcome"]
    )
    record_follow_up(caller(personas, "coach"), session.pk, notes="Member emailed jo@example.com", on=HELD_ON)
    session.refresh_from_db()
    assert session.follow_up_notes == "Member emailed [EMAIL]"
