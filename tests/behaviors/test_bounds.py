"""Days and positions typed into the behaviors services are bounded (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.behaviors.services import BehaviorError, define_behavior, record_rehearsal
from heartline.core.scoping import OPERATOR
from heartline.quality.models import ScorecardVersion
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_rehearsal_held_in_year_9999_is_refused(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(BehaviorError) as refused:
        record_rehearsal(
            caller(personas, "coach"),
            unit_code="commercial",
            held_on=dt.date(9999, 12, 31),
            behavior_codes=["listen-fully"],
            attendee_codes=["e-agent"],
        )

    assert str(refused.value) == "held_on=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"


def test_a_behavior_position_past_its_bound_is_refused(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(BehaviorError) as refused:
        define_behavior(
            OPERATOR, value_code="compassion", code="far-away", kind="front_line", title="Far", position=99999999
        )

    assert str(refused.value) == "position must be between 0 and 10000, not 99999999"
