"""What is said with an identifier belongs to it, and what kind of line a number is says whether it is
anyone's (issues 13 and 17): a phone's country code and extension, a toll-free line, an e-mail's provider
said alone after an unmistakable "at", an initial, 爱特; known names split by ASR, written short and said
in full, possessive; a relation said twice in Chinese."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reach me at work, 713-555-0188 ext. 42, after lunch.", "Reach me at work, [PHONE], after lunch."),
        ("It's six one seven, five five five, two two one nine, extension four oh two.", "It's [PHONE]."),
        ("Office 602 555 0147 x318 please", "Office [PHONE] please"),
        ("Mi trabajo: 915-555-0166 extensión ciento doce.", "Mi trabajo: [PHONE]."),
        ("单位电话是七一八五五五零一九四分机三零六。", "单位电话是[PHONE]。"),
        ("The number is plus one four one five five five five zero one seven seven.", "The number is [PHONE]."),
        ("Es el más uno 312 555 0190.", "Es el [PHONE]."),
        ("号码是加一 646 555 0112。", "号码是[PHONE]。"),
        ("My number's 555 0134, same area code.", "My number's [PHONE], same area code."),
        ("Mi número es el 555-0171.", "Mi número es el [PHONE]."),
    ],
)
def test_a_phone_keeps_its_country_code_and_extension(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The pharmacy help desk is 1-877-555-0123, open all night.",
        "For Medicare, call 1-800-MEDICARE, that is 1-800-633-4227.",
        "Call us back at one eight hundred five five five oh one two three.",
        "医保热线是1-866-555-0150。",
    ],
)
def test_a_toll_free_line_is_a_business_not_a_member(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Miembro: es tomas arroba hotmail, el de siempre.", "Miembro: es [EMAIL], el de siempre."),
        ("you can email me, hana k at yahoo, thanks", "you can email me, [EMAIL], thanks"),
        ("mi correo, j ruiz guion bajo 7 at example punto org, gracias", "mi correo, [EMAIL], gracias"),
        ("邮箱是 chenfang 爱特 163 点 com。", "邮箱是 [EMAIL]。"),
        ("Entonces lopez arroba gmail punto com.", "Entonces [EMAIL]."),
    ],
)
def test_an_address_said_aloud_is_found_whole(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_an_at_that_is_a_preposition_stays() -> None:
    text = "I saw it at yahoo and then read a smith at gmail said so"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["Vanessa Delgado"], "thank you mrs del gado", "thank you mrs [NAME]"),
        (["Arthur St. John"], "yes this is arthur saint john", "yes this is [NAME]"),
        (["Hollis Pemberton"], "Agent: Mrs. Pemberton's refill is ready.", "Agent: Mrs. [NAME]'s refill is ready."),
    ],
)
def test_a_known_name_as_speech_gives_it(names: list[str], text: str, expected: str) -> None:
    assert Redactor(names=names).redact(text) == expected


def test_a_relation_said_twice_is_no_name() -> None:
    assert redact("我是替我妈妈打的电话。") == "我是替我妈妈打的电话。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Member: 7305, that's the last four of my social.", "Member: [SSN], that's the last four of my social."),
        (
            "Miembro: 7305, son los últimos cuatro de mi seguro social.",
            "Miembro: [SSN], son los últimos cuatro de mi seguro social.",
        ),
        ("会员：7305，是我社安号的后四位。", "会员：[SSN]，是我社安号的后四位。"),
    ],
)
def test_a_cue_said_after_a_short_number_types_it(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Member: it was 2024 when my social security check stopped.",
        "Member: I paid 1250 and my phone is the same.",
    ],
)
def test_a_year_or_an_amount_before_a_cue_stays(text: str) -> None:
    assert redact(text) == text


def test_an_initial_with_its_full_stop_is_part_of_the_address_and_a_full_stop_is_not() -> None:
    assert redact("my email, it's k. moreno 61 at yahoo.com") == "my email, it's [EMAIL]"
    assert redact("It's over. dmoreno at gmail dot com is mine") == "It's over. [EMAIL] is mine"


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["欧阳慧琳"], "會員：我是歐陽慧琳。客服：歐陽小姐您好。", "會員：我是[NAME]。客服：[NAME]小姐您好。"),
        (["赖国栋"], "賴國棟的處方到了。", "[NAME]的處方到了。"),
        (["李娜"], "是娜娜打的电话。", "是[NAME]打的电话。"),
        (["李志明"], "我明明交了。", "我明明交了。"),
        (["黄丽萍"], "黄太您好。", "[NAME]太您好。"),
        (["陈 国华"], "陈国华的药。", "[NAME]的药。"),
    ],
)
def test_a_known_chinese_name_in_the_forms_callers_use(names: list[str], text: str, expected: str) -> None:
    assert Redactor(names=names).redact(text) == expected


def test_digits_read_off_a_card_in_groups_are_an_identifier_without_a_cue() -> None:
    assert (
        redact("Member: the number on the front of it is 731 905 226 48")
        == "Member: the number on the front of it is [MEMBER ID]"
    )
    assert redact("Agent: the reference number is 2026 1207 4419") == "Agent: the reference number is 2026 1207 4419"


def test_a_known_surname_with_an_s_after_it_is_the_name() -> None:
    redactor = Redactor(names=["Imani Okonkwo"])
    assert redactor.redact("Agent: is this the Okonkwos' home?") == "Agent: is this the [NAME]' home?"
    assert redactor.redact("member: this is imani okonkwos daughter") == "member: this is [NAME] [NAME] daughter"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Miembro: mi correo es rosa punto vega en gmail punto com", "Miembro: mi correo es [EMAIL]"),
        ("Member: my email is dvega gmail dot com", "Member: my email is [EMAIL]"),
        ("Miembro: es rvega arroba jotmail punto com", "Miembro: es [EMAIL]"),
        ("Member: my email is dvega@gmail, thanks", "Member: my email is [EMAIL], thanks"),
    ],
)
def test_an_address_whose_at_was_misheard_dropped_or_whose_ending_was_not_written(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_a_provider_named_without_an_address_stays() -> None:
    text = "Member: I went on gmail dot com yesterday"
    assert redact(text) == text


def test_a_phone_keeps_the_bracket_before_its_area_code() -> None:
    assert redact("Member: my phone is (512)5550177.") == "Member: my phone is [PHONE]."
    assert redact("会员：电话（646）555-0123。") == "会员：电话[PHONE]。"


def test_a_chinese_name_said_character_by_character() -> None:
    assert Redactor(names=["赵文静"]).redact("会员：赵、文、静。") == "会员：[NAME]。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Member: 902114477 is my social", "Member: [SSN] is my social"),
        (
            "Member: my social is nine oh two, one one... Agent: okay. Member: four four seven seven.",
            "Member: my social is [SSN]... Agent: okay. Member: [SSN].",
        ),
        ("Member: my old Medicare number was 219-09-9999A", "Member: my old Medicare number was [MEMBER ID]"),
    ],
)
def test_a_social_the_ssa_would_never_issue_is_still_one_after_its_cue(text: str, expected: str) -> None:
    assert redact(text) == expected
