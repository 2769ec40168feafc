"""Credentials on the organization's calendar, whatever the hour: three passing audits completed in
the evening in New York grant the credential that same day — also between 00:00 UTC and local
midnight (the UTC date is already tomorrow) and on the days the clocks change. Until the fix, audits
completed in that window counted as "in the future" and the grant waited a day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from heartline.core.scoping import OPERATOR
from heartline.learning import services
from heartline.learning.models import Credential
from heartline.quality.models import ScorecardVersion
from heartline.warehouse.store import Warehouse
from tests.learning.conftest import PROGRAM, Training
from tests.learning.test_credentials_from_audits import FULL_MARKS, complete_audit
from tests.support.personas import Personas

UTC = dt.UTC

PINNED = [
    # 19:30 EST on 5 December: the UTC date is the 6th.
    pytest.param(dt.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), dt.date(2026, 12, 5), id="00:30 UTC"),
    # 18:30 EST on 6 December: both calendars agree.
    pytest.param(dt.datetime(2026, 12, 6, 23, 30, tzinfo=UTC), dt.date(2026, 12, 6), id="23:30 UTC"),
    # 23:30 EDT on 8 March, the day the clocks went forward.
    pytest.param(dt.datetime(2026, 3, 9, 3, 30, tzinfo=UTC), dt.date(2026, 3, 8), id="spring change"),
    # 23:30 EST on 1 November, the day the clocks went back.
    pytest.param(dt.datetime(2026, 11, 2, 4, 30, tzinfo=UTC), dt.date(2026, 11, 1), id="autumn change"),
]


@pytest.mark.parametrize(("now", "local_day"), PINNED)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immediate_tasks")
def test_three_passing_audits_grant_the_credential_on_the_local_day(
    now: dt.datetime,
    local_day: dt.date,
    training: Training,
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    for code, day in (("course-1", dt.date(2026, 1, 8)), ("course-2", dt.date(2026, 1, 14))):
        services.record_completion(OPERATOR, "e-agent", PROGRAM, code, day)

    with time_machine.travel(now, tick=False):
        for contact_id in ("q-3", "q-5", "q-6"):
            complete_audit(personas, contact_id, FULL_MARKS)

    credential = Credential.objects.get(employee__code="e-agent")
    assert (credential.state, credential.granted_on) == ("granted", local_day)
