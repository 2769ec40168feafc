"""Auditing a contact: start, answer, complete (score + audit_completed), disputes, who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from heartline.core.scoping import caller_for
from heartline.quality.contracts import AuditScore, audit_completed
from heartline.quality.models import Audit, ScorecardVersion
from heartline.quality.selectors import scored_audits
from heartline.quality.selectors.audits import audit_sections, visible_audits
from heartline.quality.services import QualityError
from heartline.quality.services.audits import AnswerInput, raise_dispute, resolve_dispute, save_answers, start_audit
from heartline.warehouse.store import Warehouse
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

ALL_MET = [
    AnswerInput("greet", 1),
    AnswerInput("verify", 1),
    AnswerInput("listen", 5),
    AnswerInput("own", 1),
    AnswerInput("thank", 1),
]


def caller(personas: Personas, username: str) -> Any:
    from django.contrib.auth import get_user_model

    return caller_for(get_user_model().objects.get(username=username))


def audited(personas: Personas, contact_id: str, answers: list[AnswerInput], auditor: str = "qa") -> Audit:
    audit = start_audit(caller(personas, auditor), contact_id=contact_id, scorecard_code="cqa")
    return save_answers(caller(personas, auditor), audit.pk, answers, complete=True)


def test_an_audit_takes_the_contacts_agent_unit_and_time(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = start_audit(caller(personas, "qa"), contact_id="q-4", scorecard_code="cqa")

    assert (audit.agent.code, audit.unit.code, audit.team.code) == ("e-agent", "commercial", "commercial-a")  # type: ignore[union-attr]
    assert audit.contact_started_at == dt.datetime(2026, 3, 6, 14, 0, tzinfo=dt.UTC)


def test_starting_the_same_contact_twice_gives_the_same_audit(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    first = start_audit(caller(personas, "qa"), contact_id="q-4", scorecard_code="cqa")
    again = start_audit(caller(personas, "qa"), contact_id="q-4", scorecard_code="cqa")

    assert (again.pk, Audit.objects.count()) == (first.pk, 1)


def test_a_contact_of_another_unit_cannot_be_audited(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    with pytest.raises(QualityError, match="no contact 'm-1' that you may see"):
        start_audit(caller(personas, "qa"), contact_id="m-1", scorecard_code="cqa")


def test_an_agent_cannot_audit(personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse) -> None:
    with pytest.raises(PermissionDenied):
        start_audit(caller(personas, "agent"), contact_id="q-4", scorecard_code="cqa")


def test_completing_scores_the_audit_and_tells_credentialing(
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
    django_capture_on_commit_callbacks: Any,
) -> None:
    received: list[AuditScore] = []

    def listener(sender: object, audit_score: AuditScore, **kwargs: object) -> None:
        received.append(audit_score)

    audit_completed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            audit = audited(personas, "q-4", [*ALL_MET[:3], AnswerInput("own", 0), AnswerInput("thank", None)])
    finally:
        audit_completed.disconnect(listener)

    # Earned 1 + 2 + 1 + 0 of 5 applicable weight (thank is N/A) = 80.
    assert (audit.score, audit.passed_critical, audit.status) == (80.0, True, "completed")
    assert [(s.audit_id, s.agent_code, s.scorecard_code, s.score) for s in received] == [
        (audit.pk, "e-agent", "cqa", 80.0)
    ]


def test_an_audit_cannot_be_completed_with_items_unanswered(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = start_audit(caller(personas, "qa"), contact_id="q-4", scorecard_code="cqa")
    with pytest.raises(QualityError, match="missing: own, thank"):
        save_answers(caller(personas, "qa"), audit.pk, ALL_MET[:3], complete=True)


def test_a_completed_audit_cannot_be_rewritten_by_its_auditor(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = audited(personas, "q-4", ALL_MET)
    with pytest.raises(QualityError, match="only through a dispute"):
        save_answers(caller(personas, "qa"), audit.pk, [AnswerInput("own", 0)])


def test_the_agent_sees_only_their_own_completed_audits(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    mine = audited(personas, "q-4", ALL_MET)
    audited(personas, "q-7", ALL_MET)  # Bo's
    start_audit(caller(personas, "qa"), contact_id="q-5", scorecard_code="cqa")  # a draft of the agent's

    assert list(visible_audits(caller(personas, "agent")).values_list("pk", flat=True)) == [mine.pk]


def test_a_manager_of_another_unit_sees_none_of_commercials_audits(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audited(personas, "q-4", ALL_MET)
    assert visible_audits(caller(personas, "manager")).count() == 0


def test_the_audit_shows_the_unit_wording_in_force_on_the_day_of_the_contact(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    from heartline.behaviors.models import BehaviorWording
    from heartline.behaviors.services import reword_behavior
    from heartline.core.scoping import OPERATOR

    BehaviorWording.objects.update(effective_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    reword_behavior(
        OPERATOR,
        "welcome-warmly",
        unit_code="commercial",
        title="Greet by name, warmly",
        effective_from=dt.datetime(2026, 3, 4, tzinfo=dt.UTC),
    )
    reword_behavior(
        OPERATOR,
        "welcome-warmly",
        unit_code="commercial",
        title="Later words",
        effective_from=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )
    early = audited(personas, "q-1", ALL_MET)  # 3 March: before the unit's wording
    later = audited(personas, "q-4", ALL_MET)  # 6 March: the unit's version 1

    def greet_title(audit: Audit) -> str:
        item = audit_sections(audit)[0].items[0]
        assert item.behavior is not None
        return item.behavior.title

    assert (greet_title(early), greet_title(later)) == ("Welcome the member warmly", "Greet by name, warmly")


def test_a_dispute_is_resolved_by_a_second_auditor_who_can_revise_the_score(
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
    django_capture_on_commit_callbacks: Any,
) -> None:
    audit = audited(personas, "q-4", [*ALL_MET[:3], AnswerInput("own", 0), ALL_MET[4]])
    dispute = raise_dispute(caller(personas, "agent"), audit.pk, "I resolved it: the member said so at 4:10")
    with pytest.raises(PermissionDenied, match="second auditor"):
        resolve_dispute(caller(personas, "qa"), dispute.pk, outcome="upheld", resolution="Stands")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resolved = resolve_dispute(
            caller(personas, "qa2"),
            dispute.pk,
            outcome="revised",
            resolution="Agreed: resolved at 4:10",
            answers=[AnswerInput("own", 1, evidence="4:10")],
        )

    assert (resolved.score_before, resolved.score_after) == (83.33, 100.0)  # 5 of 6 weight, rounded
    assert len(callbacks) == 1
    assert [s.score for s in scored_audits(agent_codes=["e-agent"])] == [100.0]


def test_only_the_audited_agent_may_dispute(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = audited(personas, "q-7", ALL_MET)
    with pytest.raises(PermissionDenied):
        raise_dispute(caller(personas, "agent"), audit.pk, "not mine")


def test_scored_audits_leaves_out_drafts_and_calibration_and_bounds_by_contact_date(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audited(personas, "q-1", ALL_MET)  # 3 March
    audited(personas, "q-4", ALL_MET)  # 6 March
    start_audit(caller(personas, "qa"), contact_id="q-5", scorecard_code="cqa")  # draft
    Audit.objects.filter(contact_id="q-1").update(purpose="calibration")

    scores = scored_audits(
        agent_codes=["e-agent"], scorecard_code="cqa", since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 6)
    )

    assert [s.contact_started_at.date() for s in scores] == [dt.date(2026, 3, 6)]
