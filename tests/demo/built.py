"""The small demo plan the demo tests share, with the digests taken right after it was built."""

from __future__ import annotations

from dataclasses import dataclass

from heartline.demo.build import DemoSummary
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse

SEED = 2026


@dataclass(frozen=True)
class BuiltDemo:
    summary: DemoSummary
    warehouse: Warehouse
    contacts_digest: str
    cases_digest: str
    org_digest: str
    progress: tuple[tuple[str, int, int], ...]

    def source(self) -> DuckDBSource:
        return DuckDBSource(self.warehouse)
