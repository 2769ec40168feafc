"""What an ingest was asked to do and what it did: options, the five counts, the report, an API batch's result.

The counts mean the same for every importer (docs/data-formats.md, "Counts"): `read` rows (or files)
were read; `inserted`, `updated` and `unchanged` say what storing did; `rejected` counts the rows with
at least one problem — every row of an input refused as a whole. A refused ingest stores nothing, so
its `inserted`, `updated` and `unchanged` are 0 while `rejected` still counts what was wrong.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Progress = Callable[[str, int, int], None]  # (step, done, total)


class IngestRefusedError(ValueError):
    """An ingest the engine will not start (its own errors; callers map them to an answer)."""


class TooManyRecordsError(IngestRefusedError):
    """An API batch larger than the engine takes at once."""


class StorageFullError(OSError):
    """The disk under the warehouse filled up while storing: the ingest stored nothing (the write's
    commit never happened) and can be run again once there is room."""

    def __init__(self, where: Path) -> None:
        super().__init__(
            f"the warehouse's disk is full (no space left on the device holding {where}): nothing of this "
            "ingest was stored and what was stored before is intact; free some space there and run it again"
        )


def is_disk_full(exc: BaseException) -> bool:
    """True for an error from running out of disk space: an OSError with ENOSPC, or the Delta Lake
    writer's error wrapping one (its message carries the OS error, `No space left on device (os error 28)`)."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return "No space left on device" in str(exc) or f"(os error {errno.ENOSPC})" in str(exc)


class IngestForbiddenError(PermissionError):
    """The caller may not load data (raised by the platform's check before the engine reads anything)."""


@dataclass(frozen=True)
class IngestOptions:
    format: str = "native"
    skip_bad: bool = False
    mapping: Path | None = None
    progress: Progress | None = None
    # Values for fields a kind lets files leave out (e.g. articles' `kind`), and values that replace
    # what every file says (articles' `language`); each kind says which fields it takes.
    field_defaults: tuple[tuple[str, str], ...] = ()
    field_overrides: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class IngestCounts:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def refused(self) -> IngestCounts:
        """These counts when nothing was stored after all: what was read and rejected stays."""
        return IngestCounts(read=self.read, rejected=self.rejected)


@dataclass(frozen=True)
class IngestReport:
    """What an ingest of files did. `problems` are human-readable lines naming file, row, field and reason."""

    counts: IngestCounts = IngestCounts()
    accepted: bool = True
    problems: list[str] = field(default_factory=list)
    report_path: str | None = None
    rejects_path: str | None = None
    # The same counts per kind of record, for loaders that read several (FHIR: per resource type).
    by_type: dict[str, IngestCounts] | None = None


@dataclass(frozen=True)
class RecordsResult:
    """What an API batch did: the counts, whether anything was stored, and the problems found."""

    counts: IngestCounts
    accepted: bool
    problems: list[dict[str, object]] = field(default_factory=list)
    problems_not_listed: int = 0
