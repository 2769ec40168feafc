"""The PHI redactor on the third development set (`redaction_dev3/`, issue 17; see its README).

Written by a fresh hand before reading the redactor's rules, as ASR-like call text: lower case, no
punctuation, numbers as words, fillers, self-corrections ("no wait, it's…", "no espere", "不对"),
identifiers split across a representative's read-back, letters by name and by "as in" words, Spanish
and Chinese number words — with hard negatives (claim, reference, authorization, confirmation, group
and NPI numbers, plan contract numbers, amounts, times, drug names). The rules were then tuned against
it, so its figures overstate what the redactor does on unseen text. Used only through
`Redactor(names=known_names).findings(text)`; `pytest -s` prints the table.
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

DEV3 = Path(__file__).parent / "redaction_dev3"
# Hard negatives: each occurs in the set and must stay (claim, reference, authorization, confirmation,
# group and NPI numbers, plan contract numbers, amounts, times, drug names).
HARD_NEGATIVES = {
    "en": (
        "4 4 0 1 9 2 2 8 3 1", "$312.50", "r e f 7 7 3 0 9 1", "tier three", "$47", "H3312-017",
        "a u t h 2 2 9 1 8 0 4", "2:30 pm", "1 3 8 4 9 2 0 1 7 5", "$590", "atorvastatin", "$164.20",
        "6 6 1 0 2 9 3 8", "2 0 2 6 1 1 0 4 7 7 8", "$88", "lisinopril", "1 9 2 2 0 4 8 8 1 6",
        "5 5 1 2 0 0 9 3", "p a 9 9 0 1 2 3 4", "5 pm", "$212.75", "H7890-002", "4 0 0 1 2 8", "eliquis",
        "7 1 1 0 3 2 9 8 4 4 0", "$1,420", "H5521-004", "metformin", "ozempic",
    ),
    "es": (
        "3 3 0 1 8 8 2 9 4", "cuarenta dólares", "a u t 5 5 0 2 1 9 7", "tres y media", "metformina",
        "mil doscientos cincuenta dólares", "7 1 0 4 4 9 2", "ciento sesenta y cuatro dólares", "H4461-009",
        "1 6 6 2 0 4 8 3 9 1", "ochenta y ocho dólares", "diez de la mañana", "c o n 8 8 2 9 1 0",
        "atorvastatina", "dos y cuarto", "doscientos doce dólares con setenta y cinco", "4 0 0 1 2 8",
        "2 0 2 6 0 3 1 5 5 2 2", "lisinopril", "veinte miligramos",
    ),
    "zh": (
        "4 4 0 1 9 2 2 8 3 1", "三百一十二美元", "二甲双胍", "五百毫克", "PA 9 9 0 1 2 3 4", "下午三点",
        "1 3 8 4 9 2 0 1 7 5", "7 7 3 0 9 1", "一百六十四美元二十分", "H3312-017", "阿托伐他汀", "二十毫克",
        "AUTH 2 2 9 1 8 0 4", "下午两点半", "2 0 2 6 1 1 0 4 7 7 8", "八十八美元", "5 5 1 2 0 0 9 3",
        "依乐韦", "免赔额",
    ),
}  # fmt: skip
# The bar: every direct identifier found, as on the other development sets.
DEV3_BAR = RECALL_BAR
PRECISION_BAR = 0.97


@pytest.fixture(scope="module")
def snippets() -> list[Snippet]:
    return load_set(DEV3)


@pytest.fixture(scope="module")
def result(snippets: list[Snippet]) -> Score:
    measured = score(snippets, redactor_finds, HARD_NEGATIVES)
    print("\n" + table(measured, "Redactor on the third development set: recall (found/n) per type and language"))
    return measured


def test_the_third_set_is_well_formed_and_big_enough(snippets: list[Snippet]) -> None:
    assert problems(snippets, HARD_NEGATIVES) == []
    assert len(snippets) >= 300


@pytest.mark.xfail(
    strict=True,
    reason="not met after tuning (README): known names 0.98 ('fontaine hyphen bell', a surname 'n g' spelled in "
    "two letters), e-mails 0.95 ('m a r g i e' read back alone), member ids 0.98 ('j d x': letters alone); SSNs "
    "1.00 since thousands are read as digits (redact4); strict, so meeting it fails here until this mark goes",
)
def test_recall_of_direct_identifiers_meets_the_bar_on_the_third_set(result: Score) -> None:
    assert_recall_meets(result, DEV3_BAR)


def test_precision_on_the_third_set(result: Score) -> None:
    assert_precision_at_least(result, PRECISION_BAR)


def test_hard_negatives_stay(result: Score) -> None:
    # Claim, reference and authorization numbers, amounts, contract numbers, times and drugs are not PHI.
    assert result.service_words_touched == []
