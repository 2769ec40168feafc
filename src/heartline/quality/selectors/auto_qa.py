"""Reads of auto-QA: stored (redacted) transcripts as auto-QA reads them, the human answers of the
same contacts (audit ratings, then auditors' overrides), and the auto answers stored per contact.

The transcripts are read from the transcripts app's warehouse table (`transcripts.tables`), which
holds redacted text only. The reads that feed training and scoring run for the system (the worker,
`heartline quality …`), not for a caller; the pages' reads are scoped (`AutoAnswer.visible_to`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc

from heartline.core.contracts import Caller
from heartline.quality.auto_qa.contracts import ANSWERS, LANGUAGES, Answer, Language, Speaker, Transcript, Turn
from heartline.quality.auto_qa.items import AUTO_ITEMS
from heartline.quality.auto_qa.model import AutoQaModel
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    AuditPurpose,
    AuditStatus,
    AutoAnswer,
    AutoAnswerOverride,
)
from heartline.stats.proportions import wilson_interval
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


# -- what the pages and the API show ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemAgreement:
    """One item's agreement with the auditors on held-out contacts, as the pages show it."""

    item: str
    title: str
    alpha: float  # NaN when undefined
    ci_low: float
    ci_high: float
    n: int
    status: str  # trusted or suggested
    confusion: list[tuple[str, list[int]]]  # per human answer, counts of auto answers (ANSWERS order)


@dataclass(frozen=True)
class Agreement:
    trained: bool
    model_version: int
    trained_on: str  # ISO date, "" before the first training
    n_train: int
    n_held_out: int
    items: list[ItemAgreement]


@dataclass(frozen=True)
class Coverage:
    scored: int  # transcribed contacts the caller may see with auto answers
    transcribed: int  # transcribed contacts the caller may see


@dataclass(frozen=True)
class AgentItemRate:
    """How often auto-QA found an item met on an agent's transcribed contacts (na left out)."""

    item: str
    title: str
    met: int
    judged: int
    rate: float
    ci_low: float
    ci_high: float
    status: str  # trusted items count; suggested ones are shown, never counted


def agreement(model: AutoQaModel | None) -> Agreement:
    """Per item agreement of the saved model (every item suggested before the first training)."""
    items = []
    for auto_item in AUTO_ITEMS:
        trust = model.trust.get(auto_item.code) if model is not None else None
        if trust is None:
            items.append(
                ItemAgreement(auto_item.code, auto_item.title, math.nan, math.nan, math.nan, 0, "suggested", [])
            )
            continue
        confusion: list[tuple[str, list[int]]] = [
            (human, [trust.confusion[human][auto] for auto in ANSWERS]) for human in ANSWERS
        ]
        items.append(
            ItemAgreement(
                auto_item.code,
                auto_item.title,
                trust.alpha,
                trust.ci_low,
                trust.ci_high,
                trust.n,
                trust.status,
                confusion,
            )
        )
    if model is None:
        return Agreement(False, 0, "", 0, 0, items)
    return Agreement(True, model.version, model.trained_on.isoformat(), model.n_train, model.n_held_out, items)


def coverage(caller: Caller, warehouse: Warehouse) -> Coverage:
    """Transcribed contacts the caller may see, and how many of them auto-QA has scored."""
    delta = warehouse.open(TRANSCRIPTS)
    scored = AutoAnswer.objects.visible_to(caller).values("contact_id").distinct().count()
    if delta is None:
        return Coverage(scored, 0)
    table = delta.to_pyarrow_table(columns=["contact_id", "unit", "agent_id"])
    scope = caller.scope
    if not scope.unrestricted:
        units = pa.array(sorted(scope.unit_codes), pa.string())
        agents = pa.array(sorted(scope.agent_ids), pa.string())
        keep = pc.or_(pc.is_in(table["unit"], units), pc.is_in(table["agent_id"], agents))
        table = table.filter(pc.fill_null(keep, False))
    return Coverage(scored, table.num_rows)


def agent_auto_rates(caller: Caller, agent_code: str, trusted: frozenset[str]) -> list[AgentItemRate]:
    """Per item, an agent's auto answers the caller may see: met out of judged, with a 95% interval."""
    counts: dict[str, list[int]] = {}
    rows = AutoAnswer.objects.visible_to(caller).filter(agent_code=agent_code).exclude(answer="na")
    for item, answer in rows.values_list("item", "answer"):
        tally = counts.setdefault(item, [0, 0])
        tally[0] += answer == "met"
        tally[1] += 1
    rates = []
    for auto_item in AUTO_ITEMS:
        met, judged = counts.get(auto_item.code, [0, 0])
        if not judged:
            continue
        low, high = wilson_interval(met, judged)
        status = "trusted" if auto_item.code in trusted else "suggested"
        rates.append(AgentItemRate(auto_item.code, auto_item.title, met, judged, met / judged, low, high, status))
    return rates
