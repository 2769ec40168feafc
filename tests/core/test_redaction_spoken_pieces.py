"""Identifiers said in pieces across a call's turns, and other spoken forms found weak on the third
development set (issue 17, `tests/transcripts/redaction_dev3/`): a piece of an ID said as a turn of its
own (the answer to "and the last four?", a representative's read-back, "no wait, it's…"), letters and
digits read out together however short, fillers and "suffix" inside a number, lower-case prefixes,
Spanish letters told apart by a word, full-width characters, a card's last four, e-mail first parts
spelled out, names read back with "dot", and Chinese names in traditional characters or familiar forms.
The service numbers and amounts around them stay. Examples are our own, not the labelled sets'.
"""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a piece said alone in its turn, with only fillers around it
        ("Agent: and the last four?\nMember: uh eight two oh five", "Agent: and the last four?\nMember: uh [SSN]"),
        ("agent: so that's one h w three", "agent: so that's [MEMBER ID]"),
        # (no cue in the turn: the kind is a guess from the length; redacted is redacted)
        ("member: no wait it's nine nine one four sorry", "member: no wait it's [MEMBER ID] sorry"),
        ("miembro: no espere es siete cero cero dos perdón", "miembro: no espere es [MEMBER ID] perdón"),
        ("会员：不对不对，是六二零八", "会员：不对不对，是[MEMBER ID]"),
        ("客服: 八三五对吗", "客服: [MEMBER ID]对吗"),
        # letters and digits read out together, however short the piece
        ("member: it starts p v t four one eight and then", "member: it starts [MEMBER ID] and then"),
        ("miembro: el mío empieza con ene ka ere seis uno dos", "miembro: el mío empieza con [MEMBER ID]"),
        # a pause ("uh") or a suffix inside the number
        ("call me at two one four uh five five five oh one nine nine", "call me at [PHONE]"),
        ("my id is zero zero four one two two eight seven three suffix zero one", "my id is [MEMBER ID]"),
        # a prefix in lower case without a vowel, and Spanish letters told apart by a word
        ("the id is rtx 208 117 450", "the id is [MEMBER ID]"),
        ("medicare: cinco, equis de xilófono, jota, tres, te de taza, e, siete, ka, eme, uno, dos", "medicare: [MBI]"),
        # MBIs with commas or spaced dashes; full-width characters
        ("Member: it's 5XJ3, TE7, KM12.", "Member: it's [MBI]."),
        ("会员：我的医保号是５ＸＪ３－ＴＥ７－ＫＭ１２", "会员：我的医保号是[MBI]"),
        # a card's last four, an SSN masked or written with dots
        ("the visa on file ends in three three one nine", "the visa on file ends in [CARD]"),
        ("I see XXX-XX-4410 on your record", "I see [SSN] on your record"),
        ("social security is 219.09.4410", "social security is [SSN]"),
        # an address's first part spelled out before a provider said as two words
        ("member: yes it's d o r a k at g mail dot com", "member: yes it's [EMAIL]"),
    ],
)
def test_pieces_and_forms_are_redacted(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # numbers said around a question or with other words in the turn stay
        "Member: four thirty works for me",
        "agent: your copay is forty dollars and the deductible two fifty",
        "客服: 您的理赔号是4 4 0 1 9 2 2 8 3 1金额是三百美元",
        "客服: 您的授权编号是AUTH 5 5 0 2 9 1 7",
        "Agent: the reference is r e f 8 8 1 0 2 3",
        "member: tier two",
        "member: my husband and i both take it twice a day",
    ],
)
def test_service_numbers_and_everyday_numbers_stay(text: str) -> None:
    assert Redactor().findings(text) == []


def test_names_read_back_with_dot_are_an_address() -> None:
    redactor = Redactor(names=["Rosa Elena Ibarra"])
    assert redactor.redact("agente: rosa elena punto ibarra correcto") == "agente: [EMAIL] correcto"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会员：我係黃麗華", "会员：我係[NAME]"),  # known in simplified, said in traditional
        ("客服：黄生，您好", "客服：[NAME]生，您好"),  # Cantonese 生 for Mr.
        ("会员：大家都叫我阿华", "会员：大家都叫我阿[NAME]"),
        ("会员：我叫黄丽华，美丽的丽", "会员：我叫[NAME]，[NAME]"),  # a given name's character told by a word
        ("会员：我叫黄 丽 华", "会员：我叫[NAME]"),  # ASR spaces between the characters
        ("客服：华姐，您的药寄出了", "客服：[NAME]姐，您的药寄出了"),
    ],
)
def test_chinese_names_in_other_forms(text: str, expected: str) -> None:
    assert Redactor(names=["黄丽华"]).redact(text) == expected


def test_nicknames_of_more_given_names() -> None:
    redactor = Redactor(names=["Winifred Achterberg", "Bartholomew Osei"])
    assert redactor.redact("this is winnie and my husband bart") == "this is [NAME] and my husband [NAME]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a service named in passing, its clause closed, does not make the answer a service number
        (
            "Agent: What's your member ID so I can pull up the claim?\nMember: It's T449018273.",
            "Agent: What's your member ID so I can pull up the claim?\nMember: It's [MEMBER ID].",
        ),
        (
            "客服：请提供您的会员号，我帮您查一下理赔。\n会员：K558120934",
            "客服：请提供您的会员号，我帮您查一下理赔。\n会员：[MEMBER ID]",
        ),
        # a service number asked for or announced stays
        ("Agent: What's the claim number?\nMember: 5 5 0 1 9 2 7 7 3 1", None),
        ("Agent: the reference number is 6 6 1 0 2 9 3 8.", None),
    ],
)
def test_a_service_word_in_passing_does_not_hide_an_identifier(text: str, expected: str | None) -> None:
    assert Redactor().redact(text) == (text if expected is None else expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会员：我的QQ号是58812093", "会员：我的QQ号是[ACCOUNT]"),  # a QQ number: a Chinese caller's e-mail
        ("Member: email: d_park77 @ gmail . com", "Member: email: [EMAIL]"),  # written with spaces around @
    ],
)
def test_qq_numbers_and_spaced_addresses(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected
