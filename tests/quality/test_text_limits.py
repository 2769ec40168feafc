"""Dispute reasons, answer comments, scorecard item text and calibration titles have documented
lengths: past them refused naming the field, nothing stored; at them accepted (issue 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, SHORT_NOTE_CHARS
from heartline.quality.models import Audit, CalibrationSession, Dispute, ScorecardDraft, ScorecardVersion
from heartline.quality.services import QualityError
from heartline.quality.services.audits import AnswerInput, raise_dispute, save_answers, start_audit
from heartline.quality.services.calibration import create_calibration
from heartline.quality.services.scorecard_drafts import add_item, start_new_scorecard
from heartline.quality.services.scorecards import ItemDraft
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_dispute_reason_past_its_limit_is_a_400_and_no_dispute_is_stored(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    audit = audited(personas, "q-4", ALL_MET)

    response = client.post(
        f"/api/v1/quality/audits/{audit.pk}/dispute",
        {"reason": "r" * (NOTE_CHARS + 1)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token('agent')}",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "reason is 5,001 characters long; at most 5,000 are allowed"},
    )
    assert not Dispute.objects.exists()


def test_a_dispute_reason_at_its_limit_is_stored(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = audited(personas, "q-4", ALL_MET)

    dispute = raise_dispute(caller(personas, "agent"), audit.pk, "r" * NOTE_CHARS)

    assert len(dispute.reason) == NOTE_CHARS


def test_an_answer_comment_past_its_limit_is_refused_and_the_draft_keeps_no_answer(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    qa = caller(personas, "qa")
    audit = start_audit(qa, contact_id="q-4", scorecard_code="cqa")

    with pytest.raises(QualityError) as refused:
        save_answers(qa, audit.pk, [AnswerInput("greet", 1, comment="c" * (NOTE_CHARS + 1))])

    assert str(refused.value) == "item 'greet': comment is 5,001 characters long; at most 5,000 are allowed"
    assert not Audit.objects.get(pk=audit.pk).answers.exists()


def test_a_scorecard_item_text_past_its_limit_is_refused_not_cut_short(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    qa = caller(personas, "qa")
    draft = start_new_scorecard(qa, code="email", name="Email")

    with pytest.raises(QualityError) as refused:
        add_item(qa, draft.pk, 0, ItemDraft(code="tone", text="t" * (SHORT_NOTE_CHARS + 1), scale="yes_no_na"))

    assert str(refused.value) == "item 'tone': text is 301 characters long; at most 300 are allowed"
    assert ScorecardDraft.objects.get(pk=draft.pk).sections[0]["items"] == []


def test_a_scorecard_item_text_at_its_limit_is_kept_whole(personas: Personas, scorecard: ScorecardVersion) -> None:
    qa = caller(personas, "qa")
    draft = start_new_scorecard(qa, code="email", name="Email")

    changed = add_item(qa, draft.pk, 0, ItemDraft(code="tone", text="t" * SHORT_NOTE_CHARS, scale="yes_no_na"))

    assert len(changed.sections[0]["items"][0]["text"]) == SHORT_NOTE_CHARS


def test_a_calibration_title_past_its_limit_is_refused(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    with pytest.raises(QualityError, match="title is 201 characters long; at most 200 are allowed"):
        create_calibration(
            caller(personas, "qa"),
            title="t" * (NAME_CHARS + 1),
            scorecard_code="cqa",
            held_on=dt.date(2026, 3, 2),
            contact_ids=["q-1", "q-2"],
            participant_codes=["e-qa", "e-coach"],
        )

    assert not CalibrationSession.objects.exists()
