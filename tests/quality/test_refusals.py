"""Hostile and mistaken requests get a 400, 403 or 404 that says why — never a 500 — and calibration
stays blind and within the units of the people who lead it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from heartline.core.models import AccessLogEntry, Employee
from heartline.quality.models import AuditAnswer, CalibrationSession, ScorecardVersion
from heartline.quality.services import QualityError
from heartline.quality.services.audits import AnswerInput, raise_dispute, save_answers, start_audit
from heartline.quality.services.calibration import close_calibration, create_calibration, start_calibration_score
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.pages import error_message
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def send(client: Client, method: str, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "get":
        return client.get(path, **headers)
    return getattr(client, method)(path, data=json.dumps(body or {}), content_type="application/json", **headers)


def open_session(personas: Personas) -> CalibrationSession:
    return create_calibration(
        caller(personas, "qa"),
        title="April",
        scorecard_code="cqa",
        held_on=dt.date(2026, 4, 2),
        contact_ids=["q-1", "q-7"],
        participant_codes=["e-coach", "e-qa2"],
    )


def test_an_item_answered_twice_is_refused_and_nothing_is_written(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = start_audit(caller(personas, "qa"), contact_id="q-4", scorecard_code="cqa")

    with pytest.raises(QualityError, match="given more than once: greet"):
        save_answers(caller(personas, "qa"), audit.pk, [AnswerInput("greet", 1), AnswerInput("greet", 0)])
    assert AuditAnswer.objects.filter(audit=audit).count() == 0


def test_api_unknown_audit_is_404_and_a_negative_limit_422(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    token = api_token("qa")

    answers = send(client, "put", "/api/v1/quality/audits/999999/answers", token, {"answers": []})
    listing = send(client, "get", "/api/v1/quality/audits?limit=-1", token)

    assert (answers.status_code, answers.json()["detail"]) == (404, "no audit 999999")
    assert listing.status_code == 422


def test_reading_an_audit_through_the_api_is_logged(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    audit = audited(personas, "q-4", ALL_MET)

    response = send(client, "get", f"/api/v1/quality/audits/{audit.pk}", api_token("coach"))

    entry = AccessLogEntry.objects.filter(action="quality.audit.view").get()
    assert response.status_code == 200
    assert (entry.username, entry.resource, entry.channel) == ("coach", "contact:q-4", "api")


def test_a_manager_of_another_unit_neither_sees_nor_closes_a_session(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    session = open_session(personas)
    token = api_token("manager")  # Maya manages medicare; the contacts are commercial's

    seen = send(client, "get", f"/api/v1/quality/calibrations/{session.pk}", token)
    closed = send(client, "post", f"/api/v1/quality/calibrations/{session.pk}/close", token)

    session.refresh_from_db()
    assert (seen.status_code, closed.status_code, session.closed_at) == (404, 404, None)


def test_while_open_a_participant_sees_only_their_own_scores(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    session = open_session(personas)
    theirs = start_calibration_score(caller(personas, "qa2"), session.pk, "q-1")
    save_answers(caller(personas, "qa2"), theirs.pk, ALL_MET, complete=True)
    start_calibration_score(caller(personas, "coach"), session.pk, "q-1")
    token = api_token("coach")

    found = send(client, "get", f"/api/v1/quality/calibrations/{session.pk}", token).json()
    other = send(client, "get", f"/api/v1/quality/audits/{theirs.pk}", token)
    client.force_login(personas.coach.user)
    page = client.get(f"/quality/audits/{theirs.pk}/")

    assert (found["my_scores"], found["overall"], found["deviations"]) == ({"q-1": None}, None, None)
    assert (other.status_code, page.status_code) == (404, 404)


def test_a_score_cannot_be_completed_after_the_session_closes(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    session = open_session(personas)
    draft = start_calibration_score(caller(personas, "coach"), session.pk, "q-1")
    close_calibration(caller(personas, "qa"), session.pk)

    with pytest.raises(QualityError, match="closed"):
        save_answers(caller(personas, "coach"), draft.pk, ALL_MET, complete=True)


def test_only_auditors_take_part_in_calibration(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    with pytest.raises(QualityError, match=r"not auditors .*: e-agent"):
        create_calibration(
            caller(personas, "qa"),
            title="With an agent",
            scorecard_code="cqa",
            held_on=dt.date(2026, 4, 2),
            contact_ids=["q-1", "q-7"],
            participant_codes=["e-coach", "e-agent"],
        )


def test_an_agent_cannot_score_a_session_even_if_listed(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    session = open_session(personas)
    session.participants.add(personas.agent)

    with pytest.raises(PermissionDenied):
        start_calibration_score(caller(personas, "agent"), session.pk, "q-1")


def test_a_malformed_revised_rating_on_the_resolve_page_is_a_400(
    client: Client, personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audit = audited(personas, "q-4", ALL_MET)
    raise_dispute(caller(personas, "agent"), audit.pk, "Check 2:00")
    client.force_login(Employee.objects.get(code="e-qa2").user)

    response = client.post(
        f"/quality/audits/{audit.pk}/resolve/",
        {"outcome": "revised", "resolution": "Relistened", "rating-greet": "yes"},
    )

    assert (response.status_code, error_message(response)) == (400, "item greet: rating must be a number or na")


def test_coaching_prefill_refuses_an_unknown_level_and_someone_not_coachable(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    token = api_token("coach")

    level = send(client, "get", "/api/v1/coaching/prefill?coachee=e-agent&level=cheerful", token)
    stranger = send(client, "get", "/api/v1/coaching/prefill?coachee=e-medicare-agent", token)

    assert (level.status_code, stranger.status_code) == (400, 404)
