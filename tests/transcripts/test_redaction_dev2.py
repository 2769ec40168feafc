"""The PHI redactor on the second development set (`redaction_dev2/`, issue 17; see its README).

Written after the first set to probe the kinds the held-out measure found weak — member IDs in many
payers' formats (letters and digits, grouped, spelled letter by letter, NATO words, "M as in Mary",
Spanish and Chinese number words), Medicare MBIs said in pieces, SSNs (last four, "double five"),
e-mails said aloud ("at", "arroba", 艾特, 小老鼠) — with hard negatives (claim, reference and
authorization numbers, amounts, plan contract numbers, times, years) to measure precision. The rules
were tuned against it, so its figures overstate what the redactor does on unseen text. Used only
through `Redactor(names=known_names).findings(text)`; `pytest -s` prints the table.
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

DEV2 = Path(__file__).parent / "redaction_dev2"
# Hard negatives: each occurs in the set and must stay (claim, reference, authorization and NPI numbers,
# plan contract numbers, amounts, times, years, drug names).
HARD_NEGATIVES = {
    "en": (
        "2 2 0 4 8 8 1 9 3 7", "R 5 5 1 2 0 9", "88120", "Silver Choice PPO", "$212.40", "$1,840", "$1,250",
        "7 7 1 0 4 4 2", "four thirty", "H5521-004", "C as in Charlie 8 8 2 0 1 9 4 5", "since 2014",
        "four four nine one two oh seven seven", "0 0 7 7 1 2", "610014", "$8,300", "2026",
        "2 0 2 6 0 4 1 1 8 8 3", "1 2 4 5 3 1 9 9 8 7", "seven one one", "7.2", "55120973", "metformin",
        "December 2025", "medicare dot gov",
    ),
    "es": (
        "7 7 1 0 4 4 2", "cuatro y media", "H5521-004", "ce de casa 8 8 2 0 1 9 4 5", "desde 2014",
        "cuatro cuatro nueve uno dos cero siete siete", "0 0 7 7 1 2", "610014", "2026",
        "2 0 2 6 0 4 1 1 8 8 3", "1 2 4 5 3 1 9 9 8 7", "siete uno uno", "55120973", "metformina",
        "mil doscientos cincuenta", "diciembre de 2025", "medicare punto gov", "cuarenta dólares",
    ),
    "zh": (
        "7710442", "下午四点半", "H5521-004", "C88201945", "2014年", "四四九一二零七七", "007712", "610014",
        "2026年", "20260411883", "1245319987", "七一一", "55120973", "二甲双胍", "一千二百五十美元",
        "2025年12月", "medicare点gov", "88120", "免赔额",
    ),
}  # fmt: skip
# The bar reached on this set (figures in the README): every direct identifier found.
DEV2_BAR = RECALL_BAR
PRECISION_BAR = 0.97


@pytest.fixture(scope="module")
def snippets() -> list[Snippet]:
    return load_set(DEV2)


@pytest.fixture(scope="module")
def result(snippets: list[Snippet]) -> Score:
    measured = score(snippets, redactor_finds, HARD_NEGATIVES)
    print("\n" + table(measured, "Redactor on the second development set: recall (found/n) per type and language"))
    return measured


def test_the_second_set_is_well_formed_and_big_enough(snippets: list[Snippet]) -> None:
    assert problems(snippets, HARD_NEGATIVES) == []
    assert len(snippets) >= 300


def test_recall_of_direct_identifiers_meets_the_bar_on_the_second_set(result: Score) -> None:
    assert_recall_meets(result, DEV2_BAR)


def test_precision_on_the_second_set(result: Score) -> None:
    assert_precision_at_least(result, PRECISION_BAR)


def test_hard_negatives_stay(result: Score) -> None:
    # Claim, reference and authorization numbers, amounts, contract numbers, times and years are not PHI.
    assert result.service_words_touched == []
