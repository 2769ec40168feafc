"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's `chromium`, started with the flags this
machine's closed network needs. The sync Playwright API keeps an event loop running in the test's
thread, so Django's guard against ORM calls from async code is lifted for these tests only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from pytest_django import DjangoDbBlocker
    from pytest_django.fixtures import Settings
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
def django_db_modify_db_settings(django_db_modify_db_settings: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    """On SQLite, the browser tests' database is a file, not pytest-django's shared in-memory one.

    In memory, the live server's request threads all share the test's one connection, and SQLite's
    shared cache refused a write ("database table is locked") whenever anything else held that
    cache — even with requests served one at a time, one run in a few failed that way. With a file,
    each request thread has its own connection, as under `heartline serve`: WAL lets readers go on
    beside the one writer, and a write waits for another (the settings' timeout) instead of failing.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("e2e-database") / "test.sqlite3")


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


@dataclass(frozen=True)
class BuiltPlan:
    """The small demo built once for the browser tests: its warehouse and library index folders,
    its plan facts, and (on SQLite) a copy of the whole database right after the build."""

    warehouse: Path
    library_index: Path
    all_units: frozenset[str]
    manager_units: frozenset[str]
    snapshot: sqlite3.Connection | None


@pytest.fixture(scope="session")
def built_plan(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BuiltPlan]:
    """The small demo (`heartline demo --size small`), built once per session."""
    from django.contrib.auth import get_user_model
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.test import override_settings

    from heartline.core.analytics import build_query, run_metric, warehouse_source
    from heartline.core.scoping import OPERATOR, caller_for
    from heartline.demo.build import build_demo
    from heartline.warehouse.store import Warehouse

    folder = tmp_path_factory.mktemp("e2e-demo")
    warehouse, index = folder / "warehouse", folder / "library-index"
    with django_db_blocker.unblock(), override_settings(WAREHOUSE_DIR=warehouse, LIBRARY_INDEX_DIR=index):
        warehouse_source.cache_clear()
        build_demo(size="small", warehouse=Warehouse(warehouse))
        by_unit = run_metric(OPERATOR, "contact-volume", build_query("contact-volume", ["unit"])).rows
        manager = caller_for(get_user_model().objects.get(username="manager"))
        snapshot = _snapshot(connections[DEFAULT_DB_ALIAS])
        warehouse_source.cache_clear()
    yield BuiltPlan(
        warehouse=warehouse,
        library_index=index,
        all_units=frozenset(str(row["unit"]) for row in by_unit),
        manager_units=frozenset(manager.scope.unit_codes),
        snapshot=snapshot,
    )
    if snapshot is not None:
        snapshot.close()


def _snapshot(connection: BaseDatabaseWrapper) -> sqlite3.Connection | None:
    """A copy of the SQLite test database, in memory (None on any other database)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    if not isinstance(connection, SQLite):
        return None
    connection.ensure_connection()
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    return snapshot


@pytest.fixture
def served_plan(
    live_server: LiveServer,
    app_warehouse: Warehouse,
    transactional_db: None,
    built_plan: BuiltPlan,
    settings: Settings,
    tmp_path: Path,
) -> Plan:
    """The small demo health plan (`heartline demo --size small`), served by the live server.

    The browser tests write (audits, ideas, votes), and the live server needs committed rows, so
    each test gets the plan as it was right after the session's one build: the database copied
    back over the flushed one (SQLite's backup, well under a second), and copy-on-write copies of
    the warehouse and library index folders. On another database each test builds the plan again.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    from heartline.demo.build import build_demo
    from tests.support.shared_demo import copy_on_write

    if built_plan.snapshot is None:
        build_demo(size="small", warehouse=app_warehouse)
    else:
        database = connections[DEFAULT_DB_ALIAS]
        database.ensure_connection()
        built_plan.snapshot.backup(database.connection)
        copy_on_write(built_plan.warehouse, app_warehouse.root)
        settings.LIBRARY_INDEX_DIR = shutil.copytree(built_plan.library_index, tmp_path / "library-index")
    return Plan(
        url=live_server.url,
        password=settings.HEARTLINE_DEMO_PASSWORD,
        all_units=built_plan.all_units,
        manager_units=built_plan.manager_units,
    )


@pytest.fixture
def dashboard_screenshot_path(pytestconfig: pytest.Config) -> Path:
    chosen = pytestconfig.getoption("dashboard_screenshot")
    path = Path(chosen) if chosen else ROOT / "test-results" / "dashboard.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
