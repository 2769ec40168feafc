"""Bearer tokens: wrong ones are counted per address and lock it out; tokens expire; their use is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from heartline.core.models import AccessLogEntry, ApiToken
from heartline.core.services import create_api_token
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TokenFor = Callable[[str], str]
LIMIT = 5  # HEARTLINE_LOGIN_FAILURE_LIMIT's default


def me(client: Client, token: str, address: str = "10.0.0.1") -> int:
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=address)
    return response.status_code


def guess_tokens(client: Client, times: int, address: str = "10.0.0.1") -> None:
    for attempt in range(times):
        assert me(client, f"hl_wrong-{attempt}", address) == 401


def test_a_right_token_works_after_fewer_wrong_ones_than_the_limit(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    guess_tokens(client, LIMIT - 1)

    assert me(client, token) == 200


def test_after_the_limit_even_a_right_token_from_that_address_is_refused(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    guess_tokens(client, LIMIT)

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    assert response.json() == {"detail": "too many wrong API tokens from this address; wait 15 minutes"}


def test_another_address_is_not_locked_out(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    guess_tokens(client, LIMIT, address="10.0.0.1")

    assert me(client, token, address="10.0.0.2") == 200


def test_the_token_lockout_ends_after_the_cool_off(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=16)):
        guess_tokens(client, LIMIT)
        assert me(client, token) == 429

    assert me(client, token) == 200


def test_a_token_lockout_is_written_to_the_access_log(client: Client, personas: Personas) -> None:
    guess_tokens(client, LIMIT, address="10.0.0.9")

    entry = AccessLogEntry.objects.get(action="token.locked_out")
    assert (entry.resource, entry.channel, entry.outcome) == ("address:10.0.0.9", "api", "denied")


def test_an_expired_token_is_refused_saying_so(client: Client, personas: Personas) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        token = create_api_token("manager", days=1)
    expires_at = ApiToken.objects.get().expires_at

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json() == {
        "detail": f"this API token expired at {expires_at:%Y-%m-%d %H:%M} UTC; "
        "create a new one with `heartline token create USERNAME`"
    }


def test_a_token_expires_after_ninety_days_by_default(personas: Personas) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=1), tick=False):
        created = timezone.now()
        create_api_token("manager")

    assert ApiToken.objects.get().expires_at == created + dt.timedelta(days=90)


def test_a_token_can_be_issued_for_fewer_days(personas: Personas) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=1), tick=False):
        created = timezone.now()
        create_api_token("manager", days=7)

    assert ApiToken.objects.get().expires_at == created + dt.timedelta(days=7)


def test_using_a_token_records_when(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=10), tick=False):
        used = timezone.now()
        assert me(client, token) == 200

    assert ApiToken.objects.get().last_used_at == used


def test_last_use_is_written_at_most_once_a_minute(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    first = timezone.now() - dt.timedelta(minutes=10)
    with time_machine.travel(first, tick=False):
        me(client, token)
    with time_machine.travel(first + dt.timedelta(seconds=30), tick=False):
        me(client, token)
    assert ApiToken.objects.get().last_used_at == first

    with time_machine.travel(first + dt.timedelta(seconds=61), tick=False):
        me(client, token)
    assert ApiToken.objects.get().last_used_at == first + dt.timedelta(seconds=61)


def test_behind_a_proxy_wrong_tokens_lock_only_the_forwarded_address(
    client: Client, api_token: TokenFor, settings: Settings
) -> None:
    settings.HEARTLINE_TRUSTED_PROXIES = 1
    token = api_token("manager")
    for attempt in range(LIMIT):
        client.get(
            "/api/v1/me",
            headers={"Authorization": f"Bearer hl_wrong-{attempt}", "X-Forwarded-For": "203.0.113.5"},
            REMOTE_ADDR="10.0.0.100",
        )

    def status_from(forwarded: str) -> int:
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": forwarded}
        return client.get("/api/v1/me", headers=headers, REMOTE_ADDR="10.0.0.100").status_code

    assert (status_from("203.0.113.5"), status_from("203.0.113.6")) == (429, 200)
