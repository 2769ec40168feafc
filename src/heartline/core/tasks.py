"""Background tasks run by `heartline worker` (django-tasks, database backend)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django_tasks import task

from heartline.warehouse import tables
from heartline.warehouse.derived import derived_from, is_current, refresh
from heartline.warehouse.maintenance import compact, needs_compaction
from heartline.warehouse.store import Warehouse


@task()
def compact_warehouse_table(table_name: str) -> dict[str, Any]:
    """Compact a warehouse table when many writes have left it with small files."""
    warehouse = Warehouse.default()
    spec = tables.get(table_name)
    if not needs_compaction(warehouse, spec):
        return {"table_name": table_name, "skipped": True}
    return asdict(compact(warehouse, spec))


@task()
def refresh_derived_tables(source_table: str) -> list[dict[str, Any]]:
    """Rebuild the derived tables built from `source_table` that no longer match it (after an ingest),
    then queue the pages' answers to be computed ahead over the tables as they now are."""
    warehouse = Warehouse.default()
    spec = tables.get(source_table)
    rebuilt = [asdict(refresh(warehouse, d)) for d in derived_from(spec) if not is_current(warehouse, d)]
    warm_page_answers.enqueue()
    return rebuilt


@task()
def warm_page_answers() -> list[dict[str, Any]]:
    """The slow pages' default views computed ahead for every wide scope (`heartline.core.warming`).
    Left to the next one when another is already queued (ingests in a row: only the last warms)."""
    from heartline.core.scoping import one_caller_per_scope
    from heartline.core.warming import warm_pages
    from heartline.core.worker import waiting

    if waiting(warm_page_answers.module_path):
        return []
    return [asdict(w) for w in warm_pages(one_caller_per_scope())]
