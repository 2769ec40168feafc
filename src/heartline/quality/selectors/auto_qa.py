"""Reads of auto-QA: stored (redacted) transcripts as auto-QA reads them, the human answers of the
same contacts (audit ratings, then auditors' overrides), and the auto answers stored per contact.

The transcripts are read from the transcripts app's warehouse table (`transcripts.tables`), which
holds redacted text only. The reads that feed training and scoring run for the system (the worker,
`heartline quality …`), not for a caller; the pages' reads are scoped (`AutoAnswer.visible_to`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc

from heartline.core.contracts import Caller
from heartline.quality.auto_qa.contracts import LANGUAGES, Answer, Language, Speaker, Transcript, Turn
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    AuditPurpose,
    AuditStatus,
    AutoAnswer,
    AutoAnswerOverride,
)
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.warehouse.store import Warehouse

COLUMNS = ["contact_id", "agent_id", "unit", "language", "turns"]
Ratings = dict[str, tuple[str, int | None]]  # scorecard item code -> (scale, rating or None for N/A)


@dataclass(frozen=True)
class StoredTranscript:
    """A stored transcript as auto-QA reads it, with the contact's agent and unit (for scoping)."""

    transcript: Transcript
    agent_code: str
    unit_code: str


def _table(warehouse: Warehouse, contact_ids: Iterable[str] | None) -> pa.Table | None:
    delta = warehouse.open(TRANSCRIPTS)
    if delta is None:
        return None
    table = delta.to_pyarrow_table(columns=COLUMNS)
    if contact_ids is not None:
        table = table.filter(pc.is_in(table["contact_id"], pa.array(sorted(set(contact_ids)), pa.string())))
    return table


def transcribed_contact_ids(warehouse: Warehouse) -> list[str]:
    """Every contact with a stored transcript."""
    delta = warehouse.open(TRANSCRIPTS)
    if delta is None:
        return []
    return [str(c) for c in delta.to_pyarrow_table(columns=["contact_id"])["contact_id"].to_pylist()]


def as_stored_transcript(row: dict[str, Any]) -> StoredTranscript | None:
    """A row of the transcripts table as auto-QA reads it (None for a language it cannot read)."""
    language = str(row.get("language") or "")
    if language not in LANGUAGES:
        return None  # auto-QA's cues and model read en, es and zh only
    turns = tuple(
        Turn(cast(Speaker, t["speaker"]), int(t["start_ms"]), int(t["end_ms"]), str(t["text"] or ""))
        for t in row.get("turns") or []
    )
    return StoredTranscript(
        Transcript(str(row["contact_id"]), cast(Language, language), turns),
        str(row.get("agent_id") or ""),
        str(row.get("unit") or ""),
    )


def stored_transcripts(
    warehouse: Warehouse, contact_ids: Iterable[str] | None = None, *, batch: int = 2_000
) -> Iterator[list[StoredTranscript]]:
    """Stored transcripts (all, or those of `contact_ids`) in batches; languages auto-QA cannot read
    are left out."""
    table = _table(warehouse, contact_ids)
    if table is None:
        return
    for record_batch in table.to_batches(max_chunksize=batch):
        found = [t for t in map(as_stored_transcript, record_batch.to_pylist()) if t is not None]
        if found:
            yield found


def human_ratings(contact_ids: Iterable[str] | None = None) -> dict[str, Ratings]:
    """Per contact, the latest completed production audit's ratings {scorecard item: (scale, rating)}."""
    audits = Audit.objects.filter(purpose=AuditPurpose.PRODUCTION, status=AuditStatus.COMPLETED)
    if contact_ids is not None:
        audits = audits.filter(contact_id__in=list(contact_ids))
    latest: dict[str, int] = {}
    for audit_id, contact_id in audits.order_by("completed_at", "pk").values_list("pk", "contact_id"):
        latest[contact_id] = audit_id  # the last completed wins
    wanted = set(latest.values())
    ratings: dict[str, Ratings] = {}
    answers = AuditAnswer.objects.filter(audit__in=audits).values_list(
        "audit_id", "audit__contact_id", "item__code", "item__scale", "rating"
    )
    for audit_id, contact_id, code, scale, rating in answers.iterator(chunk_size=5_000):
        if audit_id in wanted:
            ratings.setdefault(contact_id, {})[code] = (scale, rating)
    return ratings


def overrides(contact_ids: Iterable[str] | None = None) -> dict[str, dict[str, Answer]]:
    """Per contact, the auditors' overriding answers {auto item: answer}."""
    rows = AutoAnswerOverride.objects.all()
    if contact_ids is not None:
        rows = rows.filter(contact_id__in=list(contact_ids))
    found: dict[str, dict[str, Answer]] = {}
    for contact_id, item, answer in rows.values_list("contact_id", "item", "answer"):
        found.setdefault(contact_id, {})[item] = cast(Answer, answer)
    return found


def scored_contact_ids() -> set[str]:
    return set(AutoAnswer.objects.values_list("contact_id", flat=True).distinct())


def auto_answers_of_contact(caller: Caller, contact_id: str) -> list[AutoAnswer]:
    """The auto answers of one contact, when the caller may see it (empty otherwise)."""
    return list(AutoAnswer.objects.visible_to(caller).filter(contact_id=contact_id).order_by("pk"))


def overrides_of_contact(contact_id: str) -> dict[str, AutoAnswerOverride]:
    return {o.item: o for o in AutoAnswerOverride.objects.filter(contact_id=contact_id).select_related("auditor")}
