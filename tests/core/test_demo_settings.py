"""The demo runs like production (DEBUG off, real error pages) over plain http, with a key of its own."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from heartline.config.demo_key import kept_secret_key

# Settings are read once per process, so the demo's are loaded in a fresh interpreter.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

response = Client().get("/no-such-page/", HTTP_HOST="127.0.0.1")
print(json.dumps({
    "status": response.status_code,
    "page": response.content.decode(),
    "debug": settings.DEBUG,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "hsts": settings.SECURE_HSTS_SECONDS,
    "key": settings.SECRET_KEY,
}))
"""
UNSET = ("SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")


def demo_settings(home: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(HEARTLINE_HOME=str(home), HEARTLINE_DEMO="true", DJANGO_SETTINGS_MODULE="heartline.config.settings")
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    answer: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def test_the_demo_key_is_generated_once_and_kept_for_its_owner_only(tmp_path: Path) -> None:
    first = kept_secret_key(tmp_path)
    again = kept_secret_key(tmp_path)

    assert first == again
    assert len(first) >= 50
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_two_demo_homes_get_different_keys(tmp_path: Path) -> None:
    assert kept_secret_key(tmp_path / "a") != kept_secret_key(tmp_path / "b")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A demo home and what the demo's settings answer there (one interpreter for the module: it is slow)."""
    home = tmp_path_factory.mktemp("demo-home")
    return home, demo_settings(home)


def test_the_demo_shows_the_styled_404_page_not_the_debug_page(demo: tuple[Path, dict[str, object]]) -> None:
    _, answer = demo

    assert answer["status"] == 404
    assert 'data-testid="error-page"' in str(answer["page"])
    assert "URLconf" not in str(answer["page"])  # Django's debug 404 lists the URL patterns tried


def test_the_demo_runs_with_debug_off_over_plain_http(demo: tuple[Path, dict[str, object]]) -> None:
    _, answer = demo

    assert (answer["debug"], answer["ssl_redirect"], answer["secure_cookies"], answer["hsts"]) == (
        False,
        False,
        [False, False],
        0,
    )


def test_the_demo_signs_with_the_key_kept_in_its_home(demo: tuple[Path, dict[str, object]]) -> None:
    home, answer = demo

    assert answer["key"] == (home / "secret_key").read_text().strip()
