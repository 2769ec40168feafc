"""The registry of `heartline ingest KIND` loaders; apps add their kinds (contacts, cases, surveys…)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

Loader = Callable[[Sequence[Path]], None]

_KINDS: dict[str, Loader] = {}


def register_kind(name: str, loader: Loader) -> None:
    _KINDS[name] = loader


def get_kind(name: str) -> Loader:
    if name not in _KINDS:
        known = ", ".join(sorted(_KINDS)) or "none installed yet"
        raise KeyError(f"no ingest kind {name!r} (kinds: {known})")
    return _KINDS[name]
