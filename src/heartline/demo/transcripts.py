"""Demo transcripts: a share of the answered calls and chats, in the member's language (en, es, zh).

Deterministic (the demo seed and this step's name fix every choice). Each transcript follows its
contact: the representative greets with their own name, the member gives their name, member id and
birth date (so the redactor has work), states the contact's reason, is transferred along the
contact's route, and the call ends as its disposition says (resolved, unresolved, escalated), with an
offer of further help on most calls. The text goes through the ingest's own path: redacted into the
`transcripts` table, the raw text sealed into the app database. At most `MAX_TRANSCRIPTS` contacts
get one, so the step stays small at every demo size.

Not yet: planting the behaviours the human audits found (for auto-QA to be checked against).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import employee_names
from heartline.demo.steps import DemoContext
from heartline.members.selectors import names_of_members
from heartline.transcripts.checking import Transcript, Turn
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.services import Redactors, keep_raw, redacted_row
from heartline.transcripts.tables import TRANSCRIPTS

SHARE = 0.01  # of the answered phone calls and chats with a member
MAX_TRANSCRIPTS = 1_000
OFFER_HELP_SHARE = 0.8

REASON_WORDS = {
    "en": {
        "billing": "a bill I got for my premium", "benefits": "what my plan covers for physical therapy",
        "id_card": "a new ID card, mine never came", "claims": "a claim that was denied",
        "pharmacy": "my prescription refill at the pharmacy", "enrollment": "changing my plan for next year",
        "provider_search": "finding a cardiologist in my network", "grievance": "a complaint about how I was treated",
    },
    "es": {
        "billing": "una factura de mi prima", "benefits": "lo que cubre mi plan para terapia física",
        "id_card": "una tarjeta de identificación nueva, nunca me llegó", "claims": "un reclamo que fue negado",
        "pharmacy": "el surtido de mi receta en la farmacia", "enrollment": "cambiar mi plan para el próximo año",
        "provider_search": "encontrar un cardiólogo de mi red", "grievance": "una queja sobre cómo me trataron",
    },
    "zh": {
        "billing": "我的保费账单", "benefits": "我的计划是否包括物理治疗", "id_card": "补办会员卡,我一直没收到",
        "claims": "一个被拒绝的理赔", "pharmacy": "在药房续配处方", "enrollment": "明年更换我的计划",
        "provider_search": "找一个网络内的心脏科医生", "grievance": "投诉我受到的对待",
    },
}  # fmt: skip

# Chinese lines keep a space around Latin-script names and ids, as people type them: the redactor
# matches names as whole words, and "我是Li Na Wu" has no word boundary before "Li" (reported as a gap).
LINES = {
    "en": {
        "greet": "Thank you for calling Heartline Health, this is {agent}. How can I help you today?",
        "who": "Hi {agent}, this is {member}. My member ID is {member_id} and my birthday is {birth}.",
        "verified": "Thank you, {first}, I have verified your account.",
        "reason": "I'm calling about {reason}.",
        "transfer": "Let me transfer you to our {queue} team, they can help with that.",
        "resolved": "I've taken care of that for you; you'll see it updated within two days.",
        "unresolved": "I'm sorry, I can't finish that today; I've noted your account.",
        "escalated": "I'm sending this to my supervisor, who will call you back within 24 hours.",
        "help": "Is there anything else I can help you with?",
        "bye": "No, that's all. Thank you.",
    },
    "es": {
        "greet": "Gracias por llamar a Heartline Health, le atiende {agent}. ¿En qué le puedo ayudar?",
        "who": "Hola {agent}, soy {member}. Mi número de miembro es {member_id} y nací el {birth}.",
        "verified": "Gracias, {first}, ya verifiqué su cuenta.",
        "reason": "Llamo por {reason}.",
        "transfer": "Le voy a transferir al equipo de {queue}, ellos le pueden ayudar.",
        "resolved": "Ya quedó resuelto; lo verá actualizado en dos días.",
        "unresolved": "Lo siento, hoy no lo puedo terminar; dejé una nota en su cuenta.",
        "escalated": "Voy a pasar esto a mi supervisora, que le llamará en 24 horas.",
        "help": "¿Hay algo más en lo que le pueda ayudar?",
        "bye": "No, es todo. Gracias.",
    },
    "zh": {
        "greet": "感谢您致电 Heartline Health,我是 {agent}。请问有什么可以帮您?",
        "who": "你好 {agent},我是 {member}。我的会员号是 {member_id},生日是{birth}。",
        "verified": "谢谢您, {first},您的账户已经核实。",
        "reason": "我打电话是关于{reason}。",
        "transfer": "我帮您转接到{queue}团队,他们可以处理。",
        "resolved": "已经帮您处理好了,两天内会更新。",
        "unresolved": "很抱歉,今天没办法完成,我已经在您的账户上做了记录。",
        "escalated": "我会把这个转给我的主管,他会在24小时内给您回电。",
        "help": "还有什么其他可以帮您的吗?",
        "bye": "没有了,谢谢。",
    },
}
BIRTH = {"en": "March {d}, 19{y}", "es": "{d} de marzo de 19{y}", "zh": "19{y}年3月{d}日"}


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


def _transcript(row: dict[str, object], agent: str, member: str, rng: np.random.Generator) -> Transcript:
    language = str(row.get("language") or "en")
    language = language if language in LINES else "en"
    lines, said = LINES[language], []
    first = member.split(" ")[0] if language != "zh" else member
    birth = BIRTH[language].format(d=int(rng.integers(1, 29)), y=int(rng.integers(40, 80)))
    fill = {
        "agent": agent.split(" ")[0],
        "member": member,
        "member_id": row["member_id"],
        "birth": birth,
        "first": first,
    }
    said += [("agent", lines["greet"]), ("member", lines["who"]), ("agent", lines["verified"])]
    said.append(("member", lines["reason"].format(reason=REASON_WORDS[language].get(str(row.get("reason")), ""))))
    for queue in [q for q in str(row.get("route") or "").split(">") if q][1:]:
        said.append(("agent", lines["transfer"].format(queue=queue.replace("q-", "").replace("_", " "))))
    said.append(("agent", lines.get(str(row.get("disposition") or "resolved"), lines["resolved"])))
    if rng.random() < OFFER_HELP_SHARE:
        said += [("agent", lines["help"]), ("member", lines["bye"])]
    turns, at = [], 0
    for speaker, text in said:
        text = text.format(**fill)
        length = 600 + 45 * len(text) + int(rng.integers(0, 800))
        turns.append(Turn(speaker, at, at + length, text))
        at += length + int(rng.integers(150, 900))
    return Transcript(str(row["contact_id"]), language, "native", tuple(turns))


def build_transcripts(ctx: DemoContext) -> None:
    contacts = ctx.table(CONTACTS)
    rng = ctx.rng("transcripts")
    chosen = _chosen(contacts, rng)
    rows = (
        contacts.take(pa.array(chosen, pa.int64()))
        .select(["contact_id", "member_id", "unit", "agent_id", "reason", "language", "route", "disposition"])
        .to_pylist()
    )
    ctx.report(0, len(rows) or 1)
    agents = employee_names(OPERATOR)
    members = names_of_members(str(r["member_id"]) for r in rows)
    redactors = Redactors(members)
    transcripts, stored = [], []
    for row in rows:
        member_id = str(row["member_id"])
        names = members.get(member_id) or ("the member",)
        unspaced = [n for n in names if " " not in n]
        member = unspaced[0] if row.get("language") == "zh" and unspaced and len(names) > 1 else names[0]
        transcript = _transcript(row, agents.get(str(row["agent_id"]), "Alex"), member, rng)
        transcripts.append(transcript)
        stored.append(redacted_row(transcript, row, redactors))
    keep_raw(transcripts, {r["contact_id"]: r["member_id"] for r in stored})
    ctx.emit(TRANSCRIPTS, pa.Table.from_pylist(stored, schema=TRANSCRIPTS.schema))
    ctx.report(len(rows) or 1, len(rows) or 1)


def wipe_transcripts(ctx: DemoContext) -> None:
    """The raw transcripts an earlier demo sealed (the warehouse table is this step's own)."""
    RawTranscript.objects.all().delete()
