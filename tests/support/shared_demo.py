"""The small demo plan, built once per test process and shared read-only by the tests that need it.

A small build takes 7-20 s (a minute on a busy machine), and most demo tests only read it. So each
test process builds it once (again only if something took it out): into its test database
(committed, outside any test's transaction, so each test's own writes roll back over it) and into a
warehouse folder of its own. Tests that write to the warehouse work on `copy_on_write` of it.

The demo's rows would surprise tests that expect an empty database, so tests/conftest.py runs the
tests that use it together (first, so that under xdist one worker gets them all), and removes the demo
as soon as a test that does not need it comes next. A transactional test flushes the database; a
later test that needs the demo then gets it rebuilt. Django is set up before anything here is called.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

    from heartline.demo.build import DemoSummary
    from heartline.demo.steps import DemoContext, DemoStep
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.store import Warehouse

SEED = 2026
SIZE = "small"


@dataclass(frozen=True)
class BuiltDemo:
    """One small demo build: its summary and warehouse, the digests taken right after it was built,
    the progress it reported, and each step's `DemoContext.extras` as that step left them."""

    summary: DemoSummary
    warehouse: Warehouse
    contacts_digest: str
    cases_digest: str
    org_digest: str
    progress: tuple[tuple[str, int, int], ...]
    members_digest: str = ""
    history_digests: Mapping[str, str] = field(default_factory=dict)
    extras_after: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    # A copy of the auto-QA model the build trained (HEARTLINE_HOME's may be replaced by a later test).
    auto_qa_model: Path | None = None

    def source(self) -> DuckDBSource:
        from heartline.warehouse.reader import DuckDBSource

        return DuckDBSource(self.warehouse)


def build_small_demo(warehouse: Warehouse, seed: int = SEED) -> BuiltDemo:
    """`build_demo(size="small", seed=seed)` into `warehouse` and the database, recorded as a BuiltDemo.

    Every step runs as registered; each is wrapped only to copy the context's extras once it ends.
    """
    from heartline.contacts.tables import CASES, CONTACTS
    from heartline.demo import blueprint
    from heartline.demo import steps as steps_module
    from heartline.demo.build import build_demo
    from heartline.demo.fingerprint import members_digest, org_digest, table_digest
    from heartline.members.tables import HISTORY_TABLES
    from heartline.quality.auto_qa import model as auto_model

    calls: list[tuple[str, int, int]] = []
    extras: dict[str, Mapping[str, object]] = {}
    with pytest.MonkeyPatch.context() as patch:
        for step in steps_module.registered_steps():
            patch.setitem(steps_module._STEPS, step.name, _recording(step, extras))
        summary = build_demo(
            size=SIZE,
            seed=seed,
            warehouse=warehouse,
            progress=lambda step, done, total: calls.append((step, done, total)),
        )
    trained = auto_model.default_path()
    kept = warehouse.root.parent / "auto-qa-model.pkl"
    if trained.exists():
        shutil.copy2(trained, kept)
    return BuiltDemo(
        summary=summary,
        warehouse=warehouse,
        contacts_digest=table_digest(warehouse, CONTACTS),
        cases_digest=table_digest(warehouse, CASES),
        org_digest=org_digest(blueprint.DIVISION_CODE),
        progress=tuple(calls),
        extras_after=extras,
        members_digest=members_digest(blueprint.MEMBER_ID_PREFIX),
        history_digests={spec.name: table_digest(warehouse, spec) for spec in HISTORY_TABLES},
        auto_qa_model=kept if kept.exists() else None,
    )


def _recording(step: DemoStep, extras: dict[str, Mapping[str, object]]) -> DemoStep:
    from dataclasses import replace

    def build(ctx: DemoContext) -> None:
        step.build(ctx)
        extras[step.name] = dict(ctx.extras)

    return replace(step, build=build)


def copy_on_write(source: Path, target: Path) -> Path:
    """`target`: a copy of the folder `source` that a test may change without changing `source`.

    Parquet files are never rewritten in place (Delta tables only add files and log entries, and
    rebuilding a table removes its folder), so they are hard-linked; everything else is copied.
    """

    def link_or_copy(src: str, dst: str) -> str:
        if src.endswith(".parquet"):
            os.link(src, dst)
            return dst
        return str(shutil.copy2(src, dst))

    shutil.copytree(source, target, copy_function=link_or_copy)
    return target


class SharedDemo:
    """The process's small demo: built when first needed, removed when no longer needed.

    Every build goes to the same warehouse folder with the same seed, and the demo is deterministic
    (tests/demo checks that), so the BuiltDemo of the first build describes every rebuild too.
    """

    def __init__(self) -> None:
        self._built: BuiltDemo | None = None
        self._folder: Path | None = None
        self._log_mark: int | None = None
        self.present = False

    @property
    def started(self) -> bool:
        """Whether the demo was built once in this process (so the test database exists)."""
        return self._built is not None

    def get(self, blocker: DjangoDbBlocker, folder: Path | None = None) -> BuiltDemo:
        """The demo, built now (outside any test transaction) if it is not in the database; `folder`
        (needed the first time) holds its warehouse."""
        from heartline.warehouse.store import Warehouse

        self._folder = self._folder or folder
        assert self._folder is not None, "the first build needs a folder for the warehouse"
        if not self.present:
            with blocker.unblock():
                self._log_mark = _last_access_log_entry()
                built = build_small_demo(Warehouse(self._folder / "warehouse"))
            self._built = self._built or built
            self.present = True
        assert self._built is not None
        return self._built

    def flushed(self) -> None:
        """A transactional test emptied the database: the next test that needs the demo rebuilds it."""
        self.present = False

    def remove(self, blocker: DjangoDbBlocker) -> None:
        """Take the demo out of the database, for a next test that does not expect it."""
        from heartline.demo.build import wipe_demo

        if self.present and self._built is not None:
            with blocker.unblock():
                wipe_demo(self._built.warehouse)
                _forget_access_log_since(self._log_mark)
        self.present = False


def _last_access_log_entry() -> int:
    from heartline.core.models import AccessLogEntry

    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _forget_access_log_since(mark: int | None) -> None:
    """The access-log entries the build wrote (the demo's own runs, e.g. assigning boosters as the
    operator): `wipe_demo` keeps the access log, as it must for a real plan, but a test that counts
    entries expects none it did not cause."""
    from heartline.core.models import AccessLogEntry

    AccessLogEntry.objects.filter(pk__gt=mark or 0).delete()


SHARED = SharedDemo()
