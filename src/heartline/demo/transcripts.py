"""Demo transcripts: the human-audited calls (a seeded sample of 5,000 where there are more), and a share
of the other answered calls and chats, in the member's language (en, es, zh), with the behaviors each
call's audit found planted in its words.

Deterministic (the demo seed and this step's name fix every choice). Each transcript follows its
contact: the member gives their name, member id and birth date (so the redactor has work) and the
contact's reason — said as a problem when the call had something to apologize for — is transferred
along the contact's route, and the call ends as its disposition says (resolved, unresolved,
escalated), with an offer of further help on most calls. What the representative says shows or
omits each behavior the Call Quality Audit judges from words — greeting, identity verified before
any health information, recap, empathy, owning what went wrong, next steps, thanks — as that call's
audit answered (`planted`), the opposite now and then (`NOISE`: auditors are people), and in a
paraphrase no cue of auto-QA lists on a share of calls (`PARAPHRASE_SHARE`, what only its model can
learn). Calls nobody audited show each behavior at a typical rate. Lines are in transcript_lines.py.

The text goes through the ingest's own path: redacted into the `transcripts` table, the raw text
sealed into the app database (a line that carries no identifier is redacted once for all calls).
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import employee_names
from heartline.demo.steps import DemoContext
from heartline.demo.transcript_lines import BIRTH, DETAILS, REASONS, SAY
from heartline.members.selectors import names_of_members
from heartline.quality.auto_qa.contracts import Answer
from heartline.quality.auto_qa.items import human_answers
from heartline.quality.models import AuditAnswer, AuditPurpose, AuditStatus
from heartline.transcripts.checking import Transcript, Turn
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.services import Redactors, keep_raw, redacted_row
from heartline.transcripts.tables import TRANSCRIPTS

SHARE = 0.01  # of the answered phone calls and chats with a member
MAX_TRANSCRIPTS = 1_000  # of that share; audited contacts are transcribed besides
# Audited contacts transcribed, at most (a seeded sample beyond): enough to fit auto-QA (3,000) and measure
# it on 2,000 held out, without transcribing a third of the small demo's calls.
MAX_AUDITED_TRANSCRIPTS = 5_000
OFFER_HELP_SHARE = 0.8
HOLD_SHARE, HOLD_ASKED, HOLD_THANKED = 0.2, 0.7, 0.7
PARAPHRASE_SHARE = 0.3  # of the behaviors shown, worded as no cue of auto-QA lists
BLAME_SHARE = 0.25  # of calls where nobody owned what went wrong: the agent blames another team
LATE_CHECK_SHARE = 0.5  # of calls discussing health information unchecked: identity checked afterwards
# The chance the call shows the opposite of what the audit found (auditors are people): higher on
# the items that take judgement (a recap, empathy, owning a problem) than on those that do not.
NOISE = {
    "greeting": 0.02, "identity": 0.01, "recap": 0.05, "empathy": 0.05,
    "ownership": 0.04, "next_steps": 0.03, "thanks": 0.02,
}  # fmt: skip
# How often a behavior is shown on a transcribed call nobody audited (ownership: applies, then shown).
TYPICAL = {"greeting": 0.9, "identity": 0.95, "recap": 0.6, "empathy": 0.55, "next_steps": 0.75, "thanks": 0.9}
OWNERSHIP_APPLIES, OWNERSHIP_SHOWN = 0.35, 0.7
MEMBER_MARKS = ("{member}", "{member_id}", "{birth}")  # a line with one of these names the member

Plan = dict[str, Answer]


def _chosen(contacts: pa.Table, rng: np.random.Generator) -> np.ndarray:
    answered = pc.and_(
        pc.and_(
            pc.is_in(contacts["channel"].cast(pa.string()), pa.array(["phone", "chat"])),
            pc.invert(pc.fill_null(contacts["abandoned"], False)),
        ),
        pc.and_(pc.is_valid(contacts["agent_id"]), pc.is_valid(contacts["member_id"])),
    )
    candidates = np.flatnonzero(np.asarray(pc.fill_null(answered, False)))
    wanted = min(MAX_TRANSCRIPTS, round(len(candidates) * SHARE))
    return np.sort(rng.choice(candidates, size=wanted, replace=False)) if wanted else candidates[:0]


def audit_ratings() -> dict[str, dict[str, tuple[str, int | None]]]:
    """Per audited contact, its completed production audit's ratings {item code: (scale, rating)}."""
    answers = AuditAnswer.objects.filter(
        audit__purpose=AuditPurpose.PRODUCTION, audit__status=AuditStatus.COMPLETED
    ).values_list("audit__contact_id", "item__code", "item__scale", "rating")
    found: dict[str, dict[str, tuple[str, int | None]]] = {}
    for contact_id, code, scale, rating in answers.iterator(chunk_size=20_000):
        found.setdefault(contact_id, {})[code] = (scale, rating)
    return found


def planted(ratings: dict[str, tuple[str, int | None]] | None, draw: random.Random) -> Plan:
    """What the call shows per judged behavior: the audit's answers, each flipped with NOISE[item];
    a call nobody audited shows each behavior at its TYPICAL rate."""
    plan: Plan
    if ratings is None:
        plan = {item: "met" if draw.random() < p else "not_met" for item, p in TYPICAL.items()}
        applies = draw.random() < OWNERSHIP_APPLIES
        plan["ownership"] = ("met" if draw.random() < OWNERSHIP_SHOWN else "not_met") if applies else "na"
        return plan
    plan = {item: answer for item, answer in human_answers(ratings).items() if item in NOISE}
    for item, answer in plan.items():
        if answer != "na" and draw.random() < NOISE[item]:
            plan[item] = "not_met" if answer == "met" else "met"
    return plan


class _Call:
    """A transcript being written: who says which line, in the contact's language."""

    def __init__(self, language: str, fill: dict[str, str], draw: random.Random) -> None:
        self.say_lines, self.fill, self.draw = SAY[language], fill, draw
        self.said: list[tuple[str, str, str]] = []  # speaker, text, whose identifiers: member, staff or none

    def say(self, speaker: str, key: str) -> None:
        options = self.say_lines[key]
        template = options[self.draw.randrange(len(options))] if len(options) > 1 else options[0]
        whose = "member" if any(m in template for m in MEMBER_MARKS) else "staff" if "{agent}" in template else ""
        self.said.append((speaker, template.format(**self.fill) if "{" in template else template, whose))

    def shows(self, key: str) -> str:
        """A behavior's line: now and then in a paraphrase no cue lists, where one is written."""
        paraphrase = key + "~"
        return paraphrase if paraphrase in self.say_lines and self.draw.random() < PARAPHRASE_SHARE else key


def _script(row: dict[str, Any], plan: Plan, language: str, call: _Call) -> None:
    """The lines of one call (see the module): the plan decides each behavior, the contact the rest."""
    draw = call.draw
    greeted = plan.get("greeting", "met") == "met"
    identity = plan.get("identity", "met")
    ownership = plan.get("ownership", "na")
    call.say("agent", "greet" if greeted else "open")
    if identity != "met":
        call.say("member", "volunteer")
    call.say("member", "reason")
    if identity == "met":
        call.say("agent", "ask_id")
        call.say("member", "give_id")
        call.say("agent", "verified")
    if plan.get("recap") == "met":
        call.say("agent", call.shows("recap"))
    if plan.get("empathy") == "met":
        call.say("agent", call.shows("empathy"))
    if draw.random() < HOLD_SHARE:
        asked = draw.random() < HOLD_ASKED
        call.say("agent", "hold_asked" if asked else "hold_told")
        if asked:
            call.say("member", "sure")
        call.say("system", "hold_event")
        call.say("agent", "hold_thanks" if draw.random() < HOLD_THANKED else "back")
    if identity != "na":
        call.say("agent", "details")
    if identity == "not_met" and draw.random() < LATE_CHECK_SHARE:
        call.say("agent", "ask_id")
        call.say("member", "give_id")
        call.say("agent", "verified")
    if ownership == "met":
        call.say("agent", call.shows("own"))
    elif ownership == "not_met" and draw.random() < BLAME_SHARE:
        call.say("agent", "blame")
    for queue in [q for q in str(row.get("route") or "").split(">") if q][1:]:
        call.fill["queue"] = queue.replace("q-", "").replace("_", " ")
        call.say("agent", "transfer")
    disposition = str(row.get("disposition") or "resolved")
    disposition = disposition if disposition in ("resolved", "unresolved", "escalated") else "resolved"
    call.say("agent", call.shows(disposition) if plan.get("next_steps") == "met" else disposition + "-")
    if draw.random() < OFFER_HELP_SHARE:
        call.say("agent", "help")
        call.say("member", "done")
    call.say("agent", "thanks" if plan.get("thanks") == "met" else "bye")


def _transcript(
    row: dict[str, Any], plan: Plan, agent: str, member: str, draw: random.Random
) -> tuple[Transcript, dict[str, str]]:
    """The call's transcript, and whose identifiers each of its texts carries (member, staff or none: "")."""
    language = str(row.get("language") or "en")
    language = language if language in SAY else "en"
    reason = REASONS[language].get(str(row.get("reason")), ("", ""))
    fill = {
        "agent": agent.split(" ")[0],
        "member": member,
        "member_id": str(row["member_id"]),
        "birth": BIRTH[language].format(d=draw.randint(1, 28), y=draw.randint(40, 79)),
        "reason": reason[1] if plan.get("ownership", "na") != "na" else reason[0],
        "queue": "",
    }
    call = _Call(language, fill, draw)
    details = DETAILS[language]
    call.say_lines = call.say_lines | {"details": (details.get(str(row.get("reason")), details["claims"]),)}
    _script(row, plan, language, call)
    turns, at = [], 0
    for speaker, text, _ in call.said:
        length = 600 + 45 * len(text) + draw.randrange(800)
        turns.append(Turn(speaker, at, at + length, text))
        at += length + 150 + draw.randrange(750)
    return Transcript(str(row["contact_id"]), language, "native", tuple(turns)), {
        text: whose for _, text, whose in call.said
    }


class _DemoRedactors(Redactors):
    """The ingest's redactors, told whose identifiers each line carries (the demo wrote it): a line
    naming the member goes through the member's redactor and the staff's, as at ingest; any other
    line — naming only the representative, or nobody ("Is there anything else I can help you
    with?") — recurs on many calls and goes through the staff's redactor once for all of them."""

    def __init__(self, member_names: dict[str, tuple[str, ...]]) -> None:
        super().__init__(member_names)
        self.whose: dict[str, str] = {}
        self._done: dict[str, tuple[str, int]] = {}

    def redact(self, text: str, member_id: str | None) -> tuple[str, int]:
        whose = self.whose.get(text, "member")
        if whose == "member":
            return super().redact(text, member_id)
        done = self._done.get(text)  # the member's redactor has nothing to find here
        if done is None:
            done = self._done[text] = super().redact(text, None)
        return done


def build_transcripts(ctx: DemoContext) -> None:
    contacts = ctx.table(CONTACTS)
    rng = ctx.rng("transcripts")
    draw = random.Random(int(rng.integers(2**62)))
    audited = audit_ratings()
    shared = _chosen(contacts, rng)
    is_audited = np.asarray(pc.is_in(contacts["contact_id"], pa.array(list(audited), pa.string())))
    audited_rows = np.flatnonzero(is_audited)
    if audited_rows.size > MAX_AUDITED_TRANSCRIPTS:
        sampler = ctx.rng("transcripts-audited")
        audited_rows = np.sort(sampler.choice(audited_rows, MAX_AUDITED_TRANSCRIPTS, replace=False))
    chosen = np.union1d(shared, audited_rows)
    rows = (
        contacts.take(pa.array(chosen, pa.int64()))
        .select(["contact_id", "member_id", "unit", "agent_id", "reason", "language", "route", "disposition"])
        .to_pylist()
    )
    ctx.report(0, len(rows) or 1)
    agents = employee_names(OPERATOR)
    members = names_of_members(str(r["member_id"]) for r in rows)
    redactors = _DemoRedactors(members)
    transcripts, stored = [], []
    for done, row in enumerate(rows, start=1):
        member_id = str(row["member_id"])
        names = members.get(member_id) or ("the member",)
        unspaced = [n for n in names if " " not in n]
        member = unspaced[0] if row.get("language") == "zh" and unspaced and len(names) > 1 else names[0]
        plan = planted(audited.get(str(row["contact_id"])), draw)
        transcript, whose = _transcript(row, plan, agents.get(str(row["agent_id"]), "Alex"), member, draw)
        redactors.whose = whose
        transcripts.append(transcript)
        stored.append(redacted_row(transcript, row, redactors))
        if done % 2_000 == 0:
            ctx.report(done, len(rows))
    keep_raw(transcripts, {r["contact_id"]: r["member_id"] for r in stored})
    ctx.emit(TRANSCRIPTS, pa.Table.from_pylist(stored, schema=TRANSCRIPTS.schema))
    ctx.counts["transcripts_of_audited_contacts"] = int(audited_rows.size)
    ctx.report(len(rows) or 1, len(rows) or 1)


def wipe_transcripts(ctx: DemoContext) -> None:
    """The raw transcripts an earlier demo sealed (the warehouse table is this step's own)."""
    RawTranscript.objects.all().delete()
