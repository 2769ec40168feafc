"""A whole call, turn by turn, as a transcript reaches the redactor: every identifier said in it is
covered, a name given once is redacted where it comes back, and the service talk around stays word for
word."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor

ENGLISH_CALL = """Agent: Thank you for calling, my name is Jessica. Who am I speaking with?
Member: Hi Jessica, this is Robert Chen.
Agent: Can you verify your date of birth, Mr. Chen?
Member: Sure, it's July fourth, nineteen sixty.
Agent: And a good callback number?
Member: four one five, five five five, zero one three two.
Agent: Thank you, Robert. Your deductible is five hundred dollars and metformin is on tier one.
Member: Okay. My email is robert dot chen at example dot com.
Agent: Anything else, Robert? No? Have a good day."""

SPANISH_CALL = """Agente: Gracias por llamar, le atiende Sofía.
Afiliado: Buenas tardes, habla Roberto Sánchez.
Agente: Señor Sánchez, ¿su fecha de nacimiento?
Afiliado: El doce de octubre de mil novecientos cuarenta y ocho.
Afiliado: Mi teléfono es seis uno nueve, cuatro cinco cero, uno dos tres cuatro.
Agente: Su deducible es de quinientos dólares. Gracias, Roberto."""

CHINESE_CALL = """坐席：您好，我是客服小李。请问怎么称呼您？
会员：我姓张，张建国。
坐席：张先生，请提供一下您的出生日期。
会员：一九五零年八月十五号。
会员：电话是一三九一二三四五六七八。
坐席：好的，您的处方已经批准，自付额是二十元。"""

SAID = {
    "en": (
        ENGLISH_CALL,
        ["Jessica", "Robert Chen", "Chen", "July fourth, nineteen sixty", "four one five, five five five, zero "
         "one three two", "robert dot chen at example dot com", "Robert"],
        ["deductible is five hundred dollars", "metformin is on tier one", "Agent:", "Member:"],
    ),
    "es": (
        SPANISH_CALL,
        ["Sofía", "Roberto Sánchez", "Sánchez", "doce de octubre de mil novecientos cuarenta y ocho",
         "seis uno nueve, cuatro cinco cero, uno dos tres cuatro", "Roberto"],
        ["Su deducible es de quinientos dólares", "Afiliado:"],
    ),
    "zh": (
        CHINESE_CALL,
        ["小李", "张建国", "一九五零年八月十五号", "一三九一二三四五六七八"],
        ["处方已经批准", "自付额是二十元", "会员："],
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_every_identifier_said_in_a_call_is_covered_and_the_service_talk_stays(language: str) -> None:
    call, identifiers, service_talk = SAID[language]
    redacted = Redactor().redact(call)
    for identifier in identifiers:
        assert identifier not in redacted
    for words in service_talk:
        assert words in redacted
