"""Where `heartline quality train-auto` gets its human-audited transcripts: one function per source.

`stored` is the real one — transcripts stored by the transcripts app joined to the human audits of
the same contacts (each audit's item ratings turned into auto item answers by `pair_from_audit`;
an auditor's override of an auto answer is such a rating, so it trains the next run). Until the
transcripts app stores transcripts it finds none and says so. `synthetic` trains on the synthetic
set (synthetic.py), to try the command out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from heartline.quality.auto_qa.contracts import TrainingPair, Transcript
from heartline.quality.auto_qa.items import human_answers
from heartline.quality.auto_qa.synthetic import synthetic_pairs

SYNTHETIC_CONTACTS = 1000


@dataclass(frozen=True)
class FoundPairs:
    pairs: list[TrainingPair]
    message: str  # what was found, or why nothing was


def pair_from_audit(transcript: Transcript, ratings: dict[str, tuple[str, int | None]]) -> TrainingPair:
    """A transcript with one audit of its contact: {scorecard item code: (scale, rating or None for N/A)}."""
    return TrainingPair(transcript, human_answers(ratings))


def stored() -> FoundPairs:
    """Stored transcripts × human audits of the same contacts (wired once the transcripts app stores them)."""
    return FoundPairs(
        [],
        "No stored transcripts yet: auto-QA trains on transcribed contacts that a human has audited. "
        "Ingest transcripts first, or try `--source synthetic`.",
    )


def synthetic() -> FoundPairs:
    pairs = synthetic_pairs(SYNTHETIC_CONTACTS, seed=0, noise={"further_help": 0.5})
    return FoundPairs(pairs, f"{len(pairs)} synthetic audited transcripts (en/es/zh)")


SOURCES: dict[str, Callable[[], FoundPairs]] = {"stored": stored, "synthetic": synthetic}
