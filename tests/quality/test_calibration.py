"""Calibration sessions: blind scores, alpha per item and overall with its CI, deviations, drift."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from heartline.quality.models import ScorecardVersion
from heartline.quality.selectors.calibration import drift, results
from heartline.quality.services.audits import AnswerInput, save_answers
from heartline.quality.services.calibration import close_calibration, create_calibration, start_calibration_score
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

CONTACTS = ["q-1", "q-4", "q-7"]


def score_all(personas: Personas, session_id: int, username: str, answers: dict[str, list[int | None]]) -> None:
    """`answers[contact]` = ratings of greet, verify, listen, own, thank."""
    who: Any = caller(personas, username)
    for contact, ratings in answers.items():
        audit = start_calibration_score(who, session_id, contact)
        codes = ["greet", "verify", "listen", "own", "thank"]
        save_answers(who, audit.pk, [AnswerInput(c, r) for c, r in zip(codes, ratings, strict=True)], complete=True)


def session_with_scores(personas: Personas) -> Any:
    session = create_calibration(
        caller(personas, "qa"),
        title="March",
        scorecard_code="cqa",
        held_on=dt.date(2026, 3, 20),
        contact_ids=CONTACTS,
        participant_codes=["e-coach", "e-qa2"],
        expert_code="e-qa",
    )
    score_all(personas, session.pk, "qa", {"q-1": [1, 1, 5, 1, 1], "q-4": [1, 1, 3, 0, 1], "q-7": [0, 1, 2, 1, 1]})
    score_all(
        personas, session.pk, "coach", {"q-1": [1, 1, 5, 1, 1], "q-4": [1, 1, 4, 0, 1], "q-7": [0, 1, 2, 1, None]}
    )
    score_all(personas, session.pk, "qa2", {"q-1": [1, 1, 4, 1, 1], "q-4": [1, 1, 3, 1, 1], "q-7": [1, 1, 2, 1, 1]})
    return session


def test_only_the_sessions_auditors_score_it(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    session = session_with_scores(personas)
    with pytest.raises(PermissionDenied):
        start_calibration_score(caller(personas, "manager"), session.pk, "q-1")


def test_item_alpha_is_krippendorffs_at_the_items_level(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    session = session_with_scores(personas)
    found = {i.code: i for i in results(session, draws=0).items}

    # greet (nominal) between coach and qa2: q-1 1/1, q-4 1/1, q-7 0/1. Coincidences o_11 = 4,
    # o_01 = o_10 = 1; n_1 = 5, n_0 = 1, n = 6: alpha = 1 − 5·(2·1)/(2·5·1) = 1 − 5·1/5 = 0.0.
    # listen (ordinal): q-1 5/4, q-4 4/3, q-7 2/2.
    assert found["greet"].level == "nominal"
    assert found["greet"].result.alpha == pytest.approx(0.0)
    assert found["listen"].level == "ordinal"
    assert found["listen"].result.units == 3
    assert math.isnan(found["verify"].result.alpha)  # every score the same: undefined


def test_overall_alpha_has_a_bootstrap_interval_and_deviations_from_expert_and_group(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    session = session_with_scores(personas)
    found = results(session, draws=500)
    by_code = {d.auditor_code: d for d in found.deviations}

    assert (found.contacts, found.auditors, found.overall.units) == (3, 2, 3)
    assert found.overall.ci_low <= found.overall.alpha <= found.overall.ci_high
    # Scores (weights 1,2,1,1,1; verify critical).
    # expert: q-1 100, q-4 (1+2+.5+0+1)/6 = 75, q-7 (0+2+.25+1+1)/6 = 70.83.
    # coach: q-1 100, q-4 (1+2+.75+0+1)/6 = 79.17, q-7 (0+2+.25+1)/5 = 65
    # → |dev| 0, 4.17, 5.83: mean 3.33.
    assert by_code["e-coach"].from_expert == pytest.approx((0 + 4.17 + 5.83) / 3, abs=0.01)
    # coach vs qa2 (the only other): qa2 q-1 (1+2+.75+1+1)/6 = 95.83, q-4 (1+2+.5+1+1)/6 = 91.67,
    # q-7 (1+2+.25+1+1)/6 = 87.5.
    assert by_code["e-coach"].from_group == pytest.approx((4.17 + 12.5 + 22.5) / 3, abs=0.01)
    # Item answers the same as the expert's: coach differs on q-4 listen and q-7 thank: 13 of 15.
    assert (by_code["e-coach"].items_as_expert, by_code["e-coach"].items_compared) == (pytest.approx(13 / 15), 15)


def test_drift_lists_each_auditor_per_closed_session(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    session = session_with_scores(personas)
    assert drift(caller(personas, "qa")) == []
    close_calibration(caller(personas, "qa"), session.pk)

    points = drift(caller(personas, "qa"), auditor_code="e-coach")
    assert [(p.session_id, p.from_expert is not None) for p in points] == [(session.pk, True)]
