"""What pages, the API and other apps (auto-QA, what members ask) know of a transcript (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal

# Sent by the ingest, once the batch is committed, with `contact_ids` (a list of str): the contacts
# whose stored transcript was added or changed (auto-QA scores them in the worker).
transcripts_stored = Signal()


@dataclass(frozen=True)
class TurnView:
    speaker: str  # agent, member or system
    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class TranscriptView:
    """One contact's transcript: redacted (`raw` false) or as received (`raw` true, access-logged)."""

    contact_id: str
    member_id: str
    language: str
    source: str
    contact_known: bool
    duration_ms: int
    redactions: int  # identifiers the redactor replaced when it was stored
    raw: bool
    turns: tuple[TurnView, ...]
