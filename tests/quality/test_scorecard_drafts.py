"""Building a scorecard's next version as a draft (sections and items added, changed, reordered,
removed) and publishing it; a new scorecard built the same way; who may do it; what is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from heartline.quality.models import Audit, ScorecardDraft, ScorecardItem, ScorecardVersion
from heartline.quality.services import QualityError
from heartline.quality.services import scorecard_drafts as drafts
from heartline.quality.services.audits import start_audit
from heartline.quality.services.scorecards import ItemDraft
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

EMPATHY = ItemDraft("empathy", "Acknowledges the member's feelings", "one_to_five", "listen-fully", 2, False)


def codes(version: ScorecardVersion) -> list[tuple[str, list[str]]]:
    return [(s.title, [i.code for i in s.items.order_by("position")]) for s in version.sections.order_by("position")]


def test_the_next_version_starts_as_a_copy_of_the_latest_and_publishes_with_the_changes(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    qa = caller(personas, "qa")
    draft = drafts.start_next_version(qa, "cqa")
    drafts.add_item(qa, draft.pk, 1, EMPATHY)
    drafts.move_item(qa, draft.pk, "empathy", -1)  # before "thank"
    drafts.remove_item(qa, draft.pk, "greet")
    drafts.update_item(
        qa, draft.pk, "verify", ItemDraft("verify", "Verifies identity first", "yes_no_na", "protect-privacy", 3, True)
    )
    drafts.add_section(qa, draft.pk, "Closing")
    drafts.move_section(qa, draft.pk, 2, -1)  # Closing between Opening and Resolution
    drafts.rename_section(qa, draft.pk, 0, "Opening and privacy")
    drafts.remove_section(qa, draft.pk, 1)

    version = drafts.publish_draft(qa, draft.pk, "empathy item; greet dropped")

    assert version.number == 2
    assert version.note == "empathy item; greet dropped"
    assert codes(version) == [
        ("Opening and privacy", ["verify"]),
        ("Resolution", ["listen", "own", "empathy", "thank"]),
    ]
    verify = ScorecardItem.objects.get(version=version, code="verify")
    assert (verify.text, verify.weight, verify.critical) == ("Verifies identity first", 3, True)
    assert ScorecardItem.objects.get(version=version, code="empathy").behavior.code == "listen-fully"  # type: ignore[union-attr]
    assert codes(scorecard) == [("Opening", ["greet", "verify"]), ("Resolution", ["listen", "own", "thank"])]
    assert not ScorecardDraft.objects.exists()


def test_audits_keep_the_version_they_were_scored_on_and_new_audits_take_the_new_one(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    qa = caller(personas, "qa")
    before = start_audit(qa, contact_id="q-4", scorecard_code="cqa")
    draft = drafts.start_next_version(qa, "cqa")
    drafts.remove_item(qa, draft.pk, "thank")
    drafts.publish_draft(qa, draft.pk)

    after = start_audit(qa, contact_id="q-5", scorecard_code="cqa")

    assert Audit.objects.get(pk=before.pk).scorecard_version.number == 1
    assert after.scorecard_version.number == 2


def test_starting_the_next_version_twice_continues_the_same_draft(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    first = drafts.start_next_version(caller(personas, "qa"), "cqa")
    drafts.add_section(caller(personas, "qa"), first.pk, "Closing")
    again = drafts.start_next_version(caller(personas, "manager"), "cqa")

    assert again.pk == first.pk
    assert [s["title"] for s in again.sections] == ["Opening", "Resolution", "Closing"]


def test_a_new_scorecard_is_built_as_a_draft_and_published_as_version_1(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    admin = caller(personas, "admin")
    draft = drafts.start_new_scorecard(admin, code="chat-qa", name="Chat quality", kind="audit")
    drafts.add_item(admin, draft.pk, 0, ItemDraft("greet", "Greets the member", "yes_no_na", "welcome-warmly"))

    version = drafts.publish_draft(admin, draft.pk)

    assert (version.scorecard.code, version.scorecard.name, version.number) == ("chat-qa", "Chat quality", 1)
    assert codes(version) == [("Section 1", ["greet"])]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (ItemDraft("greet", "Again", "yes_no_na"), "item code 'greet' is already used"),
        (ItemDraft("new", "Q", "yes_no_na", "no-such-behavior"), "item 'new': no behavior 'no-such-behavior'"),
        (ItemDraft("new", "Q", "one_to_ten"), "item 'new': scale must be one of yes_no_na, one_to_five"),
        (ItemDraft("new", "Q", "yes_no_na", weight=0), "item 'new': weight must be between 1 and 100, not 0"),
        (ItemDraft("New Item", "Q", "yes_no_na"), "item 'New Item': code must be lower-case"),
        (ItemDraft("new", "  ", "yes_no_na"), "item 'new': the question text is empty"),
    ],
)
def test_a_wrong_item_is_refused_naming_the_item_and_field_and_the_draft_is_unchanged(
    personas: Personas, scorecard: ScorecardVersion, item: ItemDraft, message: str
) -> None:
    qa = caller(personas, "qa")
    draft = drafts.start_next_version(qa, "cqa")

    with pytest.raises(QualityError, match=message):
        drafts.add_item(qa, draft.pk, 0, item)

    draft.refresh_from_db()
    assert [i["code"] for i in draft.sections[0]["items"]] == ["greet", "verify"]


def test_moves_past_the_ends_and_unknown_sections_or_items_are_refused(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    qa = caller(personas, "qa")
    draft = drafts.start_next_version(qa, "cqa")

    with pytest.raises(QualityError, match="cannot move it further"):
        drafts.move_item(qa, draft.pk, "greet", -1)
    with pytest.raises(QualityError, match="cannot move it further"):
        drafts.move_section(qa, draft.pk, 1, 1)
    with pytest.raises(QualityError, match="no section 5"):
        drafts.remove_section(qa, draft.pk, 4)
    with pytest.raises(QualityError, match="no item 'nope'"):
        drafts.remove_item(qa, draft.pk, "nope")


def test_a_draft_with_an_empty_section_or_no_items_is_not_published(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    qa = caller(personas, "qa")
    draft = drafts.start_next_version(qa, "cqa")
    drafts.add_section(qa, draft.pk, "Closing")

    with pytest.raises(QualityError, match="section\\(s\\) with no items: Closing"):
        drafts.publish_draft(qa, draft.pk)
    drafts.remove_section(qa, draft.pk, 2)
    drafts.remove_section(qa, draft.pk, 1)
    drafts.remove_section(qa, draft.pk, 0)
    with pytest.raises(QualityError, match="at least one item"):
        drafts.publish_draft(qa, draft.pk)

    assert ScorecardVersion.objects.filter(scorecard__code="cqa").count() == 1
    assert ScorecardDraft.objects.filter(pk=draft.pk).exists()


def test_a_new_scorecard_cannot_take_a_used_code(personas: Personas, scorecard: ScorecardVersion) -> None:
    qa = caller(personas, "qa")
    drafts.start_new_scorecard(qa, code="chat-qa", name="Chat quality")

    with pytest.raises(QualityError, match="a scorecard 'cqa' exists"):
        drafts.start_new_scorecard(qa, code="cqa", name="Again")
    with pytest.raises(QualityError, match="a draft of a scorecard 'chat-qa' is already open"):
        drafts.start_new_scorecard(qa, code="chat-qa", name="Again")


@pytest.mark.parametrize("username", ["agent", "coach", "exec"])
def test_only_qa_analysts_managers_and_admins_edit_scorecards(
    personas: Personas, scorecard: ScorecardVersion, username: str
) -> None:
    draft = drafts.start_next_version(caller(personas, "qa"), "cqa")

    with pytest.raises(PermissionDenied):
        drafts.start_next_version(caller(personas, username), "cqa")
    with pytest.raises(PermissionDenied):
        drafts.add_section(caller(personas, username), draft.pk, "Mine")
    with pytest.raises(PermissionDenied):
        drafts.publish_draft(caller(personas, username), draft.pk)


def test_discarding_a_draft_leaves_the_published_versions(personas: Personas, scorecard: ScorecardVersion) -> None:
    qa = caller(personas, "qa")
    draft = drafts.start_next_version(qa, "cqa")
    drafts.remove_item(qa, draft.pk, "greet")

    drafts.discard_draft(qa, draft.pk)

    assert not ScorecardDraft.objects.exists()
    assert codes(scorecard)[0] == ("Opening", ["greet", "verify"])
