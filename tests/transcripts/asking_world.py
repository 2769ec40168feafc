"""A world for "what members are asking": contacts of the unit `commercial` in March 2026 (this period)
and February (the previous one), their member with a name, and transcripts in which members ask about
their deductible and their ID card in English, Spanish and Chinese, saying identifiers as they go."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.core.scoping import OPERATOR
from heartline.members.models import Member
from heartline.transcripts.services import ingest_records
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

MEMBER_ID = "NBH000054321"
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 28)
IDENTIFIERS = ("Beatriz", "Quintanilla", MEMBER_ID, "555-404-1212")

DEDUCTIBLE = {
    "en": "How much of my deductible have I met this year?",
    "es": "¿Cuánto me falta para llegar a mi deducible este año?",
    "zh": "我今年的免赔额还剩多少?",
}
ID_CARD = {
    "en": "Can you send me a new ID card?",
    "es": "¿Me pueden mandar una tarjeta nueva?",
    "zh": "可以给我补办会员卡吗?",
}
HELLO = {
    "en": "Hi, this is Beatriz Quintanilla, member id NBH000054321, call me at 555-404-1212.",
    "es": "Hola, soy Beatriz Quintanilla, mi número de miembro es NBH000054321, mi teléfono 555-404-1212.",
    "zh": "你好,我是 Beatriz Quintanilla,会员号 NBH000054321,电话 555-404-1212。",
}

PREFIX = {"en": "Beatriz here, ", "es": "Soy Beatriz, ", "zh": "我是 Beatriz ,"}


def _contact(contact_id: str, day: dt.date) -> dict[str, Any]:
    return {
        "contact_id": contact_id,
        "member_id": MEMBER_ID,
        "unit": "commercial",
        "agent_id": "e-agent",
        "channel": "phone",
        "direction": "inbound",
        "reason": "benefits",
        "started_at": dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC),
    }


def _transcript(contact_id: str, language: str, question: str) -> dict[str, Any]:
    turns = [
        ("agent", "Thank you for calling, this is Ana. How can I help?"),
        ("member", HELLO[language]),
        ("member", PREFIX[language] + question),
        ("agent", "Let me look that up for you."),
        ("member", {"en": "Thank you.", "es": "Gracias.", "zh": "谢谢。"}[language]),
    ]
    return {
        "contact_id": contact_id,
        "language": language,
        "turns": [
            {"speaker": speaker, "start_ms": i * 1000, "end_ms": i * 1000 + 900, "text": text}
            for i, (speaker, text) in enumerate(turns)
        ],
    }


def write_asking_world(warehouse: Warehouse, deductible_before: int = 1, id_card_before: int = 1) -> None:
    """This period: the deductible asked 3 times in each language, the ID card once in each; the
    previous period: `deductible_before` and `id_card_before` English askings."""
    Member.objects.create(member_id=MEMBER_ID, plan="HMO", given_name="Beatriz", family_name="Quintanilla")
    contacts, transcripts = [], []
    asked: list[tuple[str, dt.date, str, str]] = []
    for language in ("en", "es", "zh"):
        for i in range(3):
            asked.append((f"d-{language}-{i}", START + dt.timedelta(days=i), language, DEDUCTIBLE[language]))
        asked.append((f"c-{language}", START + dt.timedelta(days=5), language, ID_CARD[language]))
    for i in range(deductible_before):
        asked.append((f"pd-{i}", START - dt.timedelta(days=3 + i % 20), "en", DEDUCTIBLE["en"]))
    for i in range(id_card_before):
        asked.append((f"pc-{i}", START - dt.timedelta(days=3 + i % 20), "en", ID_CARD["en"]))
    for contact_id, day, language, question in asked:
        contacts.append(_contact(contact_id, day))
        transcripts.append(_transcript(contact_id, language, question))
    table = pa.Table.from_pylist(contacts)
    table = table.set_column(
        table.schema.get_field_index("started_at"),
        "started_at",
        table["started_at"].cast(pa.timestamp("us", tz="UTC")),
    )
    write_batch(warehouse, CONTACTS, table, source="tests")
    report = ingest_records(OPERATOR, transcripts)
    assert report.accepted, report.problems
