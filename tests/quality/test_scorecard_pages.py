"""The scorecard pages: the list with versions, a version read-only, the draft editor (HTMX) and
publishing; the resolve page revising a disputed audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.quality.models import Audit, Dispute, ScorecardDraft, ScorecardItem, ScorecardVersion
from heartline.quality.services.audits import AnswerInput, raise_dispute
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.pages import error_message
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_the_list_shows_each_scorecard_with_its_versions_and_a_version_reads_with_its_behaviors(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion
) -> None:
    client = client_as("coach")
    listing = client.get("/quality/scorecards/")
    version = client.get("/quality/scorecards/cqa/v1/")

    assert listing.status_code == 200
    assert b"Call Quality Audit" in listing.content
    assert b"HEART coaching form" in listing.content
    assert b"/quality/scorecards/cqa/v1/" in listing.content
    assert b"Edit the next version" not in listing.content  # a coach reads, does not edit
    assert b"Verifies identity before discussing PHI" in version.content
    assert b"Protect the member" in version.content  # the behavior's title, not its code
    assert b"weight 2 of 6" in version.content
    assert client.get("/quality/scorecards/cqa/v9/").status_code == 404


def test_a_qa_analyst_edits_the_next_version_with_htmx_and_publishes_it(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion
) -> None:
    client = client_as("qa")
    opened = client.post("/quality/scorecards/cqa/next/")
    draft = ScorecardDraft.objects.get()
    edit = f"/quality/scorecards/drafts/{draft.pk}/edit/"
    page = client.get(opened["Location"])
    added = client.post(
        edit,
        {
            "action": "add-item",
            "section": "1",
            "code": "empathy",
            "text": "Acknowledges feelings",
            "behavior": "listen-fully",
            "scale": "one_to_five",
            "weight": "2",
        },
        **HX,
    )
    client.post(edit, {"action": "item-up", "item": "empathy"}, **HX)
    client.post(
        edit,
        {"action": "update-item", "item": "greet", "code": "greet", "text": "Greets", "scale": "yes_no_na",
         "weight": "1", "critical": "on"},
        **HX,
    )  # fmt: skip
    published = client.post(f"/quality/scorecards/drafts/{draft.pk}/publish/", {"note": "empathy added"})

    assert opened.status_code == 302
    assert b'data-testid="draft-editor"' in page.content
    assert b"Listen fully before answering" in page.content
    assert added.status_code == 200
    assert b"<html" not in added.content
    assert b"empathy" in added.content
    assert published["Location"] == "/quality/scorecards/cqa/v2/"
    v2 = ScorecardVersion.objects.get(scorecard__code="cqa", number=2)
    assert v2.note == "empathy added"
    resolution = v2.sections.get(title="Resolution")
    assert [i.code for i in resolution.items.order_by("position")] == ["listen", "own", "empathy", "thank"]
    assert ScorecardItem.objects.get(version=v2, code="greet").critical is True


def test_a_wrong_item_answers_the_editor_with_the_error_and_a_plain_post_a_400(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion
) -> None:
    client = client_as("manager")
    client.post("/quality/scorecards/cqa/next/")
    draft = ScorecardDraft.objects.get()
    bad = {"action": "add-item", "section": "0", "code": "x", "text": "X", "scale": "yes_no_na", "weight": "many"}

    htmx = client.post(f"/quality/scorecards/drafts/{draft.pk}/edit/", bad, **HX)
    plain = client.post(f"/quality/scorecards/drafts/{draft.pk}/edit/", {**bad, "weight": "500"})

    assert htmx.status_code == 200
    assert b"weight must be a whole number, not &#x27;many&#x27;" in htmx.content
    assert plain.status_code == 400
    assert b"item &#x27;x&#x27;: weight must be between 1 and 100" in plain.content


def test_publishing_an_empty_section_shows_why_and_keeps_the_draft(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion
) -> None:
    client = client_as("qa")
    client.post("/quality/scorecards/cqa/next/")
    draft = ScorecardDraft.objects.get()
    client.post(f"/quality/scorecards/drafts/{draft.pk}/edit/", {"action": "add-section", "title": "Closing"})

    response = client.post(f"/quality/scorecards/drafts/{draft.pk}/publish/", {"note": "typed"})

    assert response.status_code == 400
    assert b"Not published: section(s) with no items: Closing" in response.content
    assert b'value="typed"' in response.content
    assert ScorecardVersion.objects.filter(scorecard__code="cqa").count() == 1


def test_a_new_scorecard_from_the_list_page(client_as: Callable[[str], Client], scorecard: ScorecardVersion) -> None:
    client = client_as("admin")
    created = client.post("/quality/scorecards/new/", {"code": "chat-qa", "name": "Chat quality", "kind": "audit"})
    draft = ScorecardDraft.objects.get(code="chat-qa")
    client.post(
        f"/quality/scorecards/drafts/{draft.pk}/edit/",
        {"action": "add-item", "section": "0", "code": "greet", "text": "Greets", "scale": "yes_no_na", "weight": "1"},
    )
    published = client.post(f"/quality/scorecards/drafts/{draft.pk}/publish/", {"note": ""})
    again = client.post("/quality/scorecards/new/", {"code": "chat-qa", "name": "Again", "kind": "audit"})

    assert created["Location"] == f"/quality/scorecards/drafts/{draft.pk}/"
    assert published["Location"] == "/quality/scorecards/chat-qa/v1/"
    assert (again.status_code, error_message(again)) == (
        400,
        "a scorecard 'chat-qa' exists; edit its next version instead",
    )


@pytest.mark.parametrize("username", ["coach", "agent"])
def test_the_editor_is_refused_to_those_who_may_not_change_scorecards(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, username: str
) -> None:
    from heartline.quality.services.scorecard_drafts import start_next_version

    draft = start_next_version(caller(personas, "qa"), "cqa")
    client = client_as(username)

    assert client.post("/quality/scorecards/cqa/next/").status_code == 403
    assert client.get(f"/quality/scorecards/drafts/{draft.pk}/").status_code == 403
    assert client.post(f"/quality/scorecards/drafts/{draft.pk}/publish/").status_code == 403


# -- revising a disputed audit on its page -------------------------------------------------------


def second_auditor(client: Client) -> Client:
    from heartline.core.models import Employee

    client.force_login(Employee.objects.get(code="e-qa2").user)
    return client


def disputed(personas: Personas) -> Audit:
    audit = audited(personas, "q-4", [*ALL_MET[:3], AnswerInput("own", 0, comment="not resolved"), ALL_MET[4]])
    raise_dispute(caller(personas, "agent"), audit.pk, "I resolved it at 4:10")
    return audit


def current_ratings(audit: Audit) -> dict[str, str]:
    return {f"rating-{a.item.code}": str(a.rating) for a in audit.answers.select_related("item")}


def test_a_second_auditor_revises_a_disputed_audit_on_its_page(
    client_as: Callable[[str], Client],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
    django_capture_on_commit_callbacks: Any,
) -> None:
    audit = disputed(personas)
    client = second_auditor(client_as("qa"))
    page = client.get(f"/quality/audits/{audit.pk}/")
    form = {
        **current_ratings(audit),
        "rating-own": "1",
        "comment-own": "Resolved at 4:10",
        "outcome": "revised",
        "resolution": "Relistened: resolved at 4:10",
    }

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/quality/audits/{audit.pk}/resolve/", form, **HX)

    assert b'data-testid="revise-own"' in page.content
    assert b'name="rating-own" value="0" checked' in page.content  # the current answer, pre-selected
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/quality/audits/{audit.pk}/"
    dispute = Dispute.objects.get(audit=audit)
    assert (dispute.outcome, dispute.score_before, dispute.score_after) == ("revised", 83.33, 100.0)
    own = audit.answers.get(item__code="own")
    assert (own.rating, own.comment) == (1, "Resolved at 4:10")
    assert len(callbacks) == 1  # audit_completed, with the new score
    shown = client.get(f"/quality/audits/{audit.pk}/")
    assert b"Score revised" in shown.content
    assert b"83.3 \xe2\x86\x92 100.0" in shown.content


def test_a_revision_that_changes_nothing_or_has_no_reason_says_so_in_the_panel(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = disputed(personas)
    client = second_auditor(client_as("qa"))
    same = {**current_ratings(audit), "comment-own": "not resolved", "outcome": "revised", "resolution": "Why"}

    unchanged = client.post(f"/quality/audits/{audit.pk}/resolve/", same, **HX)
    no_reason = client.post(
        f"/quality/audits/{audit.pk}/resolve/", {**same, "rating-own": "1", "resolution": " "}, **HX
    )

    assert b'data-testid="resolve-error"' in unchanged.content
    assert b"change a rating or comment, or uphold the score" in unchanged.content
    assert b"explain the resolution to the representative" in no_reason.content
    assert b'name="rating-own" value="1" checked' in no_reason.content  # kept as the resolver left it
    assert Dispute.objects.get(audit=audit).resolved_at is None


def test_upholding_from_the_page_leaves_the_answers(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = disputed(personas)
    form = {**current_ratings(audit), "rating-own": "1", "outcome": "upheld", "resolution": "Not resolved on the call"}

    response = second_auditor(client_as("qa")).post(f"/quality/audits/{audit.pk}/resolve/", form)

    assert response.status_code == 302
    dispute = Dispute.objects.get(audit=audit)
    assert (dispute.outcome, dispute.score_after) == ("upheld", 83.33)
    assert audit.answers.get(item__code="own").rating == 0
