"""Ideas: any employee proposes, votes once and comments; leaders move ideas one step at a time with
a reason where one is owed; history is kept; "you said, we did" lists adopted ideas."""

from __future__ import annotations

import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.voice.models import IdeaStatus
from heartline.voice.selectors import NotAnEmployeeError, ideas_list, you_said_we_did
from heartline.voice.services import (
    IdeaError,
    IdeaPermissionError,
    adopt_idea,
    comment_on_idea,
    decline_idea,
    propose_idea,
    review_idea,
    start_testing,
    vote_for_idea,
)

pytestmark = pytest.mark.django_db


def agent_idea(personas, **overrides: str):
    fields = {"title": "Callback instead of hold", "description": "", "link_kind": "theme", "link_code": "wait_time"}
    return propose_idea(caller_for(personas.agent.user), **{**fields, **overrides})


def test_a_proposed_idea_has_a_stable_reference_and_is_new(personas) -> None:
    idea = agent_idea(personas)
    assert idea.reference == f"IDEA-{idea.pk:05d}"
    assert idea.status == IdeaStatus.NEW
    assert (idea.unit_code, idea.division_code, idea.proposer_name) == ("commercial", "member-services", "Ana")


def test_an_idea_must_be_tied_to_a_known_theme_driver_or_result(personas) -> None:
    with pytest.raises(IdeaError, match="theme 'weather'"):
        agent_idea(personas, link_code="weather")


def test_phi_pasted_into_an_idea_is_redacted(personas) -> None:
    idea = agent_idea(personas, description="Member NBH000001234 waited an hour")
    assert idea.description == "Member [MEMBER ID] waited an hour"


def test_a_vote_counts_once(personas) -> None:
    idea = agent_idea(personas)
    coach = caller_for(personas.coach.user)
    assert vote_for_idea(coach, idea.reference) is True
    assert vote_for_idea(coach, idea.reference) is False
    assert ideas_list(coach).get().vote_count == 1


def test_the_command_line_cannot_propose(personas) -> None:
    with pytest.raises(NotAnEmployeeError):
        propose_idea(OPERATOR, title="x", description="", link_kind="theme", link_code="wait_time")


def test_an_agent_cannot_move_an_idea(personas) -> None:
    idea = agent_idea(personas)
    with pytest.raises(IdeaPermissionError):
        review_idea(caller_for(personas.agent.user), idea.reference)


def test_a_manager_moves_only_their_units_ideas(personas) -> None:
    idea = agent_idea(personas)  # commercial; the persona manager looks after medicare
    with pytest.raises(IdeaPermissionError):
        review_idea(caller_for(personas.manager.user), idea.reference)


def test_an_idea_moves_one_step_at_a_time_and_keeps_its_history(personas) -> None:
    idea = agent_idea(personas)
    executive = caller_for(personas.executive.user)
    with pytest.raises(IdeaError, match="can move to under review, declined, not to testing"):
        start_testing(executive, idea.reference)
    review_idea(executive, idea.reference, "worth a pilot")
    start_testing(executive, idea.reference)
    adopted = adopt_idea(executive, idea.reference, "Callbacks offered after 5 minutes on hold, all queues")
    history = [(t.from_status, t.to_status, t.by_name, t.reason) for t in adopted.transitions.all()]
    assert history == [
        ("new", "under_review", "Eve", "worth a pilot"),
        ("under_review", "testing", "Eve", ""),
        ("testing", "adopted", "Eve", "Callbacks offered after 5 minutes on hold, all queues"),
    ]
    assert [i.reference for i in you_said_we_did(caller_for(personas.agent.user))] == [idea.reference]


def test_declining_needs_a_reason(personas) -> None:
    idea = agent_idea(personas)
    with pytest.raises(IdeaError, match="reason is required"):
        decline_idea(caller_for(personas.executive.user), idea.reference, "  ")


def test_a_comment_is_kept_with_its_author(personas) -> None:
    idea = agent_idea(personas)
    comment_on_idea(caller_for(personas.coach.user), idea.reference, "We tried this in 2024")
    assert [(c.author_name, c.text) for c in idea.comments.all()] == [("Cole", "We tried this in 2024")]


def test_a_title_that_redaction_lengthens_past_its_limit_is_refused(personas) -> None:
    # 200 characters, ending in a 7-character member ID; redacted to "[MEMBER ID]" they are 204.
    title = "x" * 192 + " A123456"
    with pytest.raises(
        IdeaError, match=r"title is 204 characters long once member details are hidden; at most 200 are allowed"
    ):
        agent_idea(personas, title=title)


def test_an_ssn_in_an_idea_is_stored_redacted(personas) -> None:
    idea = agent_idea(personas, title="Member read out 123456789 on the line")
    idea.refresh_from_db()
    assert idea.title == "Member read out [SSN] on the line"


def test_a_comment_is_stored_without_an_mbi_a_phone_or_a_colleagues_name(personas) -> None:
    idea = agent_idea(personas)
    comment_on_idea(caller_for(personas.coach.user), idea.reference, "Ana took MBI 1EG4-TE5-MK73, phone 2125551234")
    assert [c.text for c in idea.comments.all()] == ["[NAME] took MBI [MBI], phone [PHONE]"]
