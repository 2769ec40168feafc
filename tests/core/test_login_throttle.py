"""Password guessing is throttled (django-axes): by account and by address, for a cool-off period."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from heartline.core.models import AccessLogEntry
from tests.support.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db

LIMIT = 5  # HEARTLINE_LOGIN_FAILURE_LIMIT's default


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> int:
    response = client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def guess_wrong(client: Client, username: str, times: int, address: str = "10.0.0.1") -> None:
    for attempt in range(times):
        sign_in(client, username, f"wrong-{attempt}", address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in_after_fewer_wrong_ones_than_the_limit(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT - 1)

    assert sign_in(client, "manager", PASSWORD) == 302
    assert signed_in(client)


def test_after_the_limit_even_the_right_password_is_refused(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT)

    assert sign_in(client, "manager", PASSWORD) == 429
    assert not signed_in(client)


def test_a_locked_account_stays_locked_from_another_address(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT, address="10.0.0.1")

    assert sign_in(client, "manager", PASSWORD, address="10.0.0.2") == 429


def test_an_address_guessing_one_account_is_refused_for_another(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT, address="10.0.0.1")

    assert sign_in(client, "exec", PASSWORD, address="10.0.0.1") == 429


def test_guesses_spread_over_accounts_lock_the_address(client: Client, personas: Personas) -> None:
    for username in ("manager", "exec", "agent", "admin", "nobody"):
        sign_in(client, username, "wrong", address="10.0.0.1")

    assert sign_in(client, "agent", PASSWORD, address="10.0.0.1") == 429


def test_another_account_from_another_address_still_signs_in(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT, address="10.0.0.1")

    assert sign_in(client, "exec", PASSWORD, address="10.0.0.2") == 302


def test_the_lockout_ends_after_the_cool_off(client: Client, personas: Personas) -> None:
    # The guesses are made 16 minutes ago (going back, never ahead: see tests/support/clock_guard.py).
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=16)):
        guess_wrong(client, "manager", LIMIT)
        assert sign_in(client, "manager", PASSWORD) == 429

    assert sign_in(client, "manager", PASSWORD) == 302
    assert signed_in(client)


def test_the_lockout_page_says_how_long_to_wait(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT)

    response = client.post("/login/", {"username": "manager", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")

    page = response.content.decode()
    assert "<h1>Sign-in paused</h1>" in page
    assert "Please wait 15 minutes and try again, or ask an administrator" in page
    assert 'class="card narrow"' in page


def test_a_lockout_is_written_to_the_access_log(client: Client, personas: Personas) -> None:
    guess_wrong(client, "manager", LIMIT, address="10.0.0.7")

    entry = AccessLogEntry.objects.filter(action="login.locked_out").first()
    assert entry is not None
    assert (entry.username, entry.resource, entry.outcome, entry.detail) == (
        "manager",
        "user:manager",
        "denied",
        {"address": "10.0.0.7"},
    )


def test_behind_a_proxy_guessers_are_told_apart_by_the_forwarded_address(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.HEARTLINE_TRUSTED_PROXIES = 1
    for attempt in range(LIMIT):
        client.post(
            "/login/",
            {"username": "nobody", "password": f"wrong-{attempt}"},
            REMOTE_ADDR="10.0.0.100",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )

    response = client.post(
        "/login/",
        {"username": "exec", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.100",
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )

    assert response.status_code == 302


def test_without_trusted_proxies_a_forwarded_address_is_ignored(client: Client, personas: Personas) -> None:
    for attempt in range(LIMIT):
        client.post(
            "/login/",
            {"username": "nobody", "password": f"wrong-{attempt}"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )

    assert sign_in(client, "exec", PASSWORD, address="10.0.0.1") == 429


def test_an_address_that_is_no_address_is_counted_as_unknown_never_stored_as_text() -> None:
    from django.test import RequestFactory

    from heartline.core.throttle import UNKNOWN_ADDRESS, client_address

    no_peer = RequestFactory().get("/")
    no_peer.META.pop("REMOTE_ADDR", None)
    junk_peer = RequestFactory().get("/", REMOTE_ADDR="unknown")

    assert (client_address(no_peer), client_address(junk_peer)) == (UNKNOWN_ADDRESS, UNKNOWN_ADDRESS)
