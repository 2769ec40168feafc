"""The PHI redactor on the fourth development set (`redaction_dev4/`, issues 13 and 17; see its README).

Written before reading the redactor's rules or the other sets' texts, to measure how identifiers are
*said* rather than how the other sets phrase them: digits as words, pairs, hundreds, "oh", "double",
幺/两/洞, letters plain, by name, "as in", NATO, "de"/"como", "dash"/"guion"/"杠", fillers inside a
number, corrections, numbers split across a representative's "okay… go on", read-backs, lower case
without punctuation — with hard negatives (claim, reference, authorization, confirmation, group, NPI
and prescription numbers, plan contract ids, amounts, times, doses). Only direct identifiers are
marked. Used through `Redactor(names=known_names).findings(text)`; `pytest -s` prints the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transcripts.redaction_scoring import (
    RECALL_BAR,
    Score,
    Snippet,
    assert_precision_at_least,
    assert_recall_meets,
    load_set,
    problems,
    redactor_finds,
    score,
    table,
)

DEV4 = Path(__file__).parent / "redaction_dev4"
# Hard negatives: each occurs in the set, overlaps no gold span, and must stay.
HARD_NEGATIVES = {
    "en": (
        "$312 50", "$312.50", "H3312-017", "a hundred sixty four dollars and twenty cents",
        "c o n eight eight two nine one oh", "five five one two oh oh nine three",
        "four four zero one nine two two eight three one", "four thirty", "h five five two one dash oh oh four",
        "oh nine twenty eight", "one three eight four nine two oh one seven five",
        "p a nine nine oh one two three four", "r e f seven seven three oh nine one",
        "six one one oh two nine three", "tier three", "twelve fifty for the deductible",
        "twenty milligrams three times a day", "two oh two six one one oh four seven seven eight",
    ),
    "es": (
        "H4461-009", "a u te cinco cinco cero dos uno nueve siete", "ce o ene ocho ocho dos nueve uno cero",
        "ciento sesenta y cuatro dólares con veinte", "cuarenta dólares", "cuatro cero cero uno dos ocho",
        "dos cero dos seis cero tres uno cinco cinco dos dos", "h4461-009", "mil doscientos cincuenta dólares",
        "siete uno cero cuatro cuatro nueve dos", "tres tres cero uno ocho ocho dos nueve cuatro", "tres y media",
        "uno seis seis dos cero cuatro ocho tres nueve uno", "veinte miligramos dos veces al día",
    ),
    "zh": (
        "CON八八二九一零", "H3312-017", "PA九九零一二三四", "一三八四九二零一七五",
        "七七三零九一", "三百一十二美元", "下午三点半", "二十毫克",
        "二零二六一一零四七七八",
        "五五一二零零九三", "六一一零二九三", "四四零一九二二八三一",
    ),
}  # fmt: skip
PRECISION_BAR = 0.97
# The set marks direct identifiers only: the validator's "every type in every language" does not apply.
NOT_MARKED = tuple(f"no {kind} span" for kind in ("NAME", "DATE", "ADDRESS", "ZIP"))


@pytest.fixture(scope="module")
def snippets() -> list[Snippet]:
    return load_set(DEV4)


@pytest.fixture(scope="module")
def result(snippets: list[Snippet]) -> Score:
    measured = score(snippets, redactor_finds, HARD_NEGATIVES)
    print("\n" + table(measured, "Redactor on the fourth development set: recall (found/n) per type and language"))
    return measured


def test_the_fourth_set_is_well_formed_and_big_enough(snippets: list[Snippet]) -> None:
    assert [p for p in problems(snippets, HARD_NEGATIVES) if not p.endswith(NOT_MARKED)] == []
    assert len(snippets) >= 250
    assert sum(len(s.spans) for s in snippets) >= 250


@pytest.mark.xfail(
    strict=True,
    reason="not met (README): MBIs 0.97 (63/65: 'pee three pee en two one', 'en' is not read as N, a Spanish "
    "word; 'ye e cero ocho'), member ids 0.98 (47/48: a trailing 'a' is not taken as a letter), every other kind "
    "1.00; all 0.99 (337/340); it was 0.72 (244/340) before the redactor was changed with this set in view; "
    "strict, so meeting it fails here until this mark goes",
)
def test_recall_of_direct_identifiers_meets_the_bar_on_the_fourth_set(result: Score) -> None:
    assert_recall_meets(result, RECALL_BAR)


def test_precision_on_the_fourth_set(result: Score) -> None:
    assert_precision_at_least(result, PRECISION_BAR)


def test_hard_negatives_stay_on_the_fourth_set(result: Score) -> None:
    # Claim, reference, authorization and NPI numbers, contract ids, amounts, times and doses are not PHI.
    assert result.service_words_touched == [], result.service_words_touched
