"""Names in calls: announced by cues in English, Spanish and Chinese, spelled out, known from our records,
and found again wherever they recur in the same transcript; and the words that follow cues but are not
names, which stay."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hi, my name is Maria Lopez and I'm calling about my claim.",
            "Hi, my name is [NAME] and I'm calling about my claim.",
        ),
        ("my name is john smith and i need help", "my name is [NAME] and i need help"),
        ("My name is, uh, Robert.", "My name is, uh, [NAME]."),
        ("This is Kevin calling from member services.", "This is [NAME] calling from member services."),
        ("You're speaking with Angela, how can I help you?", "You're speaking with [NAME], how can I help you?"),
        ("Thank you, Mrs. Thompson.", "Thank you, Mrs. [NAME]."),
        ("Dr. Patel changed my dose.", "Dr. [NAME] changed my dose."),
        ("Member services, Ana speaking.", "Member services, [NAME] speaking."),
        ("I'm calling for my husband Tom Baker.", "I'm calling for my husband [NAME]."),
        ("That's spelled S-M-I-T-H.", "That's spelled [NAME]."),
        ("It's S M I T H.", "It's [NAME]."),
    ],
)
def test_english_names_announced_by_cues_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hola, me llamo María de la Cruz y tengo una pregunta.", "Hola, me llamo [NAME] y tengo una pregunta."),
        ("me llamo juan y tengo una pregunta", "me llamo [NAME] y tengo una pregunta"),
        ("Le habla Carmen Ruiz, ¿en qué le puedo ayudar?", "Le habla [NAME], ¿en qué le puedo ayudar?"),
        ("Gracias, señora Martínez.", "Gracias, señora [NAME]."),
        ("Soy Jorge Hernández, el hijo de la afiliada.", "Soy [NAME], el hijo de la afiliada."),
        ("Mi nombre es Lucía.", "Mi nombre es [NAME]."),
    ],
)
def test_spanish_names_announced_by_cues_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你好，我叫王芳，我想问一下我的处方。", "你好，我叫[NAME]，我想问一下我的处方。"),
        ("我是李明，会员号是NBH000012345。", "我是[NAME]，会员号是[MEMBER ID]。"),
        ("谢谢王先生。", "谢谢[NAME]先生。"),
        ("请问是张伟先生吗？", "请问是[NAME]先生吗？"),
        ("我姓陈。", "我姓[NAME]。"),
        ("王芳女士您好，我是客服代表刘洋。", "[NAME]女士您好，我是客服代表[NAME]。"),
        ("欧阳娜娜小姐", "[NAME]小姐"),
    ],
)
def test_chinese_names_announced_by_cues_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm calling about my prescription for metformin.",
        "This is the second time I call. Thank you for your patience.",
        "Hi, good morning, thank you for calling.",
        "¿Habla Español? Soy diabética y necesito insulina.",
        "我是会员，我的处方被拒了，自付额是多少？",
        "你好先生，请问有什么可以帮您？",
        "Is it an HMO or a PPO? H M O, I think.",
        "Great, thank you. Perfect.",
    ],
)
def test_words_after_cues_that_are_not_names_stay(text: str) -> None:
    assert redact(text) == text


def test_a_name_found_by_a_cue_is_redacted_everywhere_in_the_text() -> None:
    text = "Thank you, Mrs. Lopez. Lopez, is that with a Z? Yes, Lopez."
    assert redact(text) == "Thank you, Mrs. [NAME]. [NAME], is that with a Z? Yes, [NAME]."


def test_a_spelled_name_is_redacted_where_it_is_said_whole() -> None:
    assert redact("It's S M I T H, Smith.") == "It's [NAME], [NAME]."


def test_known_names_from_our_records_are_redacted_without_a_cue() -> None:
    redactor = Redactor(["Dana Whitfield", "Whitfield"])
    assert redactor.redact("I spoke to dana whitfield yesterday") == "I spoke to [NAME] yesterday"


@pytest.mark.parametrize(("language", "found"), [("en", True), ("zh", False)])
def test_language_chooses_which_cues_run(language: str, found: bool) -> None:
    redacted = Redactor(language=language).redact("My name is Maria.")
    assert ("[NAME]" in redacted) is found


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="auto, en, es or zh"):
        Redactor(language="fr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会员：我姓张，张建国。", "会员：我姓[NAME]，[NAME]。"),
        ("坐席：您好，我是小李。", "坐席：您好，我是[NAME]。"),
        ("会员：我女儿王小红帮我取药。", "会员：我女儿[NAME]帮我取药。"),
        ("Agente: Gracias por llamar, le atiende Sofía.", "Agente: Gracias por llamar, le atiende [NAME]."),
    ],
)
def test_more_ways_calls_give_names(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_a_speaker_label_is_not_a_cue() -> None:
    text = "Agente: ¿Su código postal? Afiliado: Nueve dos uno cero uno."
    assert redact(text) == "Agente: ¿Su código postal? Afiliado: [ZIP]."
