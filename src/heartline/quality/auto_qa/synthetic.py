"""Synthetic audited transcripts in English, Spanish and Chinese: for tests, the benchmark and trying
`heartline quality train-auto --source synthetic` before any real transcript is stored.

Each contact shows each behavior or not at random; its human answers are the truth, each flipped to
another answer with probability `noise[item]`. Some behaviors are worded two ways: with a cue the
rules know, or in a paraphrase no cue lists (the signal only a trained model can pick up).
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from heartline.quality.auto_qa.contracts import ANSWERS, Answer, Language, Speaker, TrainingPair, Transcript, Turn

# phrase key -> (en, es, zh)
PHRASES: dict[str, tuple[str, str, str]] = {
    "greeting": (
        "Thank you for calling Heartline Health, my name is Ana.",
        "Gracias por llamar a Heartline, mi nombre es Ana.",
        "您好，感谢致电心线健康，我是安娜。",
    ),
    "opener": ("Member services, go ahead.", "Servicios al miembro, adelante.", "会员服务，请讲。"),
    "problem": (
        "My claim was denied and I don't know why.",
        "Mi reclamo fue denegado y no sé por qué.",
        "我的理赔被拒了，不知道为什么。",
    ),
    "question": (
        "I have a question about my benefits.",
        "Tengo una consulta sobre mis beneficios.",
        "我想问一下我的福利。",
    ),
    "verify": (
        "Can you verify your date of birth?",
        "¿Puede verificar su fecha de nacimiento?",
        "请您核实一下出生日期。",
    ),
    "birthday": ("March 3rd, 1980.", "El 3 de marzo de 1980.", "1980年3月3日。"),
    "phi": (
        "I see the claim for your MRI was processed last week.",
        "Veo que el reclamo de su resonancia se procesó la semana pasada.",
        "我看到您的核磁共振理赔上周已经处理了。",
    ),
    "recap": (
        "Just to confirm, you want to know why this happened.",
        "Para confirmar, usted quiere saber por qué pasó esto.",
        "确认一下，您想知道为什么会这样。",
    ),
    "recap~": (
        "Let me repeat that back: you want to know why this happened.",
        "Le repito lo que me dijo: quiere saber por qué pasó esto.",
        "我复述一下：您想知道为什么会这样。",
    ),
    "empathy": (
        "I'm sorry to hear that, that must be frustrating.",
        "Lamento escuchar eso, debe ser frustrante.",
        "很遗憾听到这个，让您担心了。",
    ),
    "empathy~": ("That sounds really stressful for you.", "Eso suena muy estresante para usted.", "这听起来压力很大。"),
    "own": (
        "I'm sorry for the trouble; I'll take care of it.",
        "Le pido disculpas; yo me ocupo de esto.",
        "给您带来不便很抱歉，我来处理。",
    ),
    "blame": ("That is not my department.", "No es mi departamento.", "这不归我管。"),
    "hold_asked": (
        "May I place you on hold for a moment?",
        "¿Me permite ponerle en espera un momento?",
        "我需要让您稍等一下，可以吗？",
    ),
    "hold_told": ("I'm putting you on hold.", "Le pongo en espera.", "请稍候。"),
    "sure": ("Sure.", "Claro.", "好的。"),
    "hold_event": ("[hold 45s]", "[espera 45s]", "[保持 45秒]"),
    "hold_thanks": ("Thank you for holding.", "Gracias por esperar.", "感谢您的耐心等待。"),
    "back": ("I'm back.", "Ya regresé.", "我回来了。"),
    "plan": (
        "You'll receive a letter within 5 business days.",
        "Recibirá una carta en 5 días.",
        "您将收到一封信，5个工作日内寄到。",
    ),
    "plan~": ("A letter goes out to you this week.", "Le mandamos una carta esta semana.", "这周会给您寄一封信。"),
    "more": (
        "Is there anything else I can help you with?",
        "¿Hay algo más en que pueda ayudarle?",
        "还有什么可以帮您的吗？",
    ),
    "done": ("No, that's all.", "No, es todo.", "没有了。"),
    "thanks": ("Thank you for being a member, goodbye.", "Gracias por ser miembro, adiós.", "谢谢您，再见。"),
    "bye": ("Goodbye.", "Adiós.", "再见。"),
}
LANGUAGE_INDEX: dict[Language, int] = {"en": 0, "es": 1, "zh": 2}
PARAPHRASE_SHARE = 0.4  # of shown recap, empathy and plan lines worded in a way no cue lists


def synthetic_pairs(
    n: int, *, seed: int = 0, noise: Mapping[str, float] | None = None, shown: float = 0.65
) -> list[TrainingPair]:
    """`n` audited transcripts; `noise[item]` is the chance the auditor's answer to that item is flipped."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    flips = dict(noise or {})
    pairs = []
    for k in range(n):
        transcript, truth = _contact(f"syn-{seed}-{k:06d}", rng, shown)
        answers: dict[str, Answer] = {}
        for item, answer in truth.items():
            if rng.random() < flips.get(item, 0.0):
                answer = rng.choice([a for a in ANSWERS if a != answer])
            answers[item] = answer
        pairs.append(TrainingPair(transcript, answers))
    return pairs


def synthetic_transcripts(n: int, *, seed: int = 0) -> list[Transcript]:
    return [pair.transcript for pair in synthetic_pairs(n, seed=seed)]


def _contact(contact_id: str, rng: random.Random, shown: float) -> tuple[Transcript, dict[str, Answer]]:
    language: Language = rng.choice(("en", "es", "zh"))
    turns: list[tuple[Speaker, str]] = []

    def say(speaker: Speaker, key: str) -> None:
        turns.append((speaker, PHRASES[key][LANGUAGE_INDEX[language]]))

    def worded(key: str) -> str:
        return key + "~" if rng.random() < PARAPHRASE_SHARE else key

    def met(flag: bool) -> Answer:
        return "met" if flag else "not_met"

    does = {
        item: rng.random() < shown for item in ("greeting", "recap", "empathy", "next_steps", "further_help", "thanks")
    }
    problem, phi, hold = rng.random() < 0.4, rng.random() < 0.9, rng.random() < 0.3
    verify = rng.choice(("before", "before", "before", "after", "never")) if phi else rng.choice(("before", "never"))
    own, blame = rng.random() < shown, rng.random() < 0.2
    asked, thanked = rng.random() < shown, rng.random() < shown

    say("agent", "greeting" if does["greeting"] else "opener")
    say("member", "problem" if problem else "question")
    if verify == "before":
        say("agent", "verify")
        say("member", "birthday")
    if does["recap"]:
        say("agent", worded("recap"))
    if does["empathy"]:
        say("agent", worded("empathy"))
    if phi:
        say("agent", "phi")
    if verify == "after":
        say("agent", "verify")
        say("member", "birthday")
    if hold:
        say("agent", "hold_asked" if asked else "hold_told")
        if asked:
            say("member", "sure")
        say("system", "hold_event")
        say("agent", "hold_thanks" if thanked else "back")
    if problem and (own or blame):
        say("agent", "own" if own else "blame")
    if does["next_steps"]:
        say("agent", worded("plan"))
    if does["further_help"]:
        say("agent", "more")
        say("member", "done")
    say("agent", "thanks" if does["thanks"] else "bye")

    truth: dict[str, Answer] = {item: met(flag) for item, flag in does.items()}
    truth["identity"] = met(verify == "before") if phi else ("met" if verify == "before" else "na")
    truth["ownership"] = met(own) if problem else "na"
    truth["hold"] = met(asked and thanked) if hold else "na"
    clock, timed = 0, []
    for speaker, text in turns:
        length = 400 + 60 * len(text)
        timed.append(Turn(speaker, clock, clock + length, text))
        clock += length + 300
    return Transcript(contact_id, language, tuple(timed)), truth
