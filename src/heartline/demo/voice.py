"""Demo steps for the voice domain: member survey responses tied to the demo's contacts, and a few
staff ideas in different states.

About 4% of answered inbound contacts with a member get a post-contact survey back (and one in seven
of those responders also a CAHPS-style survey about customer service in general), in the member's
language. Scores follow what happened on the contact — resolved by the person who picked up or
handed off, how long the member waited, the representative's own manner — so the key drivers are
meaningful; about half the responses carry a verbatim built from templates in English, Spanish and
Chinese that say what happened (waits, transfers, billing, ID cards, kind or rude staff…), and a few
mention transport to appointments, which the taxonomy does not know, so it shows up as a discovered
theme. Billing complaints rise from July 2026 (a premium change), so billing trends up. Everything
is drawn from `context.rng("surveys")` and `context.rng("ideas")`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.demo.steps import DemoContext
from heartline.voice.tables import SURVEY_RESPONSES

RESPONSE_RATE = 0.04
CAHPS_SHARE = 1 / 7
VERBATIM_SHARE = 0.55
BILLING_CHANGE = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)

# Verbatim templates per situation and language; {wait} is minutes waited, {member} the member id.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "long_wait": {
        "en": (
            "I was on hold for {wait} minutes before someone answered.",
            "The wait was way too long, {wait} minutes.",
        ),
        "es": ("Esperé {wait} minutos en la línea antes de que alguien contestara.", "La espera fue demasiado larga."),
        "zh": ("我等了{wait}分钟才有人接电话。", "排队等待的时间太久了。"),
    },
    "handoff": {
        "en": (
            "They transferred me twice and I had to explain everything again.",
            "I got passed around to another department.",
        ),
        "es": ("Me transfirieron dos veces y tuve que explicar todo otra vez.", "Me pasaron a otro departamento."),
        "zh": ("我被转接了两次，每次都要重新解释。", "被转来转去，没人负责。"),
    },
    "billing": {
        "en": ("My bill went up and nobody could explain the new premium.", "I was charged twice this month."),
        "es": ("Mi factura subió y nadie pudo explicar la nueva prima.", "Me cobraron dos veces este mes."),
        "zh": ("我的账单变高了，没人能解释新的保费。", "这个月被扣款两次。"),
    },
    "id_card": {
        "en": (
            "I still have not received my ID card, member {member}.",
            "I needed a new insurance card for my pharmacy.",
        ),
        "es": ("Todavía no recibo mi tarjeta, número de miembro {member}.", "Necesitaba una tarjeta nueva."),
        "zh": ("我还没有收到会员卡，会员号{member}。", "我需要一张新的保险卡。"),
    },
    "claims": {
        "en": (
            "My claim was denied and the letter did not explain why.",
            "I had to appeal a claim that should have been paid.",
        ),
        "es": ("Negaron mi reclamo y la carta no explicaba por qué.", "Tuve que hacer una apelación de un reclamo."),
        "zh": ("我的理赔被拒了，信里没有说明原因。", "我不得不为理赔提出申诉。"),
    },
    "pharmacy": {
        "en": ("The pharmacy could not fill my prescription.", "My refill was delayed again."),
        "es": ("La farmacia no pudo surtir mi receta.", "Mi medicamento se retrasó otra vez."),
        "zh": ("药房配不了我的处方。", "我的续药又被耽误了。"),
    },
    "directory": {
        "en": (
            "The directory listed a doctor who is not in network.",
            "Half the doctors in the directory are not accepting patients.",
        ),
        "es": ("El directorio tenía un médico que no está en la red.", "El directorio de médicos está desactualizado."),
        "zh": ("医生名录上的医生不在网络内。", "名录上的很多医生不接受新病人。"),
    },
    "rude": {
        "en": ("The representative was rude and dismissive.", "The agent was short with me and did not care."),
        "es": ("El representante fue grosero conmigo.", "Me atendieron con mala actitud."),
        "zh": ("客服态度很差，很不耐烦。", "接电话的人很不礼貌。"),
    },
    "kind": {
        "en": ("The representative was kind and patient with me.", "Very friendly and helpful, thank you."),
        "es": ("La representante fue muy amable y paciente.", "Muy atentos, gracias por su ayuda."),
        "zh": ("客服非常耐心，也很友好。", "服务很周到，谢谢。"),
    },
    "resolved": {
        "en": ("Everything was resolved in one call.", "She fixed my problem right away."),
        "es": ("Me resolvieron todo en una sola llamada.", "Solucionaron mi problema de inmediato."),
        "zh": ("一次就解决了我的问题。", "问题马上就处理好了。"),
    },
    "transport": {
        "en": ("I need a ride to my dialysis appointments and nobody knows about transport benefits.",),
        "es": ("Necesito transporte a mis citas de diálisis y nadie sabe del beneficio de transporte.",),
        "zh": ("我需要接送去透析，没人知道交通福利。",),
    },
}
REASON_TEMPLATE = {
    "billing": "billing",
    "id_card": "id_card",
    "claims": "claims",
    "pharmacy": "pharmacy",
    "provider_search": "directory",
}


def _likert(rng: np.random.Generator, latent: np.ndarray) -> np.ndarray:
    """A 1–5 answer from a latent score centred near 0."""
    return np.clip(np.round(3 + latent + rng.normal(0, 0.7, latent.size)), 1, 5).astype(np.int8)


def build_surveys(ctx: DemoContext) -> None:
    rng = ctx.rng("surveys")
    contacts = ctx.table(CONTACTS)
    eligible = pc.and_(
        pc.and_(pc.equal(contacts["direction"], "inbound"), pc.is_valid(contacts["answered_at"])),
        pc.and_(pc.is_valid(contacts["member_id"]), pc.invert(pc.fill_null(contacts["abandoned"], False))),
    )
    picked = contacts.filter(eligible)
    picked = picked.filter(pa.array(rng.random(picked.num_rows) < RESPONSE_RATE))
    n = picked.num_rows
    ctx.report(0, n)
    started = picked["started_at"].to_numpy().astype("datetime64[us]")
    waited = (
        (picked["answered_at"].to_numpy().astype("datetime64[us]") - started)
        .astype("timedelta64[s]")
        .astype(np.float64)
    )
    routes = picked["route"].fill_null("").to_pylist()
    handoffs = np.array([max(r.count(">"), 0) for r in routes], dtype=np.float64)
    resolved = (np.array(picked["disposition"].fill_null("").to_pylist()) == "resolved") & (handoffs == 0)
    agents = np.array(picked["agent_id"].fill_null("").to_pylist())
    agent_codes, agent_index = np.unique(agents, return_inverse=True)
    manner = rng.normal(0, 0.8, agent_codes.size)[agent_index]  # each representative's own courtesy
    wait_minutes = waited / 60
    ended = picked["ended_at"].to_numpy().astype("datetime64[us]")
    responded = ended + (rng.exponential(20, n) * 3600e6).astype("timedelta64[us]")
    responded = np.minimum(responded, np.datetime64(ctx.timeline.last_day.isoformat() + "T23:59:59", "us"))
    wait_latent = -0.35 * np.log1p(wait_minutes) + 0.5
    courtesy = _likert(rng, manner + 0.6)
    wait_answer = _likert(rng, wait_latent * 1.6)
    knowledge = _likert(rng, 0.9 * resolved - 0.3 + 0.4 * manner)
    clarity = _likert(rng, 0.5 * resolved + 0.5 * manner)
    ease = _likert(rng, 0.8 * resolved - 0.4 * handoffs + 0.3 * wait_latent)
    satisfaction = (
        2.2 * resolved
        - 0.9 * handoffs
        + 0.9 * wait_latent
        + 0.9 * (courtesy - 3)
        + 0.4 * (knowledge - 3)
        + rng.normal(0, 1.3, n)
    )
    nps = np.clip(np.round(6.4 + satisfaction), 0, 10).astype(np.int8)
    csat = np.clip(np.round(3.2 + satisfaction / 2.2 + rng.normal(0, 0.4, n)), 1, 5).astype(np.int8)
    resolved_answer = np.where(resolved ^ (rng.random(n) < 0.06), "Yes", "No")
    cahps = rng.random(n) < CAHPS_SHARE
    languages = np.array(picked["language"].fill_null("en").to_pylist())
    member_ids = picked["member_id"].to_pylist()
    reasons = picked["reason"].fill_null("").to_pylist()
    texts = _verbatims(
        rng, n, languages, member_ids, reasons, wait_minutes, handoffs, resolved, courtesy, nps, responded
    )
    frequency = np.array(["Never", "Sometimes", "Usually", "Always"])
    cs_info = frequency[np.clip(np.round(1.9 + satisfaction / 2 + rng.normal(0, 0.6, n)), 0, 3).astype(int)]
    cs_courtesy = frequency[np.clip(np.round(2.0 + (courtesy - 3) / 1.5 + rng.normal(0, 0.6, n)), 0, 3).astype(int)]
    forms = frequency[rng.choice(4, n, p=[0.08, 0.22, 0.35, 0.35])]
    got_needed = np.where(rng.random(n) < 0.78 + 0.04 * np.sign(satisfaction), "Yes", "No")
    plan_rating = np.clip(np.round(7.3 + satisfaction / 2.5 + rng.normal(0, 1, n)), 0, 10).astype(np.int8)

    def contact_only(values: np.ndarray, kind: pa.DataType) -> pa.Array:
        return pa.array(values, kind, mask=cahps)

    def cahps_only(values: np.ndarray, kind: pa.DataType) -> pa.Array:
        return pa.array(values, kind, mask=~cahps)

    contact_ids = picked["contact_id"].to_numpy(zero_copy_only=False)
    table = pa.table(
        {
            "response_id": pa.array(np.char.add(np.where(cahps, "SC-", "SP-"), contact_ids.astype(str))),
            "survey": pa.array(np.where(cahps, "cahps_cs", "post_contact")),
            "responded_at": pa.array(responded, pa.timestamp("us", tz="UTC")),
            "language": picked["language"],
            "member_id": picked["member_id"],
            "contact_id": pa.array(contact_ids, pa.string(), mask=cahps),
            "agent_id": pa.array(agents, pa.string(), mask=cahps | (agents == "")),
            "unit": picked["unit"],
            "channel": picked["channel"],
            "nps": pa.array(nps, pa.int8()),
            "csat": contact_only(csat, pa.int8()),
            "resolved": contact_only(resolved_answer, pa.string()),
            "ease": contact_only(ease, pa.int8()),
            "wait_time": contact_only(wait_answer, pa.int8()),
            "courtesy": contact_only(courtesy, pa.int8()),
            "knowledge": contact_only(knowledge, pa.int8()),
            "clarity": contact_only(clarity, pa.int8()),
            "cs_info": cahps_only(cs_info, pa.string()),
            "cs_courtesy": cahps_only(cs_courtesy, pa.string()),
            "forms_easy": cahps_only(forms, pa.string()),
            "got_needed": cahps_only(got_needed, pa.string()),
            "plan_rating": cahps_only(plan_rating, pa.int8()),
            "verbatim": pa.array(texts, pa.string()),
        }
    )
    ctx.emit(SURVEY_RESPONSES, table.select(SURVEY_RESPONSES.schema.names))
    ctx.report(n, n)


def _verbatims(
    rng: np.random.Generator,
    n: int,
    languages: np.ndarray,
    member_ids: list[str | None],
    reasons: list[str],
    wait_minutes: np.ndarray,
    handoffs: np.ndarray,
    resolved: np.ndarray,
    courtesy: np.ndarray,
    nps: np.ndarray,
    responded: np.ndarray,
) -> list[str | None]:
    writes = rng.random(n) < VERBATIM_SHARE
    draws = rng.random((n, 6))
    after_change = responded >= np.datetime64(BILLING_CHANGE.replace(tzinfo=None))
    texts: list[str | None] = []
    for i in range(n):
        if not writes[i]:
            texts.append(None)
            continue
        situations: list[str] = []
        if wait_minutes[i] > 6 and draws[i, 0] < 0.7:
            situations.append("long_wait")
        if handoffs[i] > 0 and draws[i, 1] < 0.7:
            situations.append("handoff")
        topic = REASON_TEMPLATE.get(reasons[i])
        billing_boost = 0.35 if after_change[i] else 0.0
        if topic and draws[i, 2] < (0.45 if nps[i] <= 6 else 0.15):
            situations.append(topic)
        elif draws[i, 2] > 1 - billing_boost:
            situations.append("billing")
        if courtesy[i] <= 2 and draws[i, 3] < 0.6:
            situations.append("rude")
        elif courtesy[i] >= 4 and draws[i, 3] < 0.5:
            situations.append("kind")
        if resolved[i] and nps[i] >= 9 and draws[i, 4] < 0.5:
            situations.append("resolved")
        if draws[i, 5] < 0.03:
            situations.append("transport")
        if not situations:
            situations.append("kind" if nps[i] >= 8 else "long_wait" if nps[i] <= 4 else "resolved")
        language = str(languages[i]) if str(languages[i]) in ("en", "es", "zh") else "en"
        sentences = []
        for situation in situations[:2]:
            options = TEMPLATES[situation][language]
            sentence = options[int(rng.integers(len(options)))]
            sentences.append(sentence.format(wait=max(int(wait_minutes[i]), 1), member=member_ids[i] or ""))
        texts.append((" " if language != "zh" else "").join(sentences))
    return texts


def wipe_surveys(ctx: DemoContext) -> None:
    from heartline.demo.blueprint import DIVISION_CODE
    from heartline.voice.models import Idea

    Idea.objects.filter(division_code=DIVISION_CODE).delete()


DEMO_IDEAS = (
    (
        "agent",
        "Offer a callback when the hold passes five minutes",
        "theme",
        "wait_time",
        "adopted",
        "Callbacks are offered on every commercial queue after five minutes on hold.",
    ),
    ("agent", "A plain-language card explaining the new premium", "theme", "billing_confusion", "testing", ""),
    (
        "coach",
        "Let us consult the rapid-resolution team by chat without transferring",
        "driver",
        "resolved",
        "under_review",
        "",
    ),
    ("agent", "Keep Spanish and Chinese ID-card letters on the portal", "theme", "id_card", "new", ""),
    (
        "qa",
        "Weekly directory clean-up with the network team",
        "theme",
        "provider_directory",
        "declined",
        "The network team already runs a monthly audit; we will share its results with you instead.",
    ),
)


def build_ideas(ctx: DemoContext) -> None:
    from heartline.core.models import Employee
    from heartline.voice.models import Idea, IdeaComment, IdeaStatus, IdeaTransition, IdeaVote

    org = ctx.require_org()
    rng = ctx.rng("ideas")
    people = {
        e.user.username: e
        for e in Employee.objects.select_related("user", "unit", "division").filter(code__in=org.persona_codes.values())
    }
    leader = people.get("manager") or people.get("exec")
    voters = list(Employee.objects.filter(division__code=org.division_code).order_by("code")[:60])
    day = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    path = {
        "new": [],
        "under_review": ["under_review"],
        "testing": ["under_review", "testing"],
        "adopted": ["under_review", "testing", "adopted"],
        "declined": ["under_review", "declined"],
    }
    for number, (who, title, kind, code, status, outcome) in enumerate(DEMO_IDEAS):
        author = people.get(who)
        if author is None or leader is None:
            continue
        name = f"{author.user.first_name} {author.user.last_name}".strip()
        created = day + dt.timedelta(days=3 * number)
        idea = Idea.objects.create(
            title=title,
            description="",
            link_kind=kind,
            link_code=code,
            status=status,
            outcome=outcome,
            proposed_by=author,
            proposer_name=name,
            division_code=org.division_code,
            unit_code=author.unit.code if author.unit else "",
            created_at=created,
            updated_at=created,
        )
        idea.reference = f"IDEA-{idea.pk:05d}"
        previous = IdeaStatus.NEW
        moved = created
        leader_name = f"{leader.user.first_name} {leader.user.last_name}".strip()
        for step in path[status]:
            moved += dt.timedelta(days=2)
            reason = outcome if step in ("adopted", "declined") else ""
            IdeaTransition.objects.create(
                idea=idea, from_status=previous, to_status=step, by=leader, by_name=leader_name, reason=reason, at=moved
            )
            previous = IdeaStatus(step)
        idea.updated_at = moved
        idea.save(update_fields=["reference", "updated_at"])
        chosen = rng.choice(len(voters), size=min(len(voters), int(rng.integers(2, 12))), replace=False)
        IdeaVote.objects.bulk_create([IdeaVote(idea=idea, voter=voters[int(k)], created_at=created) for k in chosen])
        if number == 0:
            IdeaComment.objects.create(
                idea=idea,
                author=leader,
                author_name=leader_name,
                text="Trying this on two teams first.",
                created_at=created + dt.timedelta(days=1),
            )
    ctx.counts["ideas"] = len(DEMO_IDEAS)


def build_voice(ctx: DemoContext) -> None:
    build_surveys(ctx)
    build_ideas(ctx)
