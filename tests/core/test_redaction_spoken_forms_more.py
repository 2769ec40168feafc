"""More ways members say identifiers on calls (issue 17, second development set): NATO words and letter
names, payer prefixes, Spanish hundreds, Chinese "两个八", MBIs with spaces, e-mails said with "at sign",
小老鼠, 杠 or spelled out, phones from Mexico and China, nicknames and middle initials of known names — and
the service numbers that must stay. Examples of their own, not from the labelled sets."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


def kinds(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in Redactor(names=names).findings(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "it's kilo lima mike three three oh, niner eight two, one one",
            ("MEMBER ID", "kilo lima mike three three oh, niner eight two, one one"),
        ),
        ("my ID is dee four four one two nine zero eight", ("MEMBER ID", "dee four four one two nine zero eight")),
        (
            "member number WQX five five two, zero one nine, four",
            ("MEMBER ID", "WQX five five two, zero one nine, four"),
        ),
        (
            "Medicare number three alpha charlie six, kilo romeo two, tango yankee four one",
            ("MBI", "three alpha charlie six, kilo romeo two, tango yankee four one"),
        ),
        ("my Medicare is 3AC6 KR2 TY41", ("MBI", "3AC6 KR2 TY41")),
        (
            "el número de afiliado es jota erre te cuatro cuatro uno dos nueve cero",
            ("MEMBER ID", "jota erre te cuatro cuatro uno dos nueve cero"),
        ),
        (
            "mi seguro social es setecientos doce, treinta y tres, cuarenta y uno cero ocho",
            ("SSN", "setecientos doce, treinta y tres, cuarenta y uno cero ocho"),
        ),
        ("los últimos cuatro son tres tres ocho uno", ("SSN", "tres tres ocho uno")),
        ("会员号是K，然后两个五，然后三幺九零二七", ("MEMBER ID", "K，然后两个五，然后三幺九零二七")),
        ("社安号后四位是六六零二", ("SSN", "六六零二")),
        ("the member ID is QRT-330-92-7781", ("MEMBER ID", "QRT-330-92-7781")),
        ("Medicaid ID is NY55812K", ("MEMBER ID", "NY55812K")),
    ],
)
def test_identifiers_said_in_more_ways_are_found_whole(text: str, expected: tuple[str, str]) -> None:
    assert expected in kinds(text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("the email is r vance at sign comcast dot net", "r vance at sign comcast dot net"),
        ("you can email me at tvance at gmail", "tvance at gmail"),
        ("my email is t period vance at outlook period com", "t period vance at outlook period com"),
        ("correo: te ere a uve i ese arroba yahoo punto com", "te ere a uve i ese arroba yahoo punto com"),
        ("correo es rosa cuarenta y ocho arroba gmail punto com", "rosa cuarenta y ocho arroba gmail punto com"),
        ("邮箱是wang杠lei小老鼠163点com", "wang杠lei小老鼠163点com"),
        ("邮箱是lei下划线wang八八艾特qq點com", "lei下划线wang八八艾特qq點com"),
        ("email: kvance at proton mail dot com", "kvance at proton mail dot com"),
    ],
)
def test_emails_said_in_more_ways_are_found_whole(text: str, address: str) -> None:
    assert ("EMAIL", address) in kinds(text)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("mi celular es +52 1 33 9876 5432", "+52 1 33 9876 5432"),
        ("家里电话是(020) 8765 4321", "(020) 8765 4321"),
        (
            "el teléfono de la casa es quinientos cincuenta y cinco, cero dos, ochenta y uno",
            "quinientos cincuenta y cinco, cero dos, ochenta y uno",
        ),
    ],
)
def test_phones_from_abroad_and_in_spanish_hundreds_are_found(text: str, phone: str) -> None:
    assert ("PHONE", phone) in kinds(text)


@pytest.mark.parametrize(
    ("text", "names", "said"),
    [
        ("hi it's Bob Haskins calling", ("Robert Haskins",), "Bob Haskins"),
        ("soy Chuy, el esposo", ("Jesús Treviño",), "Chuy"),
        ("this is kevin mc cormick", ("Kevin McCormick",), "kevin mc cormick"),
        ("yes, Rhonda T. Greer", ("Rhonda Greer",), "Rhonda T. Greer"),
        ("it's sean obrien", ("Sean O'Brien",), "sean obrien"),
        ("se escribe ge erre e e erre", ("Rhonda Greer",), "ge erre e e erre"),
        ("她姓周，周是周吉周", ("周美玲",), "周吉周"),
    ],
)
def test_known_names_are_found_in_the_forms_people_use(text: str, names: tuple[str, ...], said: str) -> None:
    assert ("NAME", said) in kinds(text, names)


@pytest.mark.parametrize(
    "text",
    [
        "Your reference number is R 4 4 0 9 1 2, and the claim was paid.",
        "确认号是C77201945，团体号是008812。",
        "The plan is H4410-012, and the form is OMB 0938-1395.",
        "I read it at yahoo news last week.",
        "Mike, can you transfer me? I have five or six questions.",
        "Tiene un deducible de quinientos dólares.",
    ],
)
def test_service_numbers_and_ordinary_words_stay(text: str) -> None:
    assert redact(text) == text
