"""The test harness: environment before Django loads, the database to test on, personas, warehouse.

Settings read the environment at import, so this module sets DEBUG, a throwaway HEARTLINE_HOME and
DJANGO_SETTINGS_MODULE before anything imports Django, and sets Django up in `pytest_configure`
(before pytest-django's own, which runs last). `--postgres` (or HEARTLINE_TEST_DATABASE=postgres)
starts a throwaway PostgreSQL cluster once, in the controlling process; pytest-xdist workers inherit
its DATABASE_URL and each get their own test database in it.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoDbBlocker
    from pytest_django.fixtures import Settings

    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import BatchResult
    from tests.support.personas import Org, Personas
    from tests.support.shared_demo import BuiltDemo

# -- the environment, before Django loads ---------------------------------------------------------

# Settings that would make a run depend on the shell it was started from.
SHELL_SETTINGS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "TASKS_BACKEND",
    "TIME_ZONE",
    "HEARTLINE_DEMO_PASSWORD",
)
for _name in SHELL_SETTINGS:
    os.environ.pop(_name, None)

TEST_HOME = Path(tempfile.mkdtemp(prefix="heartline-test-home-"))
atexit.register(shutil.rmtree, TEST_HOME, ignore_errors=True)
os.environ["HEARTLINE_HOME"] = str(TEST_HOME)
os.environ["DEBUG"] = "true"
os.environ["DJANGO_SETTINGS_MODULE"] = "heartline.config.settings"

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("heartline")
    group.addoption(
        "--postgres",
        action="store_true",
        default=os.environ.get("HEARTLINE_TEST_DATABASE", "").lower() in {"postgres", "postgresql"},
        help="run on a throwaway PostgreSQL cluster started for this run (default: SQLite in memory)",
    )
    group.addoption(
        "--allow-network",
        action="store_true",
        default=False,
        help="let tests open connections to hosts other than this machine",
    )
    group.addoption(
        "--dashboard-screenshot",
        metavar="PATH",
        default=None,
        help="where the browser test saves its dashboard screenshot (default: test-results/dashboard.png)",
    )
    group.addoption(
        "--home-screenshots",
        metavar="DIR",
        default=None,
        help="save each persona's home page, at 1280 px and at a phone's width, as DIR/home-<persona>[-phone].png",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("postgres"):
        _use_postgres(config)
    # py4j (PySpark) logs "Closing down clientserver connection" at exit, after pytest closed the
    # streams, which prints a logging traceback; its INFO lines say nothing a test needs.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    if not config.getoption("allow_network"):
        from tests.support.network import block_network

        block_network()

    import django
    from django.conf import settings

    django.setup()
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # Settings are loaded now. Without the variable, pytest-xdist workers (started after this, with
    # this environment) do not load settings before their own copy of this module has run.
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)


def _use_postgres(config: pytest.Config) -> None:
    """Start the cluster in the controlling process; xdist workers find its URL in the environment."""
    if hasattr(config, "workerinput"):
        url = os.environ["HEARTLINE_TEST_POSTGRES_URL"]
    else:
        from tests.support.postgres import ThrowawayPostgres

        cluster = ThrowawayPostgres()
        url = cluster.start()
        config.add_cleanup(cluster.stop)
        os.environ["HEARTLINE_TEST_POSTGRES_URL"] = url
    os.environ["DATABASE_URL"] = url


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    database = settings.DATABASES["default"]
    where = os.environ.get("DATABASE_URL", "in memory")
    return [f"heartline: {database['ENGINE'].rsplit('.', 1)[-1]} ({where}); HEARTLINE_HOME={TEST_HOME}"]


# -- the warehouse --------------------------------------------------------------------------------


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    """An empty warehouse folder of this test's own."""
    from heartline.warehouse.store import Warehouse

    return Warehouse(tmp_path / "warehouse")


@pytest.fixture
def app_warehouse(warehouse: Warehouse, settings: Settings) -> Iterator[Warehouse]:
    """`warehouse`, and the app (pages, API, `run_metric`) reading from it instead of HEARTLINE_HOME's."""
    from heartline.core.analytics import spark_source, warehouse_source

    settings.WAREHOUSE_DIR = warehouse.root
    warehouse_source.cache_clear()
    spark_source.cache_clear()
    yield warehouse
    warehouse_source.cache_clear()
    spark_source.cache_clear()


@pytest.fixture
def contacts(app_warehouse: Warehouse) -> BatchResult:
    """The exact contacts of tests.support.contact_facts, written to the app's warehouse."""
    from tests.support.contact_facts import write_contacts

    return write_contacts(app_warehouse)


# -- the organization and its people --------------------------------------------------------------


@pytest.fixture
def personas(db: None) -> Personas:
    """One division, units `commercial` and `medicare`, and a person per role (see tests.support.personas)."""
    from tests.support.personas import build_personas

    return build_personas()


@pytest.fixture
def org(personas: Personas) -> Org:
    return personas.org


@pytest.fixture
def client_as(client: Client, personas: Personas) -> Callable[[str], Client]:
    """`client_as("manager")`: the test client, signed in as that persona."""

    def sign_in(username: str) -> Client:
        client.force_login(personas.by_username(username).user)
        return client

    return sign_in


@pytest.fixture
def api_token(personas: Personas) -> Callable[[str], str]:
    """`api_token("manager")`: a fresh personal API token for that persona."""
    from heartline.core.services import create_api_token

    return create_api_token


# -- the shared small demo (see tests.support.shared_demo) ----------------------------------------

DEMO_FIXTURE = "small_demo"


@pytest.fixture(scope="session")
def small_demo(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> BuiltDemo:
    """The small demo plan (seed 2026), built once per test process; read it, never change it.

    Its rows are committed, so each test's own database writes roll back over it; a test that writes
    to the warehouse works on `copy_on_write(small_demo.warehouse.root, ...)`.
    """
    from tests.support.shared_demo import SHARED

    return SHARED.get(django_db_blocker, tmp_path_factory.mktemp("shared-demo"))


def _uses_demo(item: pytest.Item | None) -> bool:
    return item is not None and DEMO_FIXTURE in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the shared demo run first and together (in pytest-django's order among themselves).

    Under `-n 2` (xdist's default `load` schedule) each worker first gets a chunk of about a quarter
    of its share of the tests, so the first worker gets all of them and builds the demo once while
    the other starts on the rest. (`--dist loadgroup` would say so outright, but pytest-xdist 3.8
    marks groups in `item._nodeid`, which pytest 9 no longer reads.)
    """
    items.sort(key=lambda item: not _uses_demo(item))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Rebuild the shared demo, before the test's own transaction begins, if it was taken out."""
    from tests.support.shared_demo import SHARED

    if _uses_demo(item) and SHARED.started and not SHARED.present:
        SHARED.get(_db_blocker(item.config))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a transactional test (its flush emptied the database) the demo is gone; before a test
    that does not expect the demo, take it out."""
    yield
    from tests.support.shared_demo import SHARED

    if SHARED.present and _flushes(item):
        SHARED.flushed()
    elif SHARED.present and nextitem is not None and not _uses_demo(nextitem):
        SHARED.remove(_db_blocker(item.config))


def _flushes(item: pytest.Item) -> bool:
    """Whether pytest-django empties the database after `item` (a transactional test)."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional_mark = marker is not None and bool(
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    return transactional_mark or "transactional_db" in fixtures or "live_server" in fixtures


def _db_blocker(config: pytest.Config) -> DjangoDbBlocker:
    from pytest_django.plugin import blocking_manager_key

    return config.stash[blocking_manager_key]


# -- PySpark (tests marked `spark`) ---------------------------------------------------------------


@pytest.fixture(scope="session")
def spark_session() -> Iterator[object]:
    """A local PySpark session (one JVM per test process, ~10 s to start), bound to loopback."""
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("heartline-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.default.parallelism", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# A random clock and process time zone on every run (printed in the header; see the module).
pytest_plugins = ["tests.support.clock_guard"]
