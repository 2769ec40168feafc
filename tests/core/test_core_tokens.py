"""Personal API tokens: shown once, stored as a SHA-256 digest, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from typer.testing import CliRunner

from heartline.cli import app
from heartline.core.models import AccessLogEntry, ApiToken
from heartline.core.services import TokenError, create_api_token, revoke_api_tokens, user_for_token
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_not_stored(personas: Personas) -> None:
    raw = create_api_token("manager", label="reporting")

    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.digest, token.prefix, token.label}
    assert token.prefix == raw[:10]
    assert (token.employee, token.label) == (personas.manager, "reporting")


def test_a_token_is_long_and_marked_as_heartlines(personas: Personas) -> None:
    raw = create_api_token("manager")

    assert raw.startswith("hl_")
    assert len(raw) >= 40


def test_each_token_is_different(personas: Personas) -> None:
    assert create_api_token("manager") != create_api_token("manager")


def test_a_token_finds_its_user_and_records_its_use(personas: Personas) -> None:
    raw = create_api_token("manager")

    assert user_for_token(raw) == personas.manager.user
    assert ApiToken.objects.get().last_used_at is not None


def test_an_unknown_token_finds_no_one(personas: Personas) -> None:
    create_api_token("manager")

    assert user_for_token("hl_not-a-real-token") is None


def test_a_revoked_token_finds_no_one(personas: Personas) -> None:
    raw = create_api_token("manager")

    assert revoke_api_tokens("manager") == 1
    assert user_for_token(raw) is None


def test_revoking_one_persons_tokens_leaves_anothers(personas: Personas) -> None:
    create_api_token("manager")
    executive_token = create_api_token("exec")

    revoke_api_tokens("manager")

    assert user_for_token(executive_token) == personas.executive.user


def test_a_deactivated_users_token_finds_no_one(personas: Personas) -> None:
    raw = create_api_token("manager")
    get_user_model().objects.filter(username="manager").update(is_active=False)

    assert user_for_token(raw) is None


def test_issuing_a_token_is_logged(personas: Personas) -> None:
    create_api_token("manager", label="reporting")

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.resource, entry.detail) == (
        personas.manager.user,
        "token.create",
        "user:manager",
        {"label": "reporting"},
    )


def test_no_token_for_an_unknown_user(db: None) -> None:
    with pytest.raises(TokenError, match="no user named 'ghost'"):
        create_api_token("ghost")


def test_no_token_for_a_user_without_an_employee_record(db: None) -> None:
    get_user_model().objects.create_user(username="visitor", password="x")

    with pytest.raises(TokenError, match="has no employee record"):
        create_api_token("visitor")

    assert ApiToken.objects.count() == 0


def test_the_token_command_issues_a_token_for_the_days_asked(personas: Personas) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(hours=1), tick=False):
        issued = timezone.now()
        result = CliRunner().invoke(app, ["token", "create", "manager", "--days", "7"])

    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    assert user_for_token(raw) == personas.manager.user
    assert ApiToken.objects.get().expires_at == issued + dt.timedelta(days=7)
