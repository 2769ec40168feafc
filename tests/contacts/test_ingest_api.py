"""`POST /api/v1/ingest/contacts` and `/cases`: batches of native records, for administrators only.

The endpoints are mounted here on an API of their own (with the real API's authentication), so these
tests do not depend on how config/api.py mounts the router.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from heartline.contacts.ingest_api import build_router
from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.auth import PersonalToken
from heartline.core.models import AccessLogEntry
from heartline.ingest import engine
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import stored_rows

api_under_test = NinjaAPI(urls_namespace="ingest-under-test", auth=[PersonalToken(), django_auth])
api_under_test.add_router("/ingest", build_router())
urlpatterns = [path("api/v1/", api_under_test.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

TokenFor = Callable[[str], str]
URL = "/api/v1/ingest/contacts"
TIME_REASON = "is not an ISO 8601 time with an offset (e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)"


def contact(contact_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "contact_id": contact_id,
        "member_id": "M0001",
        "channel": "phone",
        "direction": "inbound",
        "queue": "q-commercial",
        "unit": "commercial",
        "agent_id": "e-agent",
        "started_at": "2026-02-02T09:00:00Z",
        "ended_at": "2026-02-02T09:06:00Z",
        "talk_seconds": 300,
        "abandoned": False,
        "route": "q-commercial",
        **fields,
    }


def post(client: Client, token: str, body: dict[str, Any], url: str = URL) -> Any:
    return client.post(url, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_an_admin_loads_a_batch(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    response = post(client, api_token("admin"), {"records": [contact("c-1"), contact("c-2")]})

    assert response.status_code == 200
    assert response.json() == {
        "read": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "problems": [],
        "problems_not_listed": 0,
    }
    assert [r["team"] for r in stored_rows(app_warehouse, CONTACTS)] == ["commercial-a", "commercial-a"]


def test_a_batch_sent_twice_changes_nothing(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    token = api_token("admin")
    post(client, token, {"records": [contact("c-1"), contact("c-2")]})

    response = post(client, token, {"records": [contact("c-1"), contact("c-2", talk_seconds=301)]})

    assert (response.json()["unchanged"], response.json()["updated"]) == (1, 1)


def test_a_non_administrator_is_refused_before_the_body_is_read(client: Client, api_token: TokenFor) -> None:
    response = client.post(
        URL,
        "{not json at all",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('coach')}"},
    )

    assert response.status_code == 403  # not 400/422: the body was never parsed
    assert response.json() == {"detail": "only administrators may ingest contacts; your role is coach"}


def test_an_agent_may_not_ingest(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    response = post(client, api_token("agent"), {"records": [contact("c-1")]})

    assert response.status_code == 403
    assert response.json() == {"detail": "only administrators may ingest contacts; your role is agent"}
    assert app_warehouse.open(CONTACTS) is None


def test_a_superuser_may_ingest(client: Client, app_warehouse: Warehouse) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "root-password-1")
    client.force_login(root)

    response = client.post(URL, {"records": [contact("c-1")]}, content_type="application/json")

    assert (response.status_code, response.json()["inserted"]) == (200, 1)


def test_an_invalid_record_refuses_the_batch_and_lists_the_problems(
    client: Client, api_token: TokenFor, app_warehouse: Warehouse
) -> None:
    records = [contact("c-1"), contact("c-2", started_at="2025-13-01", channel="fax")]

    response = post(client, api_token("admin"), {"records": records})

    assert response.status_code == 400
    body = response.json()
    assert {k: body[k] for k in ("read", "inserted", "rejected")} == {"read": 2, "inserted": 0, "rejected": 1}
    assert body["problems"] == [
        {"row": 2, "field": "channel", "reason": '"fax" is not one of phone, chat, email, portal, sms'},
        {"row": 2, "field": "started_at", "reason": f'"2025-13-01" {TIME_REASON}'},
    ]
    assert app_warehouse.open(CONTACTS) is None


def test_skip_bad_stores_the_valid_records(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    records = [contact("c-1"), contact("c-2", talk_seconds=-1)]

    response = post(client, api_token("admin"), {"records": records, "skip_bad": True})

    assert response.status_code == 200
    assert (response.json()["inserted"], response.json()["rejected"]) == (1, 1)
    assert response.json()["problems"] == [
        {"row": 2, "field": "talk_seconds", "reason": '"-1" is not a whole number of 0 or more'}
    ]


def test_an_unknown_field_refuses_the_batch(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    response = post(client, api_token("admin"), {"records": [contact("c-1", agent_name="Ana")]})

    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert (problem["row"], problem["field"]) == (None, None)
    assert problem["reason"].startswith("unknown column(s) agent_name;")


def test_a_batch_over_the_cap_is_refused_with_the_cap(
    client: Client, api_token: TokenFor, app_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MAX_API_RECORDS", 2)

    response = post(client, api_token("admin"), {"records": [contact("c-1"), contact("c-2"), contact("c-3")]})

    assert response.status_code == 413
    assert response.json() == {"detail": "a batch may hold at most 2 records; this one has 3: split it"}


def test_an_empty_batch_stores_nothing(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    response = post(client, api_token("admin"), {"records": []})

    assert (response.status_code, response.json()["read"]) == (200, 0)
    assert app_warehouse.open(CONTACTS) is None


def test_cases_load_through_their_own_endpoint(client: Client, api_token: TokenFor, app_warehouse: Warehouse) -> None:
    case = {"case_id": "CASE-1", "opened_at": "2026-02-01T10:00:00-05:00", "priority": "expedited"}

    response = post(client, api_token("admin"), {"records": [case]}, url="/api/v1/ingest/cases")

    assert (response.status_code, response.json()["inserted"]) == (200, 1)
    assert [r["priority"] for r in stored_rows(app_warehouse, CASES)] == ["expedited"]


def test_each_ingest_is_written_to_the_access_log(
    client: Client, api_token: TokenFor, app_warehouse: Warehouse
) -> None:
    post(client, api_token("admin"), {"records": [contact("c-1")]})

    entry = AccessLogEntry.objects.filter(action="ingest.contacts").get()
    assert (entry.user.get_username(), entry.channel, entry.resource) == ("admin", "api", "warehouse:contacts")  # type: ignore[union-attr]
    assert entry.detail["inserted"] == 1
