"""Writes of auto-QA: scoring stored transcripts into `AutoAnswer` rows, and auditors' overrides.

`score_contacts` reads stored (redacted) transcripts in batches, scores each batch with the saved
model (rules alone before the first `heartline quality train-auto`) and writes the answers through
`record_auto_answers`, the one write path: a contact scored again has its answers replaced whole.
The worker runs it for transcripts just ingested (quality.tasks, on the transcripts app's
`transcripts_stored`); `heartline quality score-auto` runs it over the backlog.

`override_auto_answer` records an auditor's own answer to an auto item of a contact they may audit:
a human answer, so the next `train-auto` learns from it (auto_qa.sources.stored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from heartline.core import clock
from heartline.core.bounds import NOTE_CHARS, check_text
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.contracts import ANSWERS, ItemJudgement
from heartline.quality.auto_qa.engine import score_batch
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.model import AutoQaModel
from heartline.quality.models import AutoAnswer, AutoAnswerOverride
from heartline.quality.selectors import auto_qa as reads
from heartline.quality.services import QualityError, caller_employee_id
from heartline.warehouse.store import Warehouse

BATCH = 1_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScoringRun:
    scored: int  # contacts scored
    answers: int  # answers written
    model_version: int  # 0: the rules alone


def record_auto_answers(
    scored: Sequence[tuple[reads.StoredTranscript, dict[str, ItemJudgement]]], model: AutoQaModel | None
) -> int:
    """Replace the stored answers of the contacts in `scored` with these; the only write of AutoAnswer."""
    now = clock.now()
    version = model.version if model is not None else 0
    trained_on = model.trained_on if model is not None else None
    rows: list[AnswerRow] = []
    for stored, judged in scored:
        for item, j in judged.items():
            evidence = j.evidence
            rows.append(
                (
                    stored.transcript.contact_id,
                    item,
                    stored.agent_code,
                    stored.unit_code,
                    j.answer,
                    round(j.confidence, 4),
                    evidence.turn_index if evidence else None,
                    evidence.start if evidence else None,
                    evidence.end if evidence else None,
                    evidence.text if evidence else "",
                    j.source,
                    version,
                    trained_on,
                    now,
                )
            )
    ids = [stored.transcript.contact_id for stored, _ in scored]
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            AutoAnswer.objects.filter(contact_id__in=ids[start : start + 500]).delete()
        _insert(rows)
    return len(rows)


COLUMNS = (
    "contact_id", "item", "agent_code", "unit_code", "answer", "confidence", "evidence_turn", "evidence_start",
    "evidence_end", "evidence_text", "source", "model_version", "model_trained_on", "scored_at",
)  # fmt: skip


AnswerRow = tuple[
    str, str, str, str, str, float, int | None, int | None, int | None, str, str, int, dt.date | None, dt.datetime
]


def _insert(rows: list[AnswerRow]) -> None:
    """Answers by the ten thousand: one parameterised INSERT run over every row (bulk_create builds a
    model object per row, several times slower)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    # Table and column names come from the model; every value is a parameter.
    sql = f"INSERT INTO {quote(AutoAnswer._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [(*row[:-2], ops.adapt_datefield_value(row[-2]), ops.adapt_datetimefield_value(row[-1])) for row in rows],
        )


def score_contacts(
    contact_ids: Iterable[str] | None = None,
    *,
    warehouse: Warehouse | None = None,
    model: AutoQaModel | None = None,
    progress: Progress | None = None,
    total: int | None = None,
) -> ScoringRun:
    """Score the stored transcripts of `contact_ids` (every stored one when None) and store the answers."""
    store = warehouse or Warehouse.default()
    scorer = model if model is not None else auto_model.load()
    return score_stored(reads.stored_transcripts(store, contact_ids, batch=BATCH), scorer, progress, total)


def score_stored(
    batches: Iterable[Sequence[reads.StoredTranscript]],
    scorer: AutoQaModel | None,
    progress: Progress | None = None,
    total: int | None = None,
) -> ScoringRun:
    """Score these transcripts (in batches) with `scorer` (None: the rules alone) and store the answers."""
    scored = answers = 0
    for batch in batches:
        judged = score_batch([s.transcript for s in batch], scorer)
        answers += record_auto_answers(list(zip(batch, judged, strict=True)), scorer)
        scored += len(batch)
        if progress is not None:
            progress(scored, total or scored)
    return ScoringRun(scored, answers, scorer.version if scorer is not None else 0)


def backlog(warehouse: Warehouse | None = None) -> list[str]:
    """Transcribed contacts with no auto answers yet."""
    done = reads.scored_contact_ids()
    return [c for c in reads.transcribed_contact_ids(warehouse or Warehouse.default()) if c not in done]


def override_auto_answer(caller: Caller, contact_id: str, item: str, answer: str, note: str = "") -> AutoAnswerOverride:
    """An auditor's answer to auto item `item` of a contact whose auto answers they may see."""
    require(caller, Capability.AUDIT_CONTACTS, "override auto-QA answers")
    answers = {a.item: a for a in AutoAnswer.objects.visible_to(caller).filter(contact_id=contact_id)}
    if not answers:
        raise PermissionDenied(f"contact {contact_id}: no auto-QA answers you may see")
    if item not in ITEM_CODES:
        raise QualityError(f"item {item!r} is not an auto-QA item ({', '.join(ITEM_CODES)})")
    if answer not in ANSWERS:
        raise QualityError(f"answer {answer!r} is not one of {', '.join(ANSWERS)}")
    check_text(note, "note", NOTE_CHARS)
    auto = answers.get(item)
    with transaction.atomic():
        override, _ = AutoAnswerOverride.objects.update_or_create(
            contact_id=contact_id,
            item=item,
            defaults={
                "answer": answer,
                "auto_answer": auto.answer if auto is not None else "",
                "note": note,
                "auditor_id": caller_employee_id(caller),
                "created_at": clock.now(),
            },
        )
    log_access(caller, "quality.auto_qa.override", f"contact:{contact_id}", "web", item=item, answer=answer)
    return override
