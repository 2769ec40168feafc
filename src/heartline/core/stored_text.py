"""Running today's redactor over free text already stored (issue 13): the one loop each domain's
service calls for its own records, so ideas and coaching notes written before redaction on write
lose the member details they still hold.

A pass reads the records in primary-key order, redacts each named field, and stores the fields that
changed (unless `dry_run`); redaction leaves redacted text unchanged, so a second pass changes nothing.
Where redaction lengthens text past its column ("A123456" → "[MEMBER ID]"), the text is cut to fit
and ends in "…": a shortened title is better than one that keeps a member's id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from heartline.core.redaction import Redactor

Progress = Callable[[str, int, int], None]
BATCH = 500


@dataclass(frozen=True)
class RedactionTally:
    """One kind of record after a pass: how many were read, and how many had text that changed."""

    records: str
    checked: int
    changed: int

    def as_dict(self) -> dict[str, int]:
        return {"checked": self.checked, "changed": self.changed}


def _fitted(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def redact_stored(
    label: str,
    rows: models.QuerySet[Any],
    fields: Mapping[str, int | None],
    redactor: Redactor,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RedactionTally:
    """Redact `fields` (name → the column's length, None when unbounded) of every record in `rows`;
    store what changed unless `dry_run`. `progress(label, done, total)` is called as records are read."""
    total = rows.count()
    checked = changed = 0
    if progress:
        progress(label, 0, total)
    last_pk: Any = None
    while True:
        batch = rows.order_by("pk")
        if last_pk is not None:
            batch = batch.filter(pk__gt=last_pk)
        chunk = list(batch.only("pk", *fields)[:BATCH])
        if not chunk:
            break
        with transaction.atomic():
            for row in chunk:
                changes = {}
                for field, limit in fields.items():
                    before = getattr(row, field) or ""
                    after = _fitted(redactor.redact(before), limit)
                    if after != before:
                        changes[field] = after
                if changes:
                    changed += 1
                    if not dry_run:
                        for field, value in changes.items():
                            setattr(row, field, value)
                        row.save(update_fields=list(changes))
        checked += len(chunk)
        last_pk = chunk[-1].pk
        if progress:
            progress(label, checked, total)
    return RedactionTally(records=label, checked=checked, changed=changed)
