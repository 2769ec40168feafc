"""Modules that register warehouse tables, derived tables and metric runners, imported when first needed.

Apps name their registering modules in `AppConfig.ready()` (`defer("heartline.contacts.metrics")`)
instead of importing them: those modules build on Ibis, pyarrow and pandas, whose import costs
seconds, and a command that reads no warehouse table (`heartline token list`) should not pay for
them. The registries (`tables`, `derived`, `runners`) import every deferred module before they answer.
"""

from __future__ import annotations

import importlib

_PENDING: list[str] = []
_DEFERRED: list[str] = []


def defer(*modules: str) -> None:
    """Import `modules` (dotted names) before any registry is next read."""
    _PENDING.extend(m for m in modules if m not in _PENDING)
    _DEFERRED.extend(m for m in modules if m not in _DEFERRED)


def deferred_modules() -> tuple[str, ...]:
    """Every module deferred in this process, loaded or not (sorted): with the code, what the
    registries will hold once loaded."""
    return tuple(sorted(_DEFERRED))


def all_loaded() -> bool:
    """Whether every deferred module has been imported (the registries are complete)."""
    return not _PENDING


def load_deferred() -> None:
    """Import the deferred modules (each once; a module that reads a registry while it loads is fine)."""
    while _PENDING:
        importlib.import_module(_PENDING.pop(0))
