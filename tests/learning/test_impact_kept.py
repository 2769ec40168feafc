"""The impact report the page, the API and the CLI show is kept between views, and never outlives its
inputs: a newly completed audit or a score revised on dispute shows in the next view."""

from __future__ import annotations

import pytest

from heartline.core.scoping import OPERATOR
from heartline.learning import analytics
from heartline.learning.analytics import ImpactReport
from heartline.quality.models import ScorecardVersion
from heartline.quality.services.audits import AnswerInput, raise_dispute, resolve_dispute
from heartline.warehouse.store import Warehouse
from tests.learning.conftest import Training
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def audits_counted(report: ImpactReport) -> int:
    return report.trained.audits + report.untrained.audits


def first_month_mean(report: ImpactReport) -> float | None:
    row = report.monthly[0]
    return row.trained_mean if row.trained_n else row.untrained_mean


def test_the_report_is_computed_once_until_an_audit_is_completed_or_revised(
    training: Training,
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computed = []
    compute = analytics.program_impact

    def counting(*args: object, **kwargs: object) -> ImpactReport:
        report = compute(*args, **kwargs)  # type: ignore[arg-type]
        computed.append(report)
        return report

    monkeypatch.setattr(analytics, "program_impact", counting)
    missed_ownership = audited(personas, "q-4", [*ALL_MET[:3], AnswerInput("own", 0), ALL_MET[4]])

    first = analytics.impact_report(OPERATOR, scorecard_code="cqa")
    again = analytics.impact_report(OPERATOR, scorecard_code="cqa")
    assert (audits_counted(first), audits_counted(again), len(computed)) == (1, 1, 1)
    assert first_month_mean(first) == pytest.approx(83.33, abs=0.01)  # 5 of 6 weight

    dispute = raise_dispute(caller(personas, "agent"), missed_ownership.pk, "I resolved it at 4:10")
    resolve_dispute(
        caller(personas, "qa2"),
        dispute.pk,
        outcome="revised",
        resolution="Agreed",
        answers=[AnswerInput("own", 1, evidence="4:10")],
    )
    revised = analytics.impact_report(OPERATOR, scorecard_code="cqa")
    assert (audits_counted(revised), len(computed)) == (1, 2)
    assert first_month_mean(revised) == pytest.approx(100.0)

    audited(personas, "q-5", ALL_MET)
    assert audits_counted(analytics.impact_report(OPERATOR, scorecard_code="cqa")) == 2
    assert len(computed) == 3
