"""The registry of `heartline ingest KIND` loaders; apps add their kinds (contacts, cases, surveys…).

A loader takes the files and the options the command line parsed and returns an `IngestReport`;
the command prints it (as JSON with `--json`) and exits non-zero when the files were rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class IngestOptions:
    format: str = "native"
    skip_bad: bool = False
    mapping: Path | None = None
    progress: Callable[[str, int, int], None] | None = None


@dataclass
class IngestReport:
    """What an ingest did. `problems` are human-readable lines naming file, row, field and reason."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    accepted: bool = True
    problems: list[str] = field(default_factory=list)
    report_path: str | None = None
    rejects_path: str | None = None

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


Loader = Callable[[Sequence[Path], IngestOptions], IngestReport]

_KINDS: dict[str, Loader] = {}


def register_kind(name: str, loader: Loader) -> None:
    _KINDS[name] = loader


def get_kind(name: str) -> Loader:
    if name not in _KINDS:
        known = ", ".join(sorted(_KINDS)) or "none installed yet"
        raise KeyError(f"no ingest kind {name!r} (kinds: {known})")
    return _KINDS[name]
