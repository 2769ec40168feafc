"""The preferences and consent API under /api/v1/members: shapes, changes, and who may do what."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core.models import AccessLogEntry
from heartline.members.models import ConsentDecision, Member
from tests.members.factories import care_manager, compliance_officer, make_member
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TokenFor = Callable[[str], str]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post(client: Client, url: str, token: str, body: dict[str, object]) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=bearer(token))


def test_preferences_answer_with_the_documented_fields(client: Client, api_token: TokenFor) -> None:
    make_member("M-1", language="es")

    response = client.get("/api/v1/members/M-1/preferences", headers=bearer(api_token("agent")))

    assert response.status_code == 200
    assert response.json() == {
        "member_id": "M-1",
        "preferred_channel": "phone",
        "language": "es",
        "time_zone": "",
        "quiet_hours": None,
        "consent": [],
        "history": [],
    }
    entry = AccessLogEntry.objects.get(action="member.preferences.view")
    assert (entry.username, entry.member_id, entry.channel) == ("agent", "M-1", "api")


def test_posting_preferences_changes_only_the_fields_given(client: Client, api_token: TokenFor) -> None:
    make_member("M-1")
    body = {"time_zone": "America/Phoenix", "quiet_hours": "20:00-09:00", "source": "call"}

    response = post(client, "/api/v1/members/M-1/preferences", api_token("agent"), body)

    assert response.status_code == 200  # type: ignore[attr-defined]
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["changed"] is True
    assert (answer["preferences"]["time_zone"], answer["preferences"]["quiet_hours"]) == (
        "America/Phoenix",
        "20:00-09:00",
    )
    assert Member.objects.get(member_id="M-1").language == "en"


def test_posting_the_same_preferences_again_changes_nothing(client: Client, api_token: TokenFor) -> None:
    make_member("M-1", language="zh")

    response = post(client, "/api/v1/members/M-1/preferences", api_token("agent"), {"language": "zh"})

    assert response.json()["changed"] is False  # type: ignore[attr-defined]


def test_an_invalid_time_zone_is_a_400_with_the_reason(client: Client, api_token: TokenFor) -> None:
    make_member("M-1")

    response = post(client, "/api/v1/members/M-1/preferences", api_token("agent"), {"time_zone": "Moon/Base"})

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json() == {"detail": "'Moon/Base' is not an IANA time zone name (e.g. America/Chicago)"}  # type: ignore[attr-defined]


def test_posting_consent_records_it(client: Client, api_token: TokenFor) -> None:
    make_member("M-1")
    body = {"channel": "sms", "purpose": "care", "granted": True, "express": True, "source": "call"}

    response = post(client, "/api/v1/members/M-1/consent", api_token("agent"), body)

    assert response.status_code == 200  # type: ignore[attr-defined]
    consent = response.json()["preferences"]["consent"]  # type: ignore[attr-defined]
    assert [(c["channel"], c["purpose"], c["granted"], c["express"]) for c in consent] == [("sms", "care", True, True)]
    assert ConsentDecision.objects.get().recorded_by == "agent"


def test_reach_answers_with_the_rule_and_reason(client: Client, api_token: TokenFor) -> None:
    make_member("M-1")

    response = client.get(
        "/api/v1/members/M-1/reach",
        {"channel": "sms", "purpose": "care", "at": "2026-06-15T16:00:00Z"},
        headers=bearer(api_token("agent")),
    )

    assert response.status_code == 200
    assert response.json() == {
        "member_id": "M-1",
        "channel": "sms",
        "purpose": "care",
        "allowed": False,
        "rule": "tcpa_express",
        "reason": "sms for care needs the member's express consent (TCPA); none on record",
        "local_time": "2026-06-15T12:00:00-04:00",
    }


def test_reach_for_an_unknown_member_is_404(client: Client, api_token: TokenFor) -> None:
    response = client.get(
        "/api/v1/members/M-404/reach", {"channel": "sms", "purpose": "care"}, headers=bearer(api_token("agent"))
    )

    assert response.status_code == 404


def test_index_lists_members_by_id(client: Client, api_token: TokenFor) -> None:
    make_member("M-2")
    make_member("M-1", plan="silver")

    response = client.get("/api/v1/members/index", {"limit": 1}, headers=bearer(api_token("agent")))

    assert response.json() == [{"member_id": "M-1", "plan": "silver", "language": "en", "preferred_channel": "phone"}]


# Role → (read preferences, record consent): the policy's LOOK_UP_MEMBERS and RECORD_MEMBER_PREFERENCES.
ROLE_TABLE = [
    ("agent", 200, 200),
    ("coach", 200, 200),
    ("qa", 200, 403),
    ("manager", 200, 200),
    ("exec", 403, 403),
    ("admin", 200, 200),
    ("compliance", 200, 403),
    ("care", 200, 200),
]


@pytest.mark.parametrize(("username", "read", "write"), ROLE_TABLE)
def test_who_may_read_and_record(
    client: Client, personas: Personas, api_token: TokenFor, username: str, read: int, write: int
) -> None:
    compliance_officer(personas)
    care_manager(personas)
    make_member("M-1")
    token = api_token(username)
    body = {"channel": "email", "purpose": "care", "granted": True}

    statuses = (
        client.get("/api/v1/members/M-1/preferences", headers=bearer(token)).status_code,
        post(client, "/api/v1/members/M-1/consent", token, body).status_code,  # type: ignore[attr-defined]
        client.get("/api/v1/members/index", headers=bearer(token)).status_code,
    )

    assert statuses == (read, write, read)
