"""The registry of `heartline ingest KIND` loaders; apps add their kinds (contacts, cases, surveys…).

A loader takes the files and the options the command line parsed and returns an `IngestReport`;
the command prints it (as JSON with `--json`) and exits non-zero when the files were rejected. A
tabular kind's loader is the engine's file ingest bound to its `NativeFormat`; a kind that is not
rows (library articles) brings a loader of its own that reports the same counts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from heartline.ingest.outcome import IngestOptions, IngestReport

Loader = Callable[[Sequence[Path], IngestOptions], IngestReport]

_KINDS: dict[str, Loader | str] = {}


def register_kind(name: str, loader: Loader | str) -> None:
    """`loader`, or where to find it (`"package.module:function"`, imported on first use: the loaders
    build on pyarrow and pandas, which a command that ingests nothing should not import)."""
    _KINDS[name] = loader


def kind_names() -> list[str]:
    """The kinds `heartline ingest` knows, in name order."""
    return sorted(_KINDS)


def get_kind(name: str) -> Loader:
    if name not in _KINDS:
        known = ", ".join(kind_names()) or "none installed yet"
        raise KeyError(f"no ingest kind {name!r} (kinds: {known})")
    loader = _KINDS[name]
    if isinstance(loader, str):
        module, _, attribute = loader.partition(":")
        loader = cast(Loader, getattr(importlib.import_module(module), attribute))
        _KINDS[name] = loader
    return loader
