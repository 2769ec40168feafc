"""The ingest engine bound to Heartline: who may load data, the access log, and the work after a write.

`heartline.ingest` knows no caller and no app. This module gives it what surrounds an ingest here —
HEARTLINE_HOME for reports, the default warehouse, an access-log entry per ingest (`ingest.<kind>`,
with the counts and whether it was accepted), compaction and derived-table refreshes queued after a
write — and checks that an API caller may ingest before anything is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.core.scoping import OPERATOR
from heartline.core.services import (
    log_access,
    schedule_compaction_if_needed,
    schedule_derived_refresh,
    schedule_page_warming,
)
from heartline.ingest import IngestForbiddenError, IngestOptions, IngestReport, NativeFormat, RecordsResult, engine
from heartline.ingest.engine import IngestContext, IngestEvent
from heartline.ingest.kinds import Loader
from heartline.warehouse import tables
from heartline.warehouse.increments import update_after_write
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import BatchResult


def may_ingest(caller: Caller) -> bool:
    """Loading data is administration (core.permissions: Capability.ADMINISTER)."""
    return caller.can(Capability.ADMINISTER)


def require_ingest(caller: Caller, kind: str) -> None:
    """IngestForbiddenError, naming the caller's role, unless `caller` may load data."""
    if not may_ingest(caller):
        raise IngestForbiddenError(f"only administrators may ingest {kind}; your role is {caller.role or 'none'}")


def context_for(caller: Caller, channel: str = "cli", warehouse: Warehouse | None = None) -> IngestContext:
    """An ingest by `caller` through `channel` ("cli" or "api"), logged under their name."""

    def record(event: IngestEvent) -> None:
        log_access(
            caller,
            f"ingest.{event.kind}",
            f"warehouse:{event.table}",
            channel=event.channel,
            accepted=event.accepted,
            **event.counts.as_dict(),
            **event.detail,
        )

    store = warehouse or Warehouse.default()
    return IngestContext(
        home=Path(settings.HEARTLINE_HOME),
        warehouse=store,
        channel=channel,
        record=record,
        after_store=partial(_after_store, store),
    )


def _after_store(warehouse: Warehouse, table_name: str, result: BatchResult) -> None:
    """Compaction when due; the derived tables brought up to date by the parts the write touched,
    and a whole rebuild queued for the worker when one cannot be (a first load, a large write); the
    slow pages' answers computed ahead by the worker once the tables are current."""
    schedule_compaction_if_needed(table_name)
    changed = bool(result.inserted or result.updated)
    if not changed:
        return
    if update_after_write(warehouse, tables.get(table_name), result) and schedule_derived_refresh(table_name):
        return  # the rebuild queues the warming once the derived tables are current
    schedule_page_warming()


def ingest_files(
    fmt: NativeFormat,
    files: Sequence[Path],
    options: IngestOptions,
    *,
    warehouse: Warehouse | None = None,
    caller: Caller | None = None,
) -> IngestReport:
    """`heartline ingest KIND FILE…` for a tabular kind (the operator's, unless another caller is given)."""
    return engine.ingest_files(fmt, files, options, context_for(caller or OPERATOR, "cli", warehouse))


def file_loader(fmt: NativeFormat) -> Loader:
    """The `heartline ingest` loader of a tabular kind, for `heartline.ingest.kinds.register_kind`."""

    def load(files: Sequence[Path], options: IngestOptions) -> IngestReport:
        return ingest_files(fmt, files, options)

    return load


def ingest_records(
    caller: Caller,
    fmt: NativeFormat,
    records: Sequence[dict[str, Any]],
    *,
    skip_bad: bool = False,
    warehouse: Warehouse | None = None,
) -> RecordsResult:
    """Check and store one API batch of `fmt` records, as the file ingest does; only admins may."""
    require_ingest(caller, fmt.kind)
    return engine.ingest_records(fmt, records, context_for(caller, "api", warehouse), skip_bad=skip_bad)
