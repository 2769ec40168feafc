"""Guard rails of a deployment: settings that fail loudly, `check --deploy`, the health check.

Settings are read once per process, so the production cases run Django in a subprocess with their
own environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from heartline.warehouse.store import Warehouse
from tests.support.personas import Personas

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "x7Kq2p9V" * 8  # 64 characters, varied enough for check --deploy


def run_django(code_or_args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS…` from the repo root with a clean Heartline environment plus `env`."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "HEARTLINE_", "SECRET_KEY", "DEBUG", "DATABASE_URL"))
    }
    full_env = {**base, "HEARTLINE_HOME": str(home), "DJANGO_SETTINGS_MODULE": "heartline.config.settings", **env}
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def load_settings(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_django(["-c", "from django.conf import settings; print(settings.DEBUG)"], home, **env)


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = load_settings(tmp_path, DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_development_key(tmp_path: Path) -> None:
    from heartline.config.settings import DEVELOPMENT_SECRET_KEY

    result = load_settings(tmp_path, DEBUG="false", SECRET_KEY=DEVELOPMENT_SECRET_KEY)

    assert result.returncode != 0
    assert "development SECRET_KEY cannot be used with DEBUG off" in result.stderr


def test_debug_must_be_a_boolean(tmp_path: Path) -> None:
    result = load_settings(tmp_path, DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_secret_key_is_read_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(PRODUCTION_KEY + "\n")

    result = run_django(
        ["-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        tmp_path,
        DEBUG="false",
        SECRET_KEY_FILE=str(key_file),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == PRODUCTION_KEY


def test_an_unreadable_secret_key_file_fails_loudly(tmp_path: Path) -> None:
    result = load_settings(tmp_path, DEBUG="false", SECRET_KEY_FILE=str(tmp_path / "missing"))

    assert result.returncode != 0
    assert "SECRET_KEY_FILE" in result.stderr


def test_development_mode_needs_no_key(tmp_path: Path) -> None:
    result = load_settings(tmp_path, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_deploy_check_passes_with_debug_off_and_a_real_key(tmp_path: Path) -> None:
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="heartline.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_healthz_answers_200_json_when_database_and_warehouse_answer(
    client: Client, db: None, app_warehouse: Warehouse
) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "warehouse": "ok"}


def test_dashboard_asks_an_anonymous_visitor_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_api_refuses_a_request_without_a_token(client: Client, db: None) -> None:
    response = client.get("/api/v1/metrics/contact-volume")

    assert response.status_code == 401


def test_api_refuses_an_unknown_token(client: Client, db: None) -> None:
    response = client.get("/api/v1/metrics/contact-volume", HTTP_AUTHORIZATION="Bearer hl_not-a-real-token")

    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_api_schema_and_docs_need_no_cdn(client: Client, db: None, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert b"cdn.jsdelivr.net" not in response.content
    assert b"unpkg.com" not in response.content


def test_production_sends_hsts_and_secure_cookies_and_ends_idle_sessions(tmp_path: Path) -> None:
    """With DEBUG off: https only (redirect, HSTS for a year with subdomains), cookies never sent over
    http, and a session that ends after 30 minutes without a request."""
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
    ]
    code = (
        f"import json; from django.conf import settings; print(json.dumps([getattr(settings, n) for n in {names!r}]))"
    )
    result = run_django(["-c", code], tmp_path, DEBUG="false", SECRET_KEY=PRODUCTION_KEY)

    assert result.returncode == 0, result.stderr
    assert dict(zip(names, json.loads(result.stdout), strict=True)) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_AGE": 1800,
        "SESSION_SAVE_EVERY_REQUEST": True,
    }


def test_every_page_view_restarts_the_thirty_idle_minutes(client: Client, personas: Personas) -> None:
    client.force_login(personas.by_username("manager").user)

    response = client.get("/")

    assert response.cookies["sessionid"]["max-age"] == 1800
