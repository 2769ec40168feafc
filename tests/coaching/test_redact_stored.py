"""`heartline redact-stored`: ideas, comments, idea moves and coaching notes stored before redaction on
write are redacted by today's redactor; a second run changes nothing (issue 13)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from heartline.cli import app
from heartline.coaching.models import CoachingSession
from heartline.coaching.services import hold_session, redact_stored_notes
from heartline.core.errors import NotAllowed
from heartline.core.models import AccessLogEntry
from heartline.quality.models import ScorecardVersion
from heartline.voice.models import Idea, IdeaComment
from heartline.voice.services import comment_on_idea, propose_idea, redact_stored_ideas
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

runner = CliRunner()
OLD_NOTES = "Member 123-45-6789 called back on 212 555 1234"


def stored_before_redaction(personas: Personas) -> tuple[Idea, IdeaComment, CoachingSession]:
    """An idea, a comment and a coaching session as written before redaction on write: the raw text
    put back underneath the services, as an old database holds it."""
    agent = caller(personas, "agent")
    idea = propose_idea(agent, title="Callback queue", description="", link_kind="theme", link_code="wait_time")
    comment = comment_on_idea(agent, idea.reference, "fine")
    session = hold_session(
        caller(personas, "coach"),
        coachee_code="e-agent",
        held_on=dt.date(2026, 4, 10),
        focus_behavior_codes=["own-the-outcome"],
    )
    Idea.objects.filter(pk=idea.pk).update(title="Callback for A123456", description="SSN 123456789 on the line")
    IdeaComment.objects.filter(pk=comment.pk).update(text="Her MBI is 1EG4-TE5-MK73")
    CoachingSession.objects.filter(pk=session.pk).update(notes=OLD_NOTES, commitments="Email jo@example.com")
    return idea, comment, session


def run(*args: str) -> dict:
    result = runner.invoke(app, ["redact-stored", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_old_text_is_stored_redacted_and_counted_per_kind_of_record(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    idea, comment, session = stored_before_redaction(personas)

    counts = run()

    idea.refresh_from_db()
    comment.refresh_from_db()
    session.refresh_from_db()
    assert (idea.title, idea.description) == ("Callback for [MEMBER ID]", "SSN [SSN] on the line")
    assert comment.text == "Her MBI is [MBI]"
    assert (session.notes, session.commitments) == ("Member [SSN] called back on [PHONE]", "Email [EMAIL]")
    assert counts == {
        "dry_run": False,
        "records": {
            "ideas": {"checked": 1, "changed": 1},
            "idea comments": {"checked": 1, "changed": 1},
            "idea moves": {"checked": 0, "changed": 0},
            "coaching sessions": {"checked": 1, "changed": 1},
        },
    }


def test_a_second_run_changes_nothing(personas: Personas, scorecard: ScorecardVersion) -> None:
    stored_before_redaction(personas)
    run()

    again = run()

    assert [c["changed"] for c in again["records"].values()] == [0, 0, 0, 0]


def test_a_dry_run_counts_and_stores_nothing(personas: Personas, scorecard: ScorecardVersion) -> None:
    _, _, session = stored_before_redaction(personas)

    counts = run("--dry-run")

    session.refresh_from_db()
    assert session.notes == OLD_NOTES
    assert counts["records"]["coaching sessions"] == {"checked": 1, "changed": 1}


def test_the_rewrite_is_written_to_the_access_log(personas: Personas, scorecard: ScorecardVersion) -> None:
    stored_before_redaction(personas)

    run()

    logged = AccessLogEntry.objects.filter(action__endswith="redact_stored").values_list("action", "detail")
    assert sorted(logged) == [("coaching.redact_stored", {"changed": 1}), ("voice.redact_stored", {"changed": 2})]


def test_a_title_that_redaction_lengthens_past_its_column_is_cut_to_fit(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    idea, _, _ = stored_before_redaction(personas)
    Idea.objects.filter(pk=idea.pk).update(title="x" * 192 + " A123456")

    run()

    idea.refresh_from_db()
    assert idea.title == "x" * 192 + " [MEMBE…"


def test_only_an_operator_rewrites_stored_text(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        redact_stored_ideas(caller(personas, "admin"))
    with pytest.raises(NotAllowed):
        redact_stored_notes(caller(personas, "admin"))
