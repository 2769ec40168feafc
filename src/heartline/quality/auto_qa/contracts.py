"""What auto-QA takes and gives, as plain data: transcripts in, item judgements out.

A transcript is the redacted turns of one contact, in order. Auto-QA never sees identifiers: the
transcripts app stores redacted turns, and these records carry only what the scorers read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Speaker = Literal["agent", "member", "system"]
Language = Literal["en", "es", "zh"]
Answer = Literal["met", "not_met", "na"]
Source = Literal["rule", "model"]
SPEAKERS: tuple[Speaker, ...] = ("agent", "member", "system")
LANGUAGES: tuple[Language, ...] = ("en", "es", "zh")
ANSWERS: tuple[Answer, ...] = ("met", "not_met", "na")


class TranscriptError(ValueError):
    """A transcript auto-QA cannot read; the message names the contact, turn and field."""


@dataclass(frozen=True)
class Turn:
    speaker: Speaker
    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class Transcript:
    contact_id: str
    language: Language
    turns: tuple[Turn, ...]

    def __post_init__(self) -> None:
        if not self.contact_id:
            raise TranscriptError("transcript: contact_id is empty")
        if self.language not in LANGUAGES:
            raise TranscriptError(
                f"transcript {self.contact_id}: language {self.language!r} is not one of {', '.join(LANGUAGES)}"
            )
        for index, turn in enumerate(self.turns):
            where = f"transcript {self.contact_id}, turn {index}"
            if turn.speaker not in SPEAKERS:
                raise TranscriptError(f"{where}: speaker {turn.speaker!r} is not one of {', '.join(SPEAKERS)}")
            if turn.end_ms < turn.start_ms:
                raise TranscriptError(f"{where}: end_ms {turn.end_ms} is before start_ms {turn.start_ms}")


@dataclass(frozen=True)
class Evidence:
    """The turn that decided an answer, and the words in it (`start`:`end` of the turn's text)."""

    turn_index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ItemJudgement:
    item: str  # an AutoItem code (items.AUTO_ITEMS)
    answer: Answer
    confidence: float  # 0–1: the rule's stated confidence, or the model's probability of its answer
    evidence: Evidence | None  # None: nothing in the words decided it (e.g. a behavior never shown)
    source: Source


@dataclass(frozen=True)
class TrainingPair:
    """A human-audited transcript: the auditor's answer per auto item (items not audited left out)."""

    transcript: Transcript
    answers: Mapping[str, Answer]
