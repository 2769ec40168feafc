"""Refused requests are in the access log as denied: who, what, when (issue 13, fault 9).

Maya manages medicare; the q-* contacts and their audits are commercial's, so she is refused them
with a 404. Ana is an agent, refused building scorecards or starting audits with a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.core import denials
from heartline.core.models import AccessLogEntry
from heartline.quality.models import Audit, ScorecardVersion
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def entry_of(entry: AccessLogEntry) -> tuple[Any, ...]:
    return (entry.username, entry.outcome, entry.channel, entry.action, entry.resource, entry.detail["status"])


@pytest.fixture
def commercial_audit(personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse) -> Audit:
    return audited(personas, "q-4", ALL_MET)


def test_a_manager_refused_another_units_contact_page_is_logged_as_denied(
    client_as: ClientAs, personas: Personas, quality_contacts: Warehouse
) -> None:
    response = client_as("manager").get("/contacts/c/q-4/")

    entry = AccessLogEntry.objects.get()
    assert response.status_code == 404
    assert entry_of(entry) == ("manager", "denied", "web", "contacts:detail", "contact:q-4", 404)
    assert (entry.user_id, entry.detail["path"]) == (personas.manager.user_id, "/contacts/c/q-4/")


def test_a_manager_refused_another_units_audit_page_is_logged_as_denied(
    client_as: ClientAs, commercial_audit: Audit
) -> None:
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))

    response = client_as("manager").get(f"/quality/audits/{commercial_audit.pk}/")

    entry = AccessLogEntry.objects.exclude(pk__in=before).get()
    assert response.status_code == 404
    assert entry_of(entry) == ("manager", "denied", "web", "quality:audit", f"audit:{commercial_audit.pk}", 404)


def test_a_manager_refused_another_units_audit_over_the_api_is_logged_as_denied(
    client: Client, api_token: Callable[[str], str], commercial_audit: Audit
) -> None:
    token = api_token("manager")
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))

    response = client.get(f"/api/v1/quality/audits/{commercial_audit.pk}", headers=bearer(token))

    entry = AccessLogEntry.objects.exclude(pk__in=before).get()
    assert response.status_code == 404
    assert entry_of(entry)[:3] == ("manager", "denied", "api")
    assert (entry.resource, entry.detail["status"]) == (f"audit:{commercial_audit.pk}", 404)


def test_an_agent_refused_an_action_on_a_page_is_logged_as_denied(client_as: ClientAs) -> None:
    response = client_as("agent").post("/quality/scorecards/new/", {"code": "x", "name": "X", "kind": "audit"})

    entry = AccessLogEntry.objects.get()
    assert response.status_code == 403
    assert entry_of(entry) == ("agent", "denied", "web", "quality:scorecard-create", "/quality/scorecards/new/", 403)
    assert (entry.detail["method"], entry.detail["reason"]) == ("POST", "a agent may not build scorecards")


def test_an_agent_refused_an_action_over_the_api_is_logged_as_denied(
    client: Client, api_token: Callable[[str], str], scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    token = api_token("agent")
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))

    response = client.post(
        "/api/v1/quality/audits",
        {"contact_id": "q-4", "scorecard": "cqa"},
        content_type="application/json",
        headers=bearer(token),
    )

    entry = AccessLogEntry.objects.exclude(pk__in=before).get()
    assert response.status_code == 403
    assert (entry.username, entry.outcome, entry.channel, entry.detail["status"]) == ("agent", "denied", "api", 403)


def test_a_contact_page_the_caller_may_see_is_logged_as_shown(client_as: ClientAs, quality_contacts: Warehouse) -> None:
    response = client_as("qa").get("/contacts/c/q-4/")

    entry = AccessLogEntry.objects.get()
    assert response.status_code == 200
    assert (entry.username, entry.outcome, entry.action, entry.resource) == (
        "qa",
        "shown",
        "contacts.view",
        "contact:q-4",
    )


def test_an_unknown_address_is_not_a_denial(client_as: ClientAs) -> None:
    response = client_as("manager").get("/no-such-page/")

    assert (response.status_code, AccessLogEntry.objects.count()) == (404, 0)


def test_a_caller_without_credentials_is_not_logged(client: Client, commercial_audit: Audit) -> None:
    before = AccessLogEntry.objects.count()

    response = client.get(f"/api/v1/quality/audits/{commercial_audit.pk}")

    assert (response.status_code, AccessLogEntry.objects.count()) == (401, before)


def test_the_refusal_stands_when_the_log_cannot_be_written(
    client_as: ClientAs, quality_contacts: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr(denials, "log_denied", broken)

    response = client_as("manager").get("/contacts/c/q-4/")

    assert (response.status_code, AccessLogEntry.objects.count()) == (404, 0)
