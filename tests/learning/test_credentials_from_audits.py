"""The whole path with quality's real audits: a completed audit sends `audit_completed`, the
receiver queues the evaluation, the task grants the credential after the third passing audit."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import services
from heartline.learning.models import Credential, CredentialEvent
from heartline.quality.models import ScorecardVersion
from heartline.quality.services.audits import AnswerInput, save_answers, start_audit
from heartline.warehouse.store import Warehouse
from tests.learning.conftest import PROGRAM, Training
from tests.support.personas import Personas

FULL_MARKS = [
    AnswerInput("greet", 1),
    AnswerInput("verify", 1),
    AnswerInput("listen", 5),
    AnswerInput("own", 1),
    AnswerInput("thank", 1),
]


def complete_audit(personas: Personas, contact_id: str, answers: list[AnswerInput]) -> int:
    qa = caller_for(personas.qa_analyst.user)
    audit = start_audit(qa, contact_id=contact_id, scorecard_code="cqa")
    return save_answers(qa, audit.pk, answers, complete=True).pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immediate_tasks")
def test_three_passing_audits_grant_the_credential_through_the_worker_task(
    training: Training,
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    for code, day in (("course-1", dt.date(2026, 1, 8)), ("course-2", dt.date(2026, 1, 14))):
        services.record_completion(OPERATOR, "e-agent", PROGRAM, code, day)
    failing = [*FULL_MARKS[:1], AnswerInput("verify", 0), *FULL_MARKS[2:]]

    ids = [complete_audit(personas, "q-3", FULL_MARKS), complete_audit(personas, "q-4", failing)]
    after_two = Credential.objects.get(employee__code="e-agent").state
    ids += [complete_audit(personas, "q-5", FULL_MARKS), complete_audit(personas, "q-6", FULL_MARKS)]

    credential = Credential.objects.get(employee__code="e-agent")
    granted = CredentialEvent.objects.get(credential=credential, to_state="granted")
    assert after_two == "in_progress"
    assert credential.state == "granted"
    assert granted.audit_ids == [ids[0], ids[2], ids[3]]
    assert "failed a critical item" not in granted.reason
    assert granted.reason.startswith("3 audited calls on Call Quality Audit at or above ")  # the name, not `cqa`
