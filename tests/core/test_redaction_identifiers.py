"""The redactor on the identifiers of issue 13 (SSN without dashes, Medicare MBI, bare phone numbers,
e-mails, dates of birth, known names), and on the ordinary numbers it must leave alone.

MBI cases are written from the CMS format ("Understanding the MBI"): 11 characters, positions
1 = digit 1-9, 2/5/8/9 = letter except S, L, O, I, B, Z, 3/6 = letter or digit, 4/7/10/11 = digit;
printed with dashes after the 4th and 7th characters, stored without.
"""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my social is 123456789 thanks", "my social is [SSN] thanks"),
        ("ssn 123 45 6789.", "ssn [SSN]."),
        ("SSN: 123456789", "SSN: [SSN]"),
        ("written 123-45-6789", "written [SSN]"),
    ],
)
def test_social_security_numbers_are_redacted_with_or_without_dashes(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("number", ["000123456", "666123456", "900123456", "123006789", "123450000"])
def test_nine_digits_that_cannot_be_an_ssn_stay(number: str) -> None:
    assert redact(f"ref {number} ok") == f"ref {number} ok"


@pytest.mark.parametrize(
    "mbi",
    [
        "1EG4-TE5-MK73",  # the CMS example, printed
        "1EG4TE5MK73",  # stored without dashes
        "1eg4-te5-mk73",  # typed in lower case
        "9AA0A00AA00",  # every alphanumeric slot a letter, highest first digit
        "2C99D99EF00",  # alphanumeric slots as digits
    ],
)
def test_medicare_beneficiary_identifiers_are_redacted(mbi: str) -> None:
    assert redact(f"my medicare number is {mbi}, please") == "my medicare number is [MBI], please"


@pytest.mark.parametrize(
    "not_mbi",
    [
        "0EG4TE5MK73",  # first character 0
        "1SG4TE5MK73",  # S is never used
        "1EG4TE5MO73",  # O is never used
        "1EG47E5MK73",  # 5th character must be a letter
        "1EG4TE5MK73X",  # 12 characters
    ],
)
def test_strings_outside_the_mbi_format_are_not_taken_for_one(not_mbi: str) -> None:
    assert "[MBI]" not in redact(f"code {not_mbi} here")


@pytest.mark.parametrize(
    "phone",
    ["2125551234", "12125551234", "+1 2125551234", "+12125551234", "(212) 555-1234", "212.555.1234", "1-212-555-1234"],
)
def test_us_phone_numbers_are_redacted_with_or_without_separators(phone: str) -> None:
    assert redact(f"call me at {phone} tonight") == "call me at [PHONE] tonight"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 03151961", "DOB [DATE]"),
        ("dob: 3/15/61", "dob: [DATE]"),
        ("born 1961-03-15", "born [DATE]"),
        ("born 1961/03/15", "born [DATE]"),
        ("born on the 15th of March 1961", "born on [DATE]"),
        ("birthday is March 15th", "birthday is [DATE]"),
    ],
)
def test_dates_of_birth_are_redacted_in_common_forms(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_an_email_is_redacted() -> None:
    assert redact("mail j.doe+plan@mail.example.com now") == "mail [EMAIL] now"


def test_a_named_zip_code_is_redacted_and_a_bare_five_digit_number_stays() -> None:
    assert redact("zip 10001, and 10001 members called") == "zip [ZIP], and 10001 members called"


@pytest.mark.parametrize(
    "text",
    [
        "The claim for $1,250 was paid in 2024.",
        "I waited 45 minutes, 3 times, and paid 1250.00",
        "Rated 9/10, would call again",
        "Your agent fixed claim 12345 in May 2023",
        "I may 5 times have called",
        "Reference 123456789012 is a twelve-digit number",
        "Ratio 0.123456789 stays",
    ],
)
def test_service_words_and_ordinary_numbers_stay(text: str) -> None:
    assert redact(text) == text


def test_the_issue_quote_keeps_nothing_identifying() -> None:
    redactor = Redactor(["Dana Whitfield", "Whitfield", "Dana"])
    quote = "Dana Whitfield took my SSN 123456789, MBI 1EG4-TE5-MK73, call back 2125551234"
    assert redactor.redact(quote) == "[NAME] took my SSN [SSN], MBI [MBI], call back [PHONE]"
