"""A small world for the transcript tests: two contacts in the warehouse (one of the agent Ana's in
`commercial`, one in `medicare`), their member with a name, and transcripts that say identifiers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.members.models import Member
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

MEMBER_ID = "NBH000012345"
# Identifiers the member says; none may reach the warehouse table.
IDENTIFIERS = ("Rosalind", "Okafor", MEMBER_ID, "555-201-3344", "rosalind.okafor@example.com", "03/14/1961")


def write_world(warehouse: Warehouse) -> None:
    Member.objects.create(member_id=MEMBER_ID, plan="HMO", given_name="Rosalind", family_name="Okafor")
    rows = [
        {"contact_id": "t-1", "member_id": MEMBER_ID, "unit": "commercial", "agent_id": "e-agent",
         "channel": "phone", "direction": "inbound", "reason": "claims", "started_at": "2026-03-02T09:00:00Z"},
        {"contact_id": "t-2", "member_id": MEMBER_ID, "unit": "medicare", "agent_id": "e-other",
         "channel": "phone", "direction": "inbound", "reason": "pharmacy", "started_at": "2026-03-03T09:00:00Z"},
    ]  # fmt: skip
    table = pa.Table.from_pylist(rows).set_column(
        7, "started_at", pa.array([r["started_at"] for r in rows]).cast(pa.timestamp("us", tz="UTC"))
    )
    write_batch(warehouse, CONTACTS, table, source="tests")


def transcript(contact_id: str = "t-1", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "contact_id": contact_id,
        "language": "en",
        "turns": [
            {"speaker": "agent", "start_ms": 0, "end_ms": 3000,
             "text": "Thank you for calling, this is Ana. Who am I speaking with?"},
            {"speaker": "member", "start_ms": 3200, "end_ms": 9000,
             "text": f"Hi Ana, this is Rosalind Okafor, member id {MEMBER_ID}, born 03/14/1961."},
            {"speaker": "member", "start_ms": 9100, "end_ms": 14000,
             "text": "Call me back at 555-201-3344 or rosalind.okafor@example.com about my deductible."},
            {"speaker": "agent", "start_ms": 14500, "end_ms": 17000, "text": "Thank you Ms. Okafor, I will."},
        ],
    }  # fmt: skip
    record.update(changes)
    return record


def write_jsonl(path: Path, *records: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def contact_lens(contact_id: str = "t-1", language: str = "es-US") -> dict[str, Any]:
    """A Contact Lens voice analysis file, as Amazon Connect writes it (trimmed to what is read)."""
    return {
        "Version": "1.1.0",
        "AccountId": "123456789012",
        "Channel": "VOICE",
        "ContentMetadata": {"Output": "Raw"},
        "JobStatus": "COMPLETED",
        "LanguageCode": language,
        "Participants": [
            {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
            {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"},
        ],
        "Transcript": [
            {"BeginOffsetMillis": 0, "EndOffsetMillis": 2500, "Content": "Gracias por llamar, habla Ana.",
             "Id": "a1", "ParticipantId": "AGENT", "Sentiment": "NEUTRAL", "LoudnessScores": [70.1]},
            {"BeginOffsetMillis": 2600, "EndOffsetMillis": 8000,
             "Content": "Soy Rosalind Okafor, mi teléfono es 555-201-3344.",
             "Id": "a2", "ParticipantId": "CUSTOMER", "Sentiment": "NEGATIVE", "LoudnessScores": [80.3]},
        ],
        "CustomerMetadata": {
            "InputS3Uri": "s3://bucket/Analysis/Voice/2026/03/02/t-1_analysis.json",
            "ContactId": contact_id,
            "InstanceId": "inst-1",
        },
    }  # fmt: skip


def stored_rows(warehouse: Warehouse) -> list[dict[str, Any]]:
    from heartline.transcripts.tables import TRANSCRIPTS

    table = warehouse.open(TRANSCRIPTS)
    return [] if table is None else sorted(table.to_pyarrow_table().to_pylist(), key=lambda r: r["contact_id"])
