"""The slow pages computed ahead: after `warm_pages`, the first views of One and Done, Voice analysis and
Training impact by the people who open them read their figures from the shared cache (only chart specs
are made from them); an ingest that changes the warehouse queues the warming for the worker."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks_db.models import DBTaskResult

from heartline.core import analytics
from heartline.core.contracts import Caller
from heartline.core.scoping import OPERATOR, caller_for, one_caller_per_scope
from heartline.core.warming import warm_pages
from heartline.ingest import IngestOptions
from heartline.voice.ingest import ingest_files
from heartline.warehouse.result_cache import CACHE_FOLDER
from heartline.warehouse.shared_cache import SharedCache
from heartline.warehouse.store import Warehouse
from tests.support.shared_demo import BuiltDemo, copy_on_write
from tests.voice.test_ingest import GOOD, write

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db

WARM_TASK = "heartline.core.tasks.warm_page_answers"

# Who opens which slow page on the demo (the personas' usernames).
FIRST_VIEWS = [
    ("manager", "/contacts/one-and-done/"),
    ("manager", "/learning/impact/"),
    ("exec", "/contacts/one-and-done/"),
    ("exec", "/voice/analysis/"),
    ("analyst", "/voice/analysis/"),
    ("analyst", "/learning/impact/"),
    ("trainer", "/learning/impact/"),
    ("admin", "/voice/analysis/"),
]


def _forget_in_memory() -> None:
    analytics.warehouse_source.cache_clear()
    analytics.result_cache.cache_clear()
    analytics._remembered.cache_clear()


@pytest.fixture
def cold_demo(small_demo: BuiltDemo, settings: Settings, tmp_path: Path) -> Iterator[Path]:
    """The demo's warehouse copied, with nothing computed yet (no shared cache on disk or in memory)."""
    root = copy_on_write(small_demo.warehouse.root, tmp_path / "warehouse")
    shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
    settings.WAREHOUSE_DIR = root
    _forget_in_memory()
    yield root
    _forget_in_memory()


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[Hashable]:
    """The keys of every answer computed (not read from the shared cache) from now on."""
    found: list[Hashable] = []
    original = SharedCache.get

    def spy(self: SharedCache, key: Hashable, compute: Callable[[], Any], **options: Any) -> Any:
        def told() -> Any:
            found.append(key)
            return compute()

        return original(self, key, told, **options)

    monkeypatch.setattr(SharedCache, "get", spy)
    return found


def _view(client: Client, username: str, path: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(path)
    assert response.status_code == 200, (username, path, response.status_code)


@pytest.mark.usefixtures("cold_demo")
def test_a_cold_first_view_computes(client: Client, computed: list[Hashable]) -> None:
    # what the next test relies on: without warming, a first view computes its answers
    _view(client, "analyst", "/voice/analysis/")

    assert computed


@pytest.mark.usefixtures("cold_demo")
def test_after_warming_the_first_views_of_the_slow_pages_compute_nothing(
    client: Client, computed: list[Hashable]
) -> None:
    done = warm_pages(one_caller_per_scope())
    assert [w for w in done if w.error] == []
    assert {w.page for w in done} == {"One and Done", "Voice analysis", "Training impact"}
    computed.clear()

    for username, path in FIRST_VIEWS:
        _view(client, username, path)

    # Only the charts' specs and the figures' layout (core.page_parts) are made on a first view, from the
    # figures read (a few ms each).
    assert [key for key in computed if not _made_from_figures(key)] == []


def _made_from_figures(key: Hashable) -> bool:
    """A chart's spec (`("chart", builder, …)`) or a page's laid-out part (`remember(("page_part", …))`,
    kept under `((key, calendar), table versions)`)."""
    if not isinstance(key, tuple):
        return False
    remembered = key[0][0] if isinstance(key[0], tuple) and isinstance(key[0][0], tuple) else ()
    return key[0] == "chart" or remembered[:1] == ("page_part",)


def test_one_caller_per_scope_covers_each_wide_role_and_scope_once(small_demo: BuiltDemo) -> None:
    people = get_user_model().objects.filter(employee__isnull=False, is_active=True)
    wide = {(c.role, c.scope, True) for c in map(caller_for, people) if not c.scope.agent_ids or c.scope.unit_codes}

    callers = one_caller_per_scope()
    found = [(c.role, c.scope, c.employee_code is not None) for c in callers]

    assert callers[0] == OPERATOR
    assert len(found) == len(set(found))  # each once
    assert set(found) == wide | {(OPERATOR.role, OPERATOR.scope, False)}
    assert all(not c.scope.agent_ids for c in callers)  # no representative's own scope


def test_a_page_that_cannot_be_warmed_is_reported_and_the_rest_are_warmed(
    cold_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heartline.voice import analytics as voice

    def broken(caller: Caller) -> None:
        raise RuntimeError("no survey table")

    monkeypatch.setattr(voice, "warm_division_results", broken)

    done = warm_pages([OPERATOR])

    assert [(w.page, w.error) for w in done if w.error] == [("Voice analysis", "RuntimeError: no survey table")]
    assert {w.page for w in done if not w.error} == {"One and Done", "Training impact"}


def test_an_ingest_that_changes_the_warehouse_queues_the_warming_and_a_rerun_does_not(
    tmp_path: Path, warehouse: Warehouse, django_capture_on_commit_callbacks: Any
) -> None:
    path = write(tmp_path, GOOD)  # survey responses: a table no derived table is built from

    def queued_after(load: Callable[[], object]) -> int:
        before = DBTaskResult.objects.filter(task_path=WARM_TASK).count()
        with django_capture_on_commit_callbacks(execute=True):
            load()
        return DBTaskResult.objects.filter(task_path=WARM_TASK).count() - before

    assert queued_after(lambda: ingest_files([path], IngestOptions(), warehouse=warehouse)) == 1
    assert queued_after(lambda: ingest_files([path], IngestOptions(), warehouse=warehouse)) == 0


@pytest.mark.usefixtures("cold_demo")
def test_a_warming_leaves_the_work_to_one_queued_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from heartline.core import scoping
    from heartline.core.tasks import warm_page_answers

    monkeypatch.setattr(scoping, "one_caller_per_scope", lambda: [OPERATOR])  # one scope is enough here

    queued = warm_page_answers.enqueue()  # an ingest after this warming began

    assert warm_page_answers.call() == []  # nothing computed: the queued one will, over newer data
    DBTaskResult.objects.filter(pk=queued.id).delete()
    warmed = warm_page_answers.call()
    assert {w["page"] for w in warmed} == {"One and Done", "Voice analysis", "Training impact"}


@pytest.mark.usefixtures("cold_demo")
def test_heartline_warm_computes_the_pages_ahead_and_says_what_it_did(
    monkeypatch: pytest.MonkeyPatch, computed: list[Hashable]
) -> None:
    from typer.testing import CliRunner

    from heartline.cli import app
    from heartline.core import scoping

    monkeypatch.setattr(scoping, "one_caller_per_scope", lambda: [OPERATOR])

    result = CliRunner().invoke(app, ["warm", "--json"])

    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert {(w["page"], w["scope"], w["error"]) for w in printed} == {
        ("One and Done", "everything", ""),
        ("Voice analysis", "everything", ""),
        ("Training impact", "everything", ""),
    }
    assert computed  # the answers were computed, not found
