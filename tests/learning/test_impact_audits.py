"""Program impact on audit scores, worked by hand: which audits count as trained, and the monthly table.

The commercial wave starts on 5 January 2026 and e-agent is enrolled; e-bo (added to the unit after
the wave was scheduled) never is. An audit of a call on the start day itself counts as trained.

- December 2025: e-agent 70 and 80, e-bo 90 → trained none; not yet trained 80.0 (n 3).
- January 2026: e-agent on the 4th 60 (not yet), on the 5th 90 and on the 20th 94 (trained);
  e-bo 75 → trained 92.0 (n 2); not yet trained 67.5 (n 2).
"""

from __future__ import annotations

import datetime as dt
import itertools

from heartline.core.scoping import OPERATOR
from heartline.learning import analytics
from heartline.learning.analytics import MonthRow
from heartline.quality.contracts import AuditScore
from tests.learning.conftest import Training, fake_audits
from tests.support.personas import Personas, make_employee

_ids = itertools.count(1)


def audit(agent: str, day: dt.date, score: float) -> AuditScore:
    started = dt.datetime.combine(day, dt.time(0, 30), tzinfo=dt.UTC)
    return AuditScore(next(_ids), agent, "cqa", started, started + dt.timedelta(days=1), score, True)


def test_monthly_means_split_trained_from_not_yet_trained_at_the_wave_start(
    training: Training, personas: Personas
) -> None:
    org = personas.org
    make_employee("bo", "agent", org.division, code="e-bo", unit=org.commercial, team=org.commercial_team)  # type: ignore[arg-type]
    audits = [
        audit("e-agent", dt.date(2025, 12, 3), 70),
        audit("e-agent", dt.date(2025, 12, 17), 80),
        audit("e-bo", dt.date(2025, 12, 9), 90),
        audit("e-agent", dt.date(2026, 1, 4), 60),
        audit("e-agent", dt.date(2026, 1, 5), 90),
        audit("e-agent", dt.date(2026, 1, 20), 94),
        audit("e-bo", dt.date(2026, 1, 12), 75),
    ]

    report = analytics.program_impact(
        OPERATOR, scorecard_code="cqa", audit_source=fake_audits(audits), nps_source=lambda caller, codes: []
    )

    assert report.monthly == [
        MonthRow("2025-12", None, 0, 80.0, 3),
        MonthRow("2026-01", 92.0, 2, 67.5, 2),
    ]
    assert (report.trained.audits, report.trained.agents) == (2, 1)
    assert (report.untrained.audits, report.untrained.agents) == (5, 2)
    assert report.naive is None
    assert str(report.did_problem).startswith("too few audits to compare")
