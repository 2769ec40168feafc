"""Background tasks run by `heartline worker` (django-tasks, database backend)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django_tasks import task

from heartline.warehouse import tables
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
