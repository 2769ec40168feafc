"""Behavior pass rates by period: what a leader's front-line signal sums, for every leader at once."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.quality.models import ScorecardVersion
from heartline.quality.selectors.behavior_rates import behavior_pass_counts_by_period
from heartline.quality.services.audits import AnswerInput
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

MISSED_LISTENING = [*ALL_MET[:2], AnswerInput("listen", 2), *ALL_MET[3:]]
MARCH_1, MARCH_6, APRIL_1 = dt.date(2026, 3, 1), dt.date(2026, 3, 6), dt.date(2026, 4, 1)


@pytest.fixture
def counts(personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse) -> object:
    for contact in ("q-1", "q-2"):  # 3 and 4 March: listening missed
        audited(personas, contact, MISSED_LISTENING)
    for contact in ("q-5", "q-6"):  # 7 and 8 March: shown
        audited(personas, contact, ALL_MET)
    return behavior_pass_counts_by_period(caller(personas, "exec"), ["listen-fully"], [MARCH_1, MARCH_6, APRIL_1])


def test_each_period_counts_the_audits_of_its_days_by_team_and_by_unit(counts: object) -> None:
    before = counts.between("listen-fully", MARCH_1, MARCH_6, team_codes=["commercial-a"])  # type: ignore[attr-defined]
    after = counts.between("listen-fully", MARCH_6, APRIL_1, unit_codes=["commercial"])  # type: ignore[attr-defined]
    assert (before.shown, before.rated, after.shown, after.rated) == (0, 2, 2, 2)


def test_periods_side_by_side_sum_to_the_whole_and_another_unit_counts_none(counts: object) -> None:
    whole = counts.between("listen-fully", MARCH_1, APRIL_1, unit_codes=["commercial"])  # type: ignore[attr-defined]
    elsewhere = counts.between("listen-fully", MARCH_1, APRIL_1, unit_codes=["medicare"])  # type: ignore[attr-defined]
    assert (whole.shown, whole.rated, elsewhere.rated) == (2, 4, 0)
