"""Street addresses and ZIP codes, written and said, in English, Spanish and Chinese; and the numbers and
words near them that are not addresses."""

from __future__ import annotations

import pytest

from heartline.core.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 123 Main Street, Springfield, IL 62701.", "I live at [ADDRESS]."),
        ("I live at one twenty-three Oak Avenue, apartment 4B.", "I live at [ADDRESS]."),
        ("send it to 4500 West Elm Rd. please", "send it to [ADDRESS] please"),
        ("my mailing address is P.O. Box 1234", "my mailing address is [ADDRESS]"),
        ("Vivo en Calle Mayor 123, piso 2.", "Vivo en [ADDRESS]."),
        ("Vivo en 123 Calle Mayor.", "Vivo en [ADDRESS]."),
        ("Vivo en la avenida Reforma número cuarenta y cinco.", "Vivo en la [ADDRESS]."),
        ("我住在北京市朝阳区建国路88号。", "我住在[ADDRESS]。"),
        ("寄到上海市浦东新区世纪大道100号3号楼", "寄到[ADDRESS]"),
        ("我住在阳光小区3栋2单元501室。", "我住在[ADDRESS]。"),
    ],
)
def test_street_addresses_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my zip code is 90210", "my zip code is [ZIP]"),
        ("my zip code is nine oh two one oh", "my zip code is [ZIP]"),
        ("Mi código postal es 28013.", "Mi código postal es [ZIP]."),
        ("邮编100020", "邮编[ZIP]"),
        ("Springfield, IL 62701", "Springfield, IL [ZIP]"),
    ],
)
def test_zip_codes_are_redacted_where_named(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I waited 3 hours on the phone way too long.",
        "I take 2 tablets a day, by the way.",
        "The pharmacy on Main Street was closed.",
        "10001 members called about the deductible.",
        "La farmacia de la calle estaba cerrada.",
        "我在路上，等一下再打。",
    ],
)
def test_words_near_numbers_that_are_not_addresses_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live in Springfield.", "I live in [ADDRESS]."),
        ("Vivo en Guadalajara con mi hija.", "Vivo en [ADDRESS] con mi hija."),
        ("我住在深圳市，", "我住在[ADDRESS]，"),
        ("I live in Texas.", "I live in Texas."),  # a state is not smaller than a state
        ("I live in a nursing home.", "I live in a nursing home."),
        ("I live at 123 Main Street.", "I live at [ADDRESS]."),
    ],
)
def test_the_town_someone_lives_in_is_redacted_and_a_state_stays(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 45 Elm, in the back.", "I live at [ADDRESS], in the back."),
        ("My address is one twenty Maple Grove.", "My address is [ADDRESS]."),
        ("Mi dirección es 12 Olivo, colonia Centro.", "Mi dirección es [ADDRESS], colonia Centro."),
        ("My address is the same.", "My address is the same."),
    ],
)
def test_an_address_after_its_cue_needs_no_street_type(text: str, expected: str) -> None:
    assert redact(text) == expected
