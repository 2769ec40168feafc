"""Where `heartline quality train-auto` gets its human-audited transcripts: one function per source.

`stored` is the real one — transcripts stored by the transcripts app (redacted) joined to the human
audits of the same contacts: the latest completed production audit's item ratings, turned into auto
item answers by `pair_from_audit`, then each auditor's override of an auto answer on top (an
override is a human answer, so it trains the next run; it also gives items no scorecard asks, such
as `further_help`, their first human answers). `synthetic` trains on the synthetic set
(synthetic.py), to try the command out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from heartline.quality.auto_qa.contracts import Answer, TrainingPair, Transcript
from heartline.quality.auto_qa.items import human_answers
from heartline.quality.auto_qa.synthetic import synthetic_pairs
from heartline.warehouse.store import Warehouse

if TYPE_CHECKING:
    from heartline.quality.selectors.auto_qa import StoredTranscript

SYNTHETIC_CONTACTS = 1000


@dataclass(frozen=True)
class FoundPairs:
    pairs: list[TrainingPair]
    message: str  # what was found, or why nothing was


def pair_from_audit(
    transcript: Transcript,
    ratings: dict[str, tuple[str, int | None]],
    overridden: Mapping[str, Answer] | None = None,
) -> TrainingPair:
    """A transcript with one audit of its contact: {scorecard item code: (scale, rating or None for N/A)},
    and the auditors' overrides {auto item: answer}, which win over the audit's answer to the same item."""
    return TrainingPair(transcript, human_answers(ratings) | dict(overridden or {}))


def stored(warehouse: Warehouse | None = None) -> FoundPairs:
    """Stored transcripts × the human answers (audits, overrides) of the same contacts."""
    from heartline.quality.selectors import auto_qa as reads

    return pairs_of(reads.stored_transcripts(warehouse or Warehouse.default()))


def pairs_of(batches: Iterable[Sequence[StoredTranscript]]) -> FoundPairs:
    """These transcripts (in batches) × the human answers (audits, overrides) of the same contacts."""
    from heartline.quality.selectors import auto_qa as reads

    ratings: dict[str, dict[str, tuple[str, int | None]]] = {}
    overridden: dict[str, dict[str, Answer]] = {}
    audited: set[str] = set()
    pairs, transcribed = [], 0
    for batch in batches:
        if not transcribed:  # the human answers are read once there is something to pair them with
            ratings, overridden = reads.human_ratings(), reads.overrides()
            audited = set(ratings) | set(overridden)
        transcribed += len(batch)
        for stored_transcript in batch:
            contact_id = stored_transcript.transcript.contact_id
            if contact_id not in audited:
                continue
            pair = pair_from_audit(
                stored_transcript.transcript, ratings.get(contact_id, {}), overridden.get(contact_id)
            )
            if pair.answers:
                pairs.append(pair)
    if not transcribed:
        return FoundPairs(
            [],
            "No stored transcripts yet: auto-QA trains on transcribed contacts that a human has audited. "
            "Ingest transcripts first (`heartline ingest transcripts FILE…`), or try `--source synthetic`.",
        )
    if not pairs:
        return FoundPairs(
            [],
            f"{transcribed:,} stored transcript(s), none of a contact a human has audited (or overridden): "
            "audit some transcribed contacts first, or try `--source synthetic`.",
        )
    return FoundPairs(pairs, f"{len(pairs):,} audited transcripts of {transcribed:,} stored")


def synthetic() -> FoundPairs:
    pairs = synthetic_pairs(SYNTHETIC_CONTACTS, seed=0, noise={"further_help": 0.5})
    return FoundPairs(pairs, f"{len(pairs)} synthetic audited transcripts (en/es/zh)")


SOURCES: dict[str, Callable[[], FoundPairs]] = {"stored": stored, "synthetic": synthetic}
