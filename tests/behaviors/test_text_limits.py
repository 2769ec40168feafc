"""A behavior wording's title and note have documented lengths: past them refused naming the field,
no new version stored; at them accepted (issue 13, docs/limits.md)."""

from __future__ import annotations

import pytest

from heartline.behaviors.models import BehaviorWording
from heartline.behaviors.services import BehaviorError, reword_behavior
from heartline.core.bounds import NAME_CHARS, SHORT_NOTE_CHARS
from heartline.quality.models import ScorecardVersion
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_wording_note_past_its_limit_is_refused_and_no_version_is_stored(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    before = BehaviorWording.objects.count()

    with pytest.raises(BehaviorError) as refused:
        reword_behavior(
            caller(personas, "manager"),
            "listen-fully",
            unit_code="medicare",
            title="Listen",
            note="n" * (SHORT_NOTE_CHARS + 1),
        )

    assert str(refused.value) == "note is 301 characters long; at most 300 are allowed"
    assert BehaviorWording.objects.count() == before


def test_a_wording_title_and_note_at_their_limits_are_stored(personas: Personas, scorecard: ScorecardVersion) -> None:
    wording = reword_behavior(
        caller(personas, "manager"),
        "listen-fully",
        unit_code="medicare",
        title="t" * NAME_CHARS,
        note="n" * SHORT_NOTE_CHARS,
    )

    assert (len(wording.title), len(wording.note)) == (NAME_CHARS, SHORT_NOTE_CHARS)
