"""The demo's transcripts: the audited calls (up to a cap) and a share of the other calls and chats, in the three
languages, redacted in the warehouse with the members' own names, the raw text sealed; auto-QA
trained on the audited ones scores every one, and earns the auditors' trust on held-out audits."""

from __future__ import annotations

from collections import Counter

from heartline.contacts.tables import CONTACTS
from heartline.demo.transcripts import MAX_AUDITED_TRANSCRIPTS
from heartline.members.models import Member
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.trust import TRUSTED_ALPHA, ItemTrust
from heartline.quality.models import Audit, AutoAnswer
from heartline.transcripts import sealing
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.tables import TRANSCRIPTS
from tests.support.shared_demo import BuiltDemo


def test_the_demo_transcribes_a_share_of_its_calls_in_three_languages(small_demo: BuiltDemo, db: None) -> None:
    delta = small_demo.warehouse.open(TRANSCRIPTS)
    assert delta is not None
    rows = delta.to_pyarrow_table().to_pylist()
    contacts = {
        r["contact_id"]: r
        for r in small_demo.warehouse.open(CONTACTS)  # type: ignore[union-attr]
        .to_pyarrow_table(columns=["contact_id", "member_id", "language", "channel"])
        .to_pylist()
    }

    audited = set(Audit.objects.filter(purpose="production", status="completed").values_list("contact_id", flat=True))
    transcribed = {r["contact_id"] for r in rows}
    # the audited calls, or a sample of MAX_AUDITED_TRANSCRIPTS of them, and a share of all calls (which
    # holds some audited ones too)
    assert min(len(audited), MAX_AUDITED_TRANSCRIPTS) <= len(audited & transcribed) <= MAX_AUDITED_TRANSCRIPTS + 1_000
    assert 200 <= len(transcribed - audited) <= 1_000
    assert set(Counter(r["language"] for r in rows)) == {"en", "es", "zh"}
    assert all(r["contact_known"] and r["redactions"] >= 3 for r in rows)
    assert all(contacts[r["contact_id"]]["member_id"] == r["member_id"] for r in rows)
    assert all(contacts[r["contact_id"]]["channel"] in ("phone", "chat") for r in rows)
    assert RawTranscript.objects.count() == len(rows)


def test_no_demo_member_name_or_id_is_left_in_the_stored_text(small_demo: BuiltDemo, db: None) -> None:
    delta = small_demo.warehouse.open(TRANSCRIPTS)
    assert delta is not None
    rows = delta.to_pyarrow_table().to_pylist()[:200]
    members = {m.member_id: m for m in Member.objects.filter(member_id__in=[r["member_id"] for r in rows])}

    for row in rows:
        member = members[row["member_id"]]
        said = " ".join(t["text"] for t in row["turns"])
        raw = " ".join(
            t["text"] for t in sealing.unseal(RawTranscript.objects.get(contact_id=row["contact_id"]).sealed)["turns"]
        )
        assert row["member_id"] in raw
        for identifier in (row["member_id"], member.family_name):
            assert identifier not in said, (row["contact_id"], identifier)


def test_auto_qa_scores_every_transcribed_call_and_most_audited_items_earn_trust(
    small_demo: BuiltDemo, db: None
) -> None:
    delta = small_demo.warehouse.open(TRANSCRIPTS)
    assert delta is not None
    transcribed = delta.to_pyarrow_table(columns=["contact_id"]).num_rows
    trust = small_demo.extras_after["auto-qa"]["auto_qa_trust"]
    assert isinstance(trust, dict)

    assert AutoAnswer.objects.values("contact_id").distinct().count() == transcribed
    assert AutoAnswer.objects.count() == transcribed * len(ITEM_CODES)
    audited_items = [t for t in trust.values() if isinstance(t, ItemTrust) and t.n]
    assert len(audited_items) == 7  # the Call Quality Audit's items judged from words
    assert all(t.n >= 1_000 for t in audited_items)
    assert sum(t.alpha >= TRUSTED_ALPHA for t in audited_items) >= 5  # measured, not planted exactly
    assert trust["further_help"].status == trust["hold"].status == "suggested"  # no auditor asks these
