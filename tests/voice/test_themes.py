"""Theme assignment, sentiment, discovered themes and trends.

Assignment quality is measured on tests/voice/data/labeled_verbatims.csv: 160 verbatims (60 English,
50 Spanish, 50 Chinese) labeled by hand with the taxonomy's themes by meaning, not by keyword. The
lexicons and the sample were written by the same person, so the figure is optimistic; the floor
guards against regressions. The trend test uses Newcombe (1998), "Interval estimation for the
difference between independent proportions", Statistics in Medicine 17:873–890, example (a):
56/70 − 48/80 = 0.2000 with the method-10 (hybrid score) interval 0.0524 to 0.3339.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from heartline.stats.proportion_difference import proportion_change
from heartline.voice.themes import Verbatim, assign, f1_scores, summarize, verbatim_sentiment

SAMPLE = Path(__file__).parent / "data" / "labeled_verbatims.csv"
F1_FLOOR = 0.85
LANGUAGE_F1_FLOOR = 0.80


def labeled() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_labeled_sample_has_at_least_150_verbatims_in_three_languages() -> None:
    rows = labeled()
    assert len(rows) >= 150
    assert {row["language"] for row in rows} == {"en", "es", "zh"}


@pytest.mark.parametrize("language", [None, "en", "es", "zh"])
def test_theme_assignment_f1_stays_above_its_floor(language: str | None) -> None:
    rows = [r for r in labeled() if language is None or r["language"] == language]
    predicted = [{m.theme for m in assign(r["text"], r["language"])} for r in rows]
    expected = [set(filter(None, r["themes"].split(";"))) for r in rows]
    scores = f1_scores(predicted, expected)
    assert scores["f1"] >= (F1_FLOOR if language is None else LANGUAGE_F1_FLOOR)


def test_chinese_is_segmented_so_a_phrase_is_a_theme() -> None:
    assert [m.theme for m in assign("客服态度差，还挂断了电话。", "zh")] == ["rude_staff"]


def test_sentiment_reads_clauses_separately() -> None:
    mentions = {m.theme: m.sentiment for m in assign("The agent was kind and patient, but I waited an hour.", "en")}
    assert mentions["kind_staff"] > 0
    assert mentions["wait_time"] < 0


def test_a_negator_flips_a_feeling_word() -> None:
    assert verbatim_sentiment("The representative was not helpful.", "en") == "negative"
    assert verbatim_sentiment("La representante no fue amable.", "es") == "negative"


def test_quotes_are_redacted_of_phi() -> None:
    verbatims = [Verbatim("1", "I waited an hour, call me at 555-201-3344 about NBH000004521.", "en")]
    report = summarize(verbatims)
    assert report.themes[0].quotes == ["I waited an hour, call me at [PHONE] about [MEMBER ID]."]


def test_themes_the_taxonomy_misses_are_discovered() -> None:
    verbatims = [Verbatim(str(i), f"The dental coverage is unclear for case {i}", "en") for i in range(6)]
    verbatims += [Verbatim(f"w{i}", "I waited an hour", "en") for i in range(6)]
    report = summarize(verbatims, discover_min=5)
    assert report.uncovered == 6
    terms = {d.term: d.n for d in report.discovered}
    assert terms["dental coverage"] == 6
    assert "dental" not in terms  # a word its pair already says is not listed twice


def test_a_theme_trends_up_when_the_interval_of_its_change_excludes_zero() -> None:
    split = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    before, after = split - dt.timedelta(days=3), split + dt.timedelta(days=3)
    verbatims = [Verbatim(f"a{i}", "I waited an hour" if i < 5 else "Fine", "en", before) for i in range(50)]
    verbatims += [Verbatim(f"b{i}", "I waited an hour" if i < 30 else "Fine", "en", after) for i in range(50)]
    wait = next(t for t in summarize(verbatims, split_at=split).themes if t.code == "wait_time")
    assert wait.trend is not None
    assert (wait.trend.earlier, wait.trend.later) == (0.1, 0.6)
    assert wait.trending_up


def test_proportion_change_matches_newcombe_1998_example_a() -> None:
    change = proportion_change(48, 80, 56, 70)
    assert change.change == pytest.approx(0.2)
    assert change.ci_low == pytest.approx(0.0524, abs=5e-5)
    assert change.ci_high == pytest.approx(0.3339, abs=5e-5)


def test_a_discovered_term_that_is_a_member_id_is_not_listed() -> None:
    # The same member writes five times about something no theme covers, quoting their ID each time.
    verbatims = [Verbatim(str(i), f"Dental coverage question, member NBH000012345, try {i}", "en") for i in range(5)]
    verbatims += [Verbatim(f"z{i}", "牙科保险的问题，会员号NBH000012345", "zh") for i in range(5)]
    verbatims += [Verbatim(f"w{i}", "I waited an hour", "en") for i in range(10)]
    terms = [d.term for d in summarize(verbatims, discover_min=5).discovered]
    assert "dental coverage" in terms
    assert not [t for t in terms if "nbh000012345" in t.casefold()]


@pytest.mark.parametrize(
    ("verbatim", "expected"),
    [("Fue útil.", "positive"), ("No fue útil.", "negative"), ("La llamada fue inútil.", "negative")],
)
def test_spanish_sentiment_reads_util(verbatim: str, expected: str) -> None:
    assert verbatim_sentiment(verbatim, "es") == expected
