"""Identifiers read out the way callers and ASR give them (issue 17's recall work): letters read out in
any case or by their Spanish names, "P as in Paul", "dash"/"then"/"y luego" between groups, digits written
one at a time, Chinese runs with Latin capitals and 然后; e-mail addresses said with their first part in
several words; and the service numbers and counts around them, which stay. Examples are our own, not the
labelled set's.
"""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # letters in lower case (ASR), told apart by a word, or by their Spanish names
        ("my member id is w k r seven seven three oh two one nine thanks", "my member id is [MEMBER ID] thanks"),
        ("It's H as in Henry, Q, five five two, nine one oh three.", "It's [MEMBER ID]."),
        ("mi número es equis ka jota tres tres cuatro cinco seis siete", "mi número es [MEMBER ID]"),
        ("la póliza es erre de Roma, T, cinco cinco dos nueve uno cero", "la póliza es [MEMBER ID]"),
        # a letter that ends the number stays with it; "o"/"y"/"a" after it are words
        ("Your Medicaid number is four four one two three three eight nine B, right?", None),
        ("llámeme al dos cero dos, cinco cinco cinco, cero uno seis tres, o a la casa", None),
        # words that join groups
        ("my social is one two three dash four five dash six seven eight nine", "my social is [SSN]"),
        ("the member id is p d q dash four four two one nine three", "the member id is [MEMBER ID]"),
        ("member number is a b c one two three four five six", "member number is [MEMBER ID]"),
        ("Your Medicaid number is 12345678A, right?", "Your Medicaid number is [MEMBER ID], right?"),
        ("area code six one nine, then five five five, oh two two four", "area code [PHONE]"),
        ("lada seis uno nueve, y luego cinco cinco cinco, cero dos dos cuatro", "lada [PHONE]"),
        ("es el seis dos tres, cinco cinco cinco, cero ciento setenta y uno", "es el [PHONE]"),
        # digits written one at a time by ASR, and member IDs written in groups
        ("the number is 4 1 5 5 5 5 0 1 9 2 okay", "the number is [PHONE] okay"),
        ("My ID is TQW 44 1902 77.", "My ID is [MEMBER ID]."),
        ("número de afiliado MNP-5521-0038", "número de afiliado [MEMBER ID]"),
        # Chinese: Latin capitals among the digits, 两 and 幺, 然后 between groups
        ("会员号是W K R七七三零二幺九", "会员号是[MEMBER ID]"),
        ("电话是六幺九，然后五五五，零两两四", "电话是[PHONE]"),
        ("我的医保号是四T W九，H A六，C Y八二", "我的医保号是[MBI]"),
        ("他说是Q R 3 3 8 1 0 4 7。", "他说是[MEMBER ID]。"),
        # an MBI read out in lower case, in Spanish with "guion"
        ("its nine h x seven, d m four, r w three three", "its [MBI]"),
        ("Medicare: nueve H X siete guion D M cuatro guion R W tres tres", "Medicare: [MBI]"),
        (
            "número de Medicare: nueve hache equis siete de eme cuatro erre doble u tres tres",
            "número de Medicare: [MBI]",
        ),
        ("Medicare: uno e ge cuatro te e cinco eme ka siete tres", "Medicare: [MBI]"),
        # a card named before a number that fails the check (misheard digit) is still a card
        ("用我的Visa卡，4532 0151 1283 0367。", "用我的Visa卡，[CARD]。"),
    ],
)
def test_identifiers_read_out_are_redacted(text: str, expected: str | None) -> None:
    if expected is None:
        redacted = redact(text)
        assert "[" in redacted
        assert not any(d in redacted for d in ("four four", "cinco cinco"))
        assert redacted.endswith((", right?", ", o a la casa"))
    else:
        assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's walt dot simmons forty-eight at yahoo dot com.", "It's [EMAIL]."),
        ("Es carmencita todo junto arroba hotmail punto com.", "Es [EMAIL]."),
        ("yes it's granny pearl all one word at aol dot com", "yes it's [EMAIL]"),
        ("可以，zhou xiaoming 八八 at gmail dot com。", "可以，[EMAIL]。"),
        ("send it to maria at example.org", "send it to [EMAIL]"),
        ("My e-mail is d underscore park at gmail dot com", "My e-mail is [EMAIL]"),
        ("correo: luisa punto fernandez setenta arroba yahoo punto com punto mx", "correo: [EMAIL]"),
        ("邮箱是lihua八八艾特163点com", "邮箱是[EMAIL]"),
        ("my email is jsmith@example.org", "my email is [EMAIL]"),
    ],
)
def test_email_addresses_said_with_their_first_part_in_several_words(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I looked at medicare dot gov and it said I was covered.",
        "you can find it at heartline dot com slash forms",
        "Your plan is H1234-001, the Gold HMO.",
        "Take 1 tablet 2 times a day for 7 days then 1 a day.",
        "I need a 90 day supply, 3 refills, tier 2, and Part D covers it 100 percent.",
        "the copay went from ten to twenty then thirty dollars",
        "Pagué cuarenta y cinco dólares, y luego otros veinte, dos veces.",
        "A部分和B部分都有，D部分从2025年开始。",
        "我打了三四次电话，每次等二三十分钟，一共花了一百二十美元。",
        "It should be 6 dollars.",
        "The form is OMB 0938-1395; rules for named ZIP codes apply.",
        "Thresholds: 137.5, 150, 162.5 seconds; 0 to 86,400,000 ms; ended +01:00,0,700,60,false.",
    ],
)
def test_websites_plan_numbers_counts_and_amounts_stay(text: str) -> None:
    assert redact(text) == text


def test_the_label_before_a_member_id_written_with_it_stays() -> None:
    assert redact("Yeah, MRN 00483921 is on the wristband.") == "Yeah, MRN [ACCOUNT] is on the wristband."
    assert Redactor().redact("SSN 455-09-1832, name on file") == "SSN [SSN], name on file"


@pytest.mark.parametrize(
    "text",
    [
        # Safe Harbor keeps years: a year alone after an identifier's label is a year, not a number to hide
        "My Medicaid is up for renewal for 2026 and the form is due soon.",
        "your Medicaid renewal for twenty twenty six is due",
        "The member ID card for 2027 comes in December.",
        "我的医保卡2026年到期，会员号不变",
    ],
)
def test_a_year_alone_near_an_identifiers_label_stays(text: str) -> None:
    assert redact(text) == text


def test_four_digits_said_one_by_one_after_a_label_are_still_an_identifier_and_an_ssns_last_four_too() -> None:
    assert redact("mi número de Medicaid es dos cero dos seis") == "mi número de Medicaid es [MEMBER ID]"
    assert redact("the last four of my social are 1987") == "the last four of my social are [SSN]"
