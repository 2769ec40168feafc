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
    """A served demo health plan: where it is, how to sign in, and which units hold its contacts."""

    url: str
    password: str
    all_units: frozenset[str]
    manager_units: frozenset[str]


@pytest.fixture
def served_plan(live_server: LiveServer, app_warehouse: Warehouse, transactional_db: None) -> Plan:
    """The small demo health plan (`heartline demo --size small`), served by the live server."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from heartline.core.analytics import build_query, run_metric
    from heartline.core.scoping import OPERATOR, caller_for
    from heartline.demo.build import build_demo

    build_demo(size="small", warehouse=app_warehouse)
    by_unit = run_metric(OPERATOR, "contact-volume", build_query("contact-volume", ["unit"])).rows
    manager = caller_for(get_user_model().objects.get(username="manager"))
    return Plan(
        url=live_server.url,
        password=settings.HEARTLINE_DEMO_PASSWORD,
        all_units=frozenset(str(row["unit"]) for row in by_unit),
        manager_units=frozenset(manager.scope.unit_codes),
    )


@pytest.fixture
def dashboard_screenshot_path(pytestconfig: pytest.Config) -> Path:
    chosen = pytestconfig.getoption("dashboard_screenshot")
    path = Path(chosen) if chosen else ROOT / "test-results" / "dashboard.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
