"""The redactor on identifiers as they are said in calls (transcripts of speech) in English, Spanish and
Chinese: numbers read digit by digit, dates in words, e-mails spelled out, names announced by cues,
addresses; and the service words around them, which stay.

Card numbers are the issuers' published test numbers (Visa 4111 1111 1111 1111, Mastercard
5555 5555 5555 4444), which pass the Luhn check; 4111 1111 1111 1112 does not.
"""

from __future__ import annotations

import pytest

from heartline.core.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My phone number is five five five, one two one two.", "My phone number is [PHONE]."),
        ("call me back at two one two, five five five, one two three four", "call me back at [PHONE]"),
        ("It's two one two, eight hundred, oh one nine nine.", "It's [PHONE]."),
        ("My social is one two three, four five, six seven eight nine.", "My social is [SSN]."),
        ("The last four of my social are six seven eight nine.", "The last four of my social are [SSN]."),
        ("member ID N B H zero zero zero one two three four five", "member ID [MEMBER ID]"),
        ("my member number is double four seven, oh nine two, three one one", "my member number is [MEMBER ID]"),
        ("account number five five five one two three four", "account number [ACCOUNT]"),
        ("my zip code is nine oh two one oh", "my zip code is [ZIP]"),
        ("the number on the card is four one one one, one one one one, one one one one, one one one one", None),
        ("Mi número de teléfono es cinco cinco cinco, uno dos uno dos.", "Mi número de teléfono es [PHONE]."),
        ("Mi seguro social es uno dos tres cuatro cinco seis siete ocho nueve", "Mi seguro social es [SSN]"),
        ("mi número de miembro es cuarenta y cuatro, siete ocho, nueve uno dos", "mi número de miembro es [MEMBER ID]"),
        ("我的电话是五五五一二一二。", "我的电话是[PHONE]。"),
        ("我的手机号是一三八一二三四五六七八", "我的手机号是[PHONE]"),
        ("我的社保号是一二三四五六七八九", "我的社保号是[SSN]"),
        ("会员号是幺二三四五六七八", "会员号是[MEMBER ID]"),
    ],
)
def test_numbers_read_digit_by_digit_are_redacted_and_typed_by_their_cue(text: str, expected: str | None) -> None:
    if expected is None:  # a 16-digit Luhn-valid number read out is a card, whatever the cue
        assert redact(text).endswith("[CARD]")
    else:
        assert redact(text) == expected


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("five five five one two one two", "PHONE"),  # seven digits
        ("two one two five five five one two three four", "PHONE"),  # ten
        ("one two three four five six seven eight nine", "SSN"),  # nine
        ("one E G four T E five M K seven three", "MBI"),  # the CMS example MBI, read out
        ("five five five five five five five five five five five five four four four four", "CARD"),  # Luhn
    ],
)
def test_a_number_read_out_without_a_cue_is_typed_by_its_length(said: str, kind: str) -> None:
    assert redact(f"okay so it is {said} and that's it") == f"okay so it is [{kind}] and that's it"


@pytest.mark.parametrize(
    "text",
    [
        "Your reference number is one two three four five six seven eight.",
        "Your claim number is 1234567890.",
        "El número de reclamo es cinco cinco cinco uno dos uno dos.",
        "I paid five hundred dollars and waited forty five minutes, two or three times.",
        "It was one, two, three, and then done.",
        "我等了一个多小时，问了三四次。",
    ],
)
def test_service_numbers_and_counts_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("number", "kind"),
    [("4111 1111 1111 1111", "CARD"), ("5555-5555-5555-4444", "CARD"), ("4111111111111111", "CARD")],
)
def test_written_card_numbers_passing_luhn_are_redacted(number: str, kind: str) -> None:
    assert redact(f"card {number} please") == f"card [{kind}] please"


def test_sixteen_digits_failing_luhn_are_not_taken_for_a_card() -> None:
    assert "[CARD]" not in redact("ref 4111 1111 1111 1112 ok")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My date of birth is March third nineteen fifty-two.", "My date of birth is [DATE]."),
        ("I was born on the fifth of May, nineteen forty-eight.", "I was born on [DATE]."),
        ("My birthday is May 5th.", "My birthday is [DATE]."),
        ("It's January twenty-first, two thousand three.", "It's [DATE]."),
        ("I was born in March nineteen fifty-two.", "I was born in [DATE]."),
        ("Nací el tres de marzo de mil novecientos cincuenta y dos.", "Nací el [DATE]."),
        ("el primero de enero de 1950", "el [DATE]"),
        ("我是一九五二年三月三号出生的。", "我是[DATE]出生的。"),
        ("生日是三月三号", "生日是[DATE]"),
        ("1952年3月3日", "[DATE]"),
        ("十二月二十五日来的", "[DATE]来的"),
    ],
)
def test_dates_said_in_words_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I may five times have called.",
        "I called in March 2024 about my claim.",
        "The plan year starts in January and the deductible resets.",
        "May I have your name?",
        "三月份的账单",
    ],
)
def test_months_without_a_day_and_the_verb_may_stay(text: str) -> None:
    assert "[DATE]" not in redact(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My email is john dot smith at gmail dot com.", "My email is [EMAIL]."),
        ("it's j smith underscore 52 at yahoo dot com", "it's [EMAIL]"),
        ("Mi correo es juan punto perez arroba gmail punto com.", "Mi correo es [EMAIL]."),
        ("我的邮箱是john点smith艾特gmail点com。", "我的邮箱是[EMAIL]。"),
        ("send it to maria at example.org", "send it to [EMAIL]"),
    ],
)
def test_email_addresses_said_aloud_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_at_and_dot_in_ordinary_speech_stay() -> None:
    text = "I was at the pharmacy at noon. Dot the i's, they said."
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Member: Yeah, it's 415-555-0132.", "Member: Yeah, it's [PHONE]."),
        ("Member: four one five, five five five, zero one three two", "Member: [PHONE]"),
        ("Member: Sure, it's July fourth, nineteen sixty.", "Member: Sure, it's [DATE]."),
    ],
)
def test_the_speaker_label_member_is_not_a_cue_for_a_member_id(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_a_date_read_as_digits_is_a_date() -> None:
    assert redact("It's oh seven, oh four, nineteen sixty.") == "It's [DATE]."


def test_letters_read_as_in_words_belong_to_the_identifier() -> None:
    assert redact("It's H as in Henry, 1 2 3 4 5 6 7 8 9.") == "It's [MEMBER ID]."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My email is r chen sixty at hotmail dot com", "My email is [EMAIL]"),
        ("Mi correo es maria garcia arroba hotmail punto com.", "Mi correo es [EMAIL]."),
    ],
)
def test_an_email_after_its_cue_is_redacted_with_every_word_before_at(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_letters_before_chinese_digits_belong_to_the_member_id() -> None:
    assert redact("我的会员号是H一二三四五六七八九。") == "我的会员号是[MEMBER ID]。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My mother is ninety-two years old.", "My mother is [AGE] years old."),
        ("she's 95 years old", "she's [AGE] years old"),
        ("Mi mamá tiene noventa y dos años.", "Mi mamá tiene [AGE] años."),
        ("我妈妈九十二岁了。", "我妈妈[AGE]岁了。"),
        ("I'm 87 years old.", "I'm 87 years old."),
        ("I've been a member for 12 years.", "I've been a member for 12 years."),
    ],
)
def test_ages_over_89_are_redacted_and_younger_ages_stay(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", ["I was born in 1950.", "I was born in nineteen fifty.", "Nací en 1950."])
def test_a_year_of_birth_alone_stays(text: str) -> None:
    assert redact(text) == text


def test_a_written_address_after_a_spanish_a_keeps_the_words_before_it() -> None:
    text = "Sí, le mando el formulario a p.olmedo@gmail.com."

    assert redact(text) == "Sí, le mando el formulario a [EMAIL]."
