"""Identifiers said in pieces and put back together, judged by what they spell (`core/redaction/assembled.py`,
issues 13 and 17): pieces split across a representative's "okay", a read-back, a false start, the area code
said last, letters by name at a member id's ends, fillers and long pauses mid-number, Chinese e-mail addresses
glued together by the ASR. The service numbers, amounts and contract ids around them stay. Examples are our
own, not the labelled sets'.
"""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a phone split across the representative's acknowledgement: each piece, the "go ahead" stays
        (
            "caller: reach me at three oh five two two two agent: go ahead caller: oh nine one four",
            "caller: reach me at [PHONE] agent: go ahead caller: [PHONE]",
        ),
        # an MBI read back in part, then finished: 7 + 4 characters spell an MBI
        (
            "Member: medicare is two k four nine h Agent: two k four nine h, okay Member: r six t u eight eight",
            "Member: medicare is [MBI] Agent: [MBI], okay Member: [MBI]",
        ),
        # a false start said again in full: both redacted, with the correction between them
        (
            "my medicare number is eight g oh no wait sorry eight g one nine t w two x p four five",
            "my medicare number is [MBI]",
        ),
        # an SSN with fillers and a long pause inside it
        ("my social is four one hmm seven... two two let me see six oh one eight", "my social is [SSN]"),
        # the area code said after the number
        (
            "mi celular es cinco cinco cinco cero uno dos tres con lada seis cero dos",
            "mi celular es [PHONE] con lada [PHONE]",
        ),
        # letters said by name at a member id's ends, after its cue
        ("the member id is whiskey four four one nine two oh six seven three", "the member id is [MEMBER ID]"),
        # a card read in written groups with no cue: Luhn-valid
        ("i'll pay with 4 5 3 2  0 1 5 1  1 2 8 3  0 3 6 6", "i'll pay with [CARD]"),
        # characters framed by "the letter", "the number"; a lone number word and letter pairs before a run
        (
            "medicare: the number two, the letter K, the letter D, the number six, R, F, nine, H, W, one, one",
            "medicare: the number [MBI]",
        ),
        ("my medicare is two kd six rf nine hw one one", "my medicare is [MEMBER ID]"),
        # a last four said as a number with its thousand; an amount said the same way stays
        (
            "agent: the last four of your social? member: two thousand sixty-three",
            "agent: the last four of your social? member: [SSN]",
        ),
        (
            "los últimos cuatro del seguro social son tres mil ciento ocho",
            "los últimos cuatro del seguro social son [SSN]",
        ),
        ("el deducible es de dos mil cuatrocientos dólares", "el deducible es de dos mil cuatrocientos dólares"),
        # a state's abbreviation before a ZIP code is no letter of an id
        ("Springfield, IL 62704", "Springfield, IL [ZIP]"),
        # Chinese: 洞 for zero, capitals said as 大写, a filler between groups
        ("会员：我的会员号是大写W 八三洞二呃九九一四五七", "会员：我的会员号是[MEMBER ID]"),
        # Chinese e-mail addresses the ASR glued together
        ("会员：我的邮箱是xiaoli点chen圈a一二六点com。", "会员：我的邮箱是[EMAIL]。"),
        ("会员：电子邮件zh8八atqq点com。", "会员：电子邮件[EMAIL]。"),
    ],
)
def test_identifiers_said_in_pieces_are_put_back_together(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agent: and i'm speaking with bernadette nguy en?", "agent: and i'm speaking with [NAME] [NAME]?"),
        ("member: it's under raymondokafor all one word", "member: it's under [NAME] all one word"),
    ],
)
def test_known_names_the_asr_split_or_joined_are_found(text: str, expected: str) -> None:
    assert Redactor(names=["Bernadette Nguyen", "Raymond Okafor"]).redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a claim number, then an acknowledgement and more digits: a service number's pieces stay
        (
            "agent: the claim number is four four one oh two member: okay agent: nine eight seven three one",
            "agent: the claim number is four four one oh two member: okay agent: nine eight seven three one",
        ),
        # a plan's contract id said aloud
        ("you're on plan h five five two one dash oh oh four", "you're on plan h five five two one dash oh oh four"),
        # amounts and times near each other
        ("it was $137.50, then 162.5 on the second, at 4:30", "it was $137.50, then 162.5 on the second, at 4:30"),
        # a cue for another number starts another number: the group number after a phone stays
        (
            "member: my cell is seven one eight five five five zero one nine three, group number five five one two",
            "member: my cell is [PHONE], group number five five one two",
        ),
    ],
)
def test_service_numbers_and_amounts_around_pieces_stay(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected
