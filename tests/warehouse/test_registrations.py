"""Registering modules are imported when a registry is first read, not when the apps load."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from heartline.ingest.kinds import get_kind, register_kind
from heartline.warehouse import registrations, tables


def test_a_deferred_module_is_imported_when_a_registry_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "registers_late.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "registers_late", raising=False)

    registrations.defer("registers_late")
    assert "registers_late" not in sys.modules

    tables.all_tables()
    assert sys.modules["registers_late"].LOADED


def test_an_ingest_kind_named_by_path_is_imported_on_first_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "late_loader.py").write_text("def load(files, options):\n    return 'loaded'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "late_loader", raising=False)

    register_kind("late-kind", "late_loader:load")
    assert "late_loader" not in sys.modules

    assert get_kind("late-kind")([], None) == "loaded"  # type: ignore[arg-type]
