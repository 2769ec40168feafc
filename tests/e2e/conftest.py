"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's `chromium`, started with the flags this
machine's closed network needs. The sync Playwright API keeps an event loop running in the test's
thread, so Django's guard against ORM calls from async code is lifted for these tests only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: `apt-get install chromium` (make test does this)")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-US"}


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwrights_event_loop() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@dataclass(frozen=True)
class Plan:
    """A served health plan: where it is and how to sign in."""

    url: str
    password: str
    all_units: frozenset[str]


@pytest.fixture
def served_plan(live_server: LiveServer, personas: Personas, app_warehouse: Warehouse) -> Plan:
    """The persona organization and its contacts, served by the live server."""
    from tests.support.contact_facts import CONTACT_COUNTS, write_contacts
    from tests.support.personas import PASSWORD

    write_contacts(app_warehouse)
    return Plan(url=live_server.url, password=PASSWORD, all_units=frozenset(CONTACT_COUNTS))


@pytest.fixture
def dashboard_screenshot_path(pytestconfig: pytest.Config) -> Path:
    chosen = pytestconfig.getoption("dashboard_screenshot")
    path = Path(chosen) if chosen else ROOT / "test-results" / "dashboard.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
