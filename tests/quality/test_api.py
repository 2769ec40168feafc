"""The quality, behaviors and coaching API: every action through the services, scoped by role."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.quality.models import ScorecardVersion
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db
ANSWERS = [{"item": a.item_code, "rating": a.rating} for a in ALL_MET]


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(path, data=json.dumps(body or {}), content_type="application/json", **headers)


def test_a_qa_analyst_audits_a_contact_through_the_api(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    token = api_token("qa")
    started = send(client, "post", "/api/v1/quality/audits", {"contact_id": "q-4", "scorecard": "cqa"}, token)
    done = send(
        client,
        "put",
        f"/api/v1/quality/audits/{started.json()['id']}/answers",
        {"answers": ANSWERS, "complete": True},
        token,
    )

    assert started.status_code == 200
    assert (done.status_code, done.json()["score"], done.json()["status"]) == (200, 100.0, "completed")


def test_an_agent_cannot_start_an_audit(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    response = send(
        client, "post", "/api/v1/quality/audits", {"contact_id": "q-4", "scorecard": "cqa"}, api_token("agent")
    )
    assert response.status_code == 403


def test_an_agent_lists_only_their_own_audits_and_scores(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    mine = audited(personas, "q-4", ALL_MET)
    audited(personas, "q-7", ALL_MET)
    token = api_token("agent")

    audits = client.get("/api/v1/quality/audits", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    scores = client.get("/api/v1/quality/scores?by=agent", HTTP_AUTHORIZATION=f"Bearer {token}").json()

    assert [a["id"] for a in audits] == [mine.pk]
    assert [(r["key"], r["n"]) for r in scores] == [("e-agent", 1)]


def test_a_bad_scores_dimension_is_a_400(client: Client, api_token: Callable[[str], str], personas: Personas) -> None:
    response = client.get("/api/v1/quality/scores?by=colour", HTTP_AUTHORIZATION=f"Bearer {api_token('qa')}")
    assert response.status_code == 400


def test_the_agent_disputes_and_a_second_auditor_resolves_through_the_api(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    audit = audited(personas, "q-4", ALL_MET)
    raised = send(
        client, "post", f"/api/v1/quality/audits/{audit.pk}/dispute", {"reason": "Check 2:00"}, api_token("agent")
    )
    resolved = send(
        client,
        "post",
        f"/api/v1/quality/disputes/{raised.json()['id']}/resolve",
        {"outcome": "upheld", "resolution": "Listened again: stands"},
        api_token("qa2"),
    )

    assert (resolved.status_code, resolved.json()["score_after"]) == (200, 100.0)


def test_the_catalog_and_coaching_prefill_through_the_api(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    from heartline.quality.services.audits import AnswerInput

    audited(personas, "q-4", [*ALL_MET[:3], AnswerInput("own", 0), ALL_MET[4]])
    token = api_token("coach")
    behaviors = client.get("/api/v1/behaviors", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    prefill = client.get("/api/v1/coaching/prefill?coachee=e-agent", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    held = send(
        client,
        "post",
        "/api/v1/coaching/sessions",
        {
            "coachee": "e-agent",
            "held_on": "2026-04-01",
            "focus_behaviors": prefill["focus_behaviors"],
            "audits": prefill["audits"],
            "follow_up_on": "2026-04-15",
        },
        token,
    )

    assert len(behaviors) == 6
    assert prefill["focus_behaviors"] == ["own-the-outcome"]
    assert prefill["focus_behavior_names"] == ["Own the outcome"]
    assert (held.status_code, held.json()["focus_behaviors"]) == (200, ["own-the-outcome"])


def test_calibration_results_show_once_closed(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    from tests.quality.test_calibration import session_with_scores

    session = session_with_scores(personas)
    token = api_token("qa")
    before = client.get(f"/api/v1/quality/calibrations/{session.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    after = send(client, "post", f"/api/v1/quality/calibrations/{session.pk}/close", None, token).json()

    assert before["overall"] is None
    assert after["overall"]["units"] == 3
    assert after["overall"]["level"] == "interval"


def test_the_audit_list_says_which_are_disputed_in_as_many_queries_for_three_audits_as_for_one(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from heartline.core.scoping import caller_for
    from heartline.quality.services.audits import raise_dispute

    token = api_token("qa")
    first = audited(personas, "q-4", ALL_MET)
    raise_dispute(caller_for(personas.agent.user), first.pk, "I verified the member first.")
    client.get("/api/v1/quality/audits", HTTP_AUTHORIZATION=f"Bearer {token}")  # the token's first use is recorded
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/quality/audits", HTTP_AUTHORIZATION=f"Bearer {token}")
    audited(personas, "q-5", ALL_MET)
    audited(personas, "q-7", ALL_MET)
    with CaptureQueriesContext(connection) as three:
        audits = client.get("/api/v1/quality/audits", HTTP_AUTHORIZATION=f"Bearer {token}").json()

    assert sorted((a["contact_id"], a["disputed"]) for a in audits) == [
        ("q-4", True),
        ("q-5", False),
        ("q-7", False),
    ]
    assert len(three) == len(one)
