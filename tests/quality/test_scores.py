"""Scores by agent, team, unit, behavior and month: n, interval, small groups greyed and unranked."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.quality.models import Audit, ScorecardVersion
from heartline.quality.selectors.scores import ScoreQueryError, scores_by
from heartline.quality.services.audits import AnswerInput
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

OWN_MISSED = [*ALL_MET[:3], AnswerInput("own", 0), ALL_MET[4]]  # 5 of 6 weight: 83.33


def six_audits(personas: Personas) -> None:
    """The agent: q-1…q-6, three at 100 and three at 83.33; Bo: q-7 at 100."""
    for i in range(1, 7):
        audited(personas, f"q-{i}", ALL_MET if i % 2 else OWN_MISSED)
    audited(personas, "q-7", ALL_MET)


def test_scores_by_agent_rank_groups_with_enough_audits_and_grey_the_rest(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    six_audits(personas)
    rows = scores_by(caller(personas, "qa"), "agent")

    assert [(r.key, r.n, r.rank, r.below_min) for r in rows] == [("e-agent", 6, 1, False), ("e-bo", 1, None, True)]
    # mean 91.665; s = 9.1287 (values 100×3, 83.33×3); t(0.975, 5) = 2.5706; half = 2.5706·9.1287/√6 = 9.580.
    assert rows[0].value == pytest.approx(91.665)
    assert (rows[0].ci_low, rows[0].ci_high) == pytest.approx((91.665 - 9.580, 91.665 + 9.580), abs=0.01)


def test_the_agent_sees_only_their_own_scores(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    six_audits(personas)
    assert [r.key for r in scores_by(caller(personas, "agent"), "agent")] == ["e-agent"]


def test_scores_by_behavior_are_the_share_of_answers_showing_it(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    six_audits(personas)
    rows = {r.key: r for r in scores_by(caller(personas, "qa"), "behavior")}

    assert (rows["own-the-outcome"].n, rows["own-the-outcome"].value) == (7, pytest.approx(4 / 7))
    assert (rows["welcome-warmly"].n, rows["welcome-warmly"].value) == (14, 1.0)  # greet and thank


def test_scores_by_month_use_the_month_of_the_contact(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    six_audits(personas)
    assert [(r.key, r.n) for r in scores_by(caller(personas, "qa"), "month")] == [("2026-03", 7)]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # New York: 03:30Z on 1 April is 23:30 on 31 March (EDT); 04:00Z on 1 November is midnight,
        # the day summer time ends; 05:00Z on 1 January is midnight (EST).
        (
            "America/New_York",
            [("2026-03", 2), ("2026-04", 1), ("2026-10", 1), ("2026-11", 1), ("2026-12", 1), ("2027-01", 1)],
        ),
        # Adelaide (+10:30 until 5 April): 13:29Z on 31 March is 23:59 there, 03:30Z on 1 April is April.
        ("Australia/Adelaide", [("2026-03", 1), ("2026-04", 2), ("2026-11", 2), ("2027-01", 2)]),
    ],
)
def test_scores_by_month_count_each_contact_in_the_organizations_calendar_month(
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
    settings: object,
    zone: str,
    expected: list[tuple[str, int]],
) -> None:
    settings.TIME_ZONE = zone  # type: ignore[attr-defined]
    six_audits(personas)
    utc = [(2026, 3, 31, 13, 29), (2026, 4, 1, 3, 30), (2026, 4, 1, 4, 30), (2026, 11, 1, 3, 59), (2026, 11, 1, 4, 0),
           (2027, 1, 1, 4, 59), (2027, 1, 1, 5, 0)]  # fmt: skip
    for audit, started in zip(Audit.objects.order_by("pk"), utc, strict=True):
        Audit.objects.filter(pk=audit.pk).update(contact_started_at=dt.datetime(*started, tzinfo=dt.UTC))

    assert [(r.key, r.n) for r in scores_by(caller(personas, "qa"), "month")] == expected


def test_an_unknown_dimension_is_refused(personas: Personas) -> None:
    with pytest.raises(ScoreQueryError, match="dimension must be one of"):
        scores_by(caller(personas, "qa"), "colour")
