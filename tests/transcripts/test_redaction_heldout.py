"""The PHI redactor on the held-out labelled set (issue 17): written apart from the rules, never tuned on.

`redaction_heldout/` (its README says how it was made: a different hand, without reading the
redactor's code, tests or the development set, and without running the redactor on its texts) holds
817 identifiers in English, Spanish and Chinese. The development set, `redaction_set/`, is what the
rules are tuned against (test_redaction_recall.py); this one measures them. The bar is the issue's:
recall >= 0.99 for each direct identifier type, pooled over the languages; `pytest -s` prints the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transcripts.redaction_scoring import (
    DIRECT,
    RECALL_BAR,
    Score,
    Snippet,
    below_bar,
    load_set,
    problems,
    redactor_finds,
    score,
    table,
)

HELD_OUT = Path(__file__).parent / "redaction_heldout"


@pytest.fixture(scope="module")
def snippets() -> list[Snippet]:
    return load_set(HELD_OUT)


@pytest.fixture(scope="module")
def result(snippets: list[Snippet]) -> Score:
    measured = score(snippets, redactor_finds)
    print("\n" + table(measured, "Redactor on the held-out set: recall (found/n) per type and language"))
    return measured


def test_the_held_out_set_is_well_formed_and_big_enough(snippets: list[Snippet]) -> None:
    assert problems(snippets) == []
    assert sum(len(s.spans) for s in snippets) >= 800


@pytest.mark.xfail(
    strict=True,
    reason="issue 17's bar, not met: on the held-out set the redactor finds 0.88 (member ids, 70/80) to 1.00 (cards) "
    "of each kind of direct identifier (known names 0.91, SSNs 0.92, e-mails 0.93, phones 0.95, MBIs 0.98; all 0.835, "
    "682/817, precision 0.963) with the learned tagger beside the rules (rules alone: 672/817, SSNs 0.85, member ids "
    "0.86, MBIs 0.89, e-mails 0.90, known names 0.91, phones 0.93, precision 0.970; after a fourth and a fifth "
    "development set had moved them 655 -> 669 -> 672); strict, so meeting it fails here until this mark goes",
)
def test_recall_of_direct_identifiers_on_the_held_out_set_meets_the_bar(result: Score) -> None:
    assert below_bar(result, DIRECT, RECALL_BAR) == {}


def test_service_words_stay_on_the_held_out_set(result: Score) -> None:
    # Drug names, plan words, amounts, state names: "Service words (drug names, deductible, 处方) stay."
    assert result.service_words_touched == []
