"""Coaching notes, commitments and follow-up notes are stored cleared of PHI (issue 13): a coach who
quotes a call in the notes does not keep the member's identifiers in the coaching record."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.coaching.services import hold_session, record_follow_up
from heartline.members.models import Member
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


def test_a_members_full_name_in_the_notes_is_stored_redacted_wherever_it_recurs(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    # Members are not in the redactor's list of known names (staff are): their names are looked up per text.
    Member.objects.create(member_id="M-77", given_name="Donna", family_name="Kowalski", search_name="donna kowalski")
    session = hold_session(
        caller(personas, "coach"),
        coachee_code="e-agent",
        held_on=HELD_ON,
        focus_behavior_codes=["own-the-outcome"],
        notes="Listened to the call with Donna Kowalski about her bill; Donna was upset. Will call back.",
        commitments="Call KOWALSKI, Donna back before Friday",
    )
    session.refresh_from_db()
    assert (session.notes, session.commitments) == (
        "Listened to the call with [NAME] about her bill; [NAME] was upset. Will call back.",
        "Call [NAME], [NAME] back before Friday",
    )
