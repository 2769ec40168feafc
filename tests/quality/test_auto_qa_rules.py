"""Auto-QA rules on hand-written calls in English, Spanish and Chinese: what an auditor would answer,
and the turn that decided it."""

from __future__ import annotations

import pytest

from heartline.quality.auto_qa.contracts import Transcript, TranscriptError, Turn
from heartline.quality.auto_qa.engine import score_batch
from heartline.quality.auto_qa.items import AUTO_ITEMS, answer_from_rating, human_answers
from heartline.quality.standard_forms import CALL_QUALITY_AUDIT, HEART_FORM


def call(language: str, *lines: tuple[str, str]) -> Transcript:
    turns = tuple(Turn(speaker, k * 1000, k * 1000 + 900, text) for k, (speaker, text) in enumerate(lines))  # type: ignore[arg-type]
    return Transcript(f"c-{language}", language, turns)  # type: ignore[arg-type]


PHI_BEFORE_CHECK = {
    "en": call(
        "en",
        ("agent", "Thank you for calling Heartline, my name is Sam."),
        ("member", "Why was my claim denied?"),
        ("agent", "The claim for your MRI needs a prior authorization."),  # turn 2: PHI, nobody verified
        ("agent", "Can I verify your date of birth?"),
        ("member", "May 4th, 1975."),
        ("agent", "Thank you, goodbye."),
    ),
    "es": call(
        "es",
        ("agent", "Buenos días, le atiende Sara."),
        ("member", "¿Por qué rechazaron mi reclamo?"),
        ("agent", "Su reclamo de cirugía necesita una autorización."),
        ("agent", "¿Puede verificar su fecha de nacimiento?"),
        ("member", "El 4 de mayo de 1975."),
        ("agent", "Gracias, adiós."),
    ),
    "zh": call(
        "zh",
        ("agent", "您好，欢迎致电心线健康。"),
        ("member", "我的理赔为什么被拒了？"),
        ("agent", "您的手术理赔需要预授权。"),
        ("agent", "请您核实一下出生日期。"),
        ("member", "1975年5月4日。"),
        ("agent", "谢谢，再见。"),
    ),
}


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_health_information_before_the_identity_check_is_not_met_with_that_turn(language: str) -> None:
    judged = score_batch([PHI_BEFORE_CHECK[language]])[0]

    identity = judged["identity"]
    assert (identity.answer, identity.source) == ("not_met", "rule")
    assert identity.evidence is not None
    assert identity.evidence.turn_index == 2
    turn = PHI_BEFORE_CHECK[language].turns[2].text
    assert turn[identity.evidence.start : identity.evidence.end] == identity.evidence.text
    assert judged["greeting"].answer == "met"


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_identity_checked_first_is_met_with_the_check_as_evidence(language: str) -> None:
    turns = list(PHI_BEFORE_CHECK[language].turns)
    reordered = call(
        language, *((t.speaker, t.text) for t in (turns[0], turns[1], turns[3], turns[4], turns[2], turns[5]))
    )

    identity = score_batch([reordered])[0]["identity"]

    assert identity.answer == "met"
    assert identity.evidence is not None
    assert identity.evidence.turn_index == 2


def test_no_health_information_and_no_check_leaves_identity_not_applicable() -> None:
    judged = score_batch([call("en", ("agent", "Hello, how can I help?"), ("member", "What are your hours?"))])[0]
    assert judged["identity"].answer == "na"


CARING_CALL = {
    "en": (
        ("agent", "Good morning, this is Ana."),
        ("member", "My card never came and I was charged late fees."),
        ("agent", "I'm sorry to hear that, that must be frustrating."),
        ("agent", "Just to confirm, you're calling about the missing card."),
        ("agent", "May I place you on hold for a moment?"),
        ("member", "Sure."),
        ("system", "[hold 40s]"),
        ("agent", "Thank you for holding. I apologize; I'll take care of the fees."),
        ("agent", "You'll receive the new card within 5 business days."),
        ("agent", "Is there anything else I can help you with?"),
        ("member", "No."),
        ("agent", "Thank you for being a member."),
    ),
    "es": (
        ("agent", "Buenas tardes, mi nombre es Ana."),
        ("member", "Nunca me llegó la tarjeta y me cobraron de más."),
        ("agent", "Lamento escuchar eso, debe ser frustrante."),
        ("agent", "Para confirmar, usted llama por la tarjeta."),
        ("agent", "¿Me permite ponerle en espera un momento?"),
        ("member", "Claro."),
        ("system", "[espera 40s]"),
        ("agent", "Gracias por esperar. Le pido disculpas; yo me ocupo de los cargos."),
        ("agent", "Recibirá la tarjeta nueva en 5 días."),
        ("agent", "¿Hay algo más en que pueda ayudarle?"),
        ("member", "No."),
        ("agent", "Gracias por ser miembro."),
    ),
    "zh": (
        ("agent", "您好，很高兴为您服务。"),
        ("member", "我的卡一直没收到，还被多收了费用。"),
        ("agent", "很遗憾听到这个，让您担心了。"),
        ("agent", "确认一下，您来电是因为卡的问题。"),
        ("agent", "我需要让您稍等一下，可以吗？"),
        ("member", "好的。"),
        ("system", "[保持 40秒]"),
        ("agent", "感谢您的耐心等待。给您带来不便很抱歉，我来处理费用。"),
        ("agent", "您将收到新卡，5个工作日内寄到。"),
        ("agent", "还有什么可以帮您的吗？"),
        ("member", "没有了。"),
        ("agent", "谢谢您。"),
    ),
}


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_a_caring_call_meets_every_item_each_from_its_own_turn(language: str) -> None:
    judged = score_batch([call(language, *CARING_CALL[language])])[0]  # type: ignore[arg-type]

    deciding = {item: (j.answer, j.evidence.turn_index if j.evidence else None) for item, j in judged.items()}
    assert deciding == {
        "greeting": ("met", 0),
        "identity": ("na", None),
        "empathy": ("met", 2),
        "recap": ("met", 3),
        "hold": ("met", 7),
        "ownership": ("met", 7),
        "next_steps": ("met", 8),
        "further_help": ("met", 9),
        "thanks": ("met", 11),
    }


@pytest.mark.parametrize(
    ("language", "hold_line", "blame"),
    [
        ("en", "I'm putting you on hold.", "That's not my department."),
        ("es", "Le pongo en espera.", "No es mi departamento."),
        ("zh", "请稍候。", "这不归我管。"),
    ],
)
def test_hold_without_asking_and_blaming_others_are_not_met(language: str, hold_line: str, blame: str) -> None:
    transcript = call(
        language,
        ("agent", "..."),
        ("member", CARING_CALL[language][1][1]),
        ("agent", hold_line),
        ("system", CARING_CALL[language][6][1]),
        ("agent", blame),
    )
    judged = score_batch([transcript])[0]

    assert (judged["hold"].answer, judged["hold"].evidence.turn_index if judged["hold"].evidence else None) == (
        "not_met",
        2,
    )
    assert judged["ownership"].answer == "not_met"
    assert judged["ownership"].evidence is not None
    assert judged["ownership"].evidence.turn_index == 4
    assert judged["greeting"].answer == "not_met"
    assert judged["greeting"].evidence is None


def test_a_transcript_it_cannot_read_is_refused_naming_the_contact_and_turn() -> None:
    with pytest.raises(TranscriptError, match=r"transcript c-9, turn 1: speaker 'caller'"):
        Transcript("c-9", "en", (Turn("agent", 0, 10, "hi"), Turn("caller", 10, 20, "hello")))  # type: ignore[arg-type]
    with pytest.raises(TranscriptError, match="language 'fr'"):
        Transcript("c-9", "fr", ())  # type: ignore[arg-type]


def test_auto_items_answer_items_the_standard_forms_ask_and_read_ratings_as_scoring_does() -> None:
    asked = {item[0]: item[3] for form in (CALL_QUALITY_AUDIT, HEART_FORM) for _, items in form for item in items}
    for auto in AUTO_ITEMS:
        for code in auto.scorecard_items:
            assert asked[code] == auto.behavior, code
    assert answer_from_rating("one_to_five", 4) == "met"
    assert answer_from_rating("one_to_five", 3) == "not_met"
    assert answer_from_rating("yes_no_na", None) == "na"
    assert human_answers(
        {"verify": ("yes_no_na", 0), "accurate": ("yes_no_na", 1), "e-empathize": ("one_to_five", 5)}
    ) == {
        "identity": "not_met",
        "empathy": "met",
    }
