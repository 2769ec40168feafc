"""Krippendorff's alpha against published worked examples, a peer implementation, and the CSV readers.

Published examples:
- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  Communication Departmental Papers 43. Section A: two observers, binary data, no missing values,
  alpha = 0.095. Sections C–E: four observers × twelve units with missing values, alpha nominal
  0.743, ordinal 0.815, interval 0.849, ratio 0.797. The same data and values are asserted by the
  `krippendorff` PyPI package's tests (pln-fing-udelar/fast-krippendorff, tests/test_krippendorff.py)
  and by the R package icr's tests.
- Wikipedia, "Krippendorff's alpha", section "A computational example": three coders × fifteen units,
  alpha nominal 0.691 (the krippendorff package's tests give 0.691358 nominal, 0.810845 interval).
Peer numbers are from the `krippendorff` package 0.9.0, run once in a scratch environment and kept
here as literals; the suite does not depend on it.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from heartline.stats.agreement import krippendorff_alpha, parse_reliability_csv, read_reliability_csv

nan = np.nan

# Krippendorff (2011), observers A–D (rows) × units 1–12 (columns); "." in the paper is NaN here.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]

# Wikipedia's computational example, coders A–C × units 1–15.
WIKIPEDIA_EXAMPLE = [
    [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
    [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
    [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
]

# A QA calibration session: five analysts × ten calls scored 0–100, some calls not scored by everyone.
CALIBRATION_SESSION = [
    [80, 65, 90, nan, 70, 55, 95, 60, 85, 75],
    [85, 60, 90, 40, 75, nan, 90, 65, 80, 70],
    [75, 70, 95, 45, nan, 50, 100, 55, 85, nan],
    [nan, 65, 85, 35, 70, 60, 95, 60, nan, 80],
    [90, 55, 90, 50, 65, 55, nan, 70, 90, 75],
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_matches_krippendorff_2011_four_observers(level: str, published: float) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011, level, draws=0)  # type: ignore[arg-type]
    assert result.alpha == pytest.approx(published, abs=5e-4)


def test_alpha_counts_what_it_rests_on_in_krippendorff_2011() -> None:
    # Unit 12 has one value, so it is not pairable: 11 units; n.. = 3 + 8·4 + 3 + 2 = 40 values.
    result = krippendorff_alpha(KRIPPENDORFF_2011, "nominal", draws=0)
    assert (result.units, result.raters, result.pairable_values) == (11, 4, 40)


def test_alpha_matches_krippendorff_2011_binary_two_observers() -> None:
    # Section A. Coincidences: o_00 = 10, o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6, n = 20.
    # alpha = 1 − (n − 1)·o_01 / (n_0·n_1) = 1 − 19·4 / 84 = 8/84 = 0.0952.
    coders = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert krippendorff_alpha(coders, "nominal", draws=0).alpha == pytest.approx(8 / 84, abs=1e-12)


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.691358), ("interval", 0.810845)])
def test_alpha_matches_wikipedia_computational_example(level: str, expected: float) -> None:
    result = krippendorff_alpha(WIKIPEDIA_EXAMPLE, level, draws=0)  # type: ignore[arg-type]
    assert result.alpha == pytest.approx(expected, abs=5e-7)


@pytest.mark.parametrize(
    ("level", "peer"),
    [
        ("nominal", 0.0719381688466112),
        ("ordinal", 0.9102853398041056),
        ("interval", 0.908532176428055),
        ("ratio", 0.8901497257085157),
    ],
)
def test_alpha_matches_krippendorff_package_on_a_calibration_session(level: str, peer: float) -> None:
    result = krippendorff_alpha(CALIBRATION_SESSION, level, draws=0)  # type: ignore[arg-type]
    assert result.alpha == pytest.approx(peer, abs=1e-12)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_perfect_agreement_is_one(level: str) -> None:
    scores = [[1, 2, 3, 4, nan], [1, 2, 3, 4, 2], [1, nan, 3, 4, 2]]
    assert krippendorff_alpha(scores, level).alpha == 1.0  # type: ignore[arg-type]


def test_alpha_is_undefined_when_every_score_is_the_same() -> None:
    result = krippendorff_alpha([[3, 3, 3], [3, 3, 3]], "interval")
    assert np.isnan([result.alpha, result.ci_low, result.ci_high]).all()


def test_alpha_is_undefined_without_pairable_units() -> None:
    result = krippendorff_alpha([[1, nan], [nan, 2]], "nominal")
    assert np.isnan(result.alpha)
    assert (result.units, result.raters, result.pairable_values) == (0, 0, 0)


def test_bootstrap_interval_is_reproducible_with_a_seed() -> None:
    first = krippendorff_alpha(CALIBRATION_SESSION, "interval", seed=7)
    second = krippendorff_alpha(CALIBRATION_SESSION, "interval", seed=7)
    assert first == second


def test_bootstrap_interval_brackets_alpha() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011, "interval", seed=1)
    assert result.ci_low < result.alpha < result.ci_high


def test_no_draws_means_no_interval() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011, "nominal", draws=0)
    assert np.isnan([result.ci_low, result.ci_high]).all()


def test_ratio_scores_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="ratio scores must be >= 0"):
        krippendorff_alpha([[1, -2], [1, 2]], "ratio")


def test_alpha_rejects_a_flat_list() -> None:
    with pytest.raises(ValueError, match="raters × units matrix"):
        krippendorff_alpha([1, 2, 3], "nominal")


# -- CSV readers ---------------------------------------------------------------------------------

WIDE_2011 = """call,A,B,C,D
1,1,1,,1
2,2,2,3,2
3,3,3,3,3
4,3,3,3,3
5,2,2,2,2
6,1,2,3,4
7,4,4,4,4
8,1,1,2,1
9,2,2,2,2
10,,5,5,5
11,,,1,1
12,,3,,
"""


def test_wide_csv_gives_the_published_alpha() -> None:
    data = parse_reliability_csv(WIDE_2011, "nominal")
    assert krippendorff_alpha(data.matrix, "nominal", draws=0).alpha == pytest.approx(0.743, abs=5e-4)


def test_wide_csv_keeps_rater_and_unit_order() -> None:
    data = parse_reliability_csv(WIDE_2011, "interval")
    assert data.rater_ids == ("A", "B", "C", "D")
    assert data.unit_ids == tuple(str(unit) for unit in range(1, 13))
    np.testing.assert_array_equal(data.matrix, np.array(KRIPPENDORFF_2011))


def test_long_csv_reads_the_same_matrix_as_wide() -> None:
    long_text = "unit,rater,value\n" + "".join(
        f"{unit},{rater},{'' if np.isnan(score) else int(score)}\n"
        for rater, row in zip("ABCD", KRIPPENDORFF_2011, strict=True)
        for unit, score in enumerate(row, start=1)
    )
    data = parse_reliability_csv(long_text, "ordinal")
    assert data.rater_ids == ("A", "B", "C", "D")
    np.testing.assert_array_equal(data.matrix, np.array(KRIPPENDORFF_2011))


def test_read_reliability_csv_reads_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "calibration.csv"
    path.write_text("\ufeff" + WIDE_2011, encoding="utf-8")
    assert read_reliability_csv(path, "ratio").rater_ids == ("A", "B", "C", "D")


def test_non_numeric_interval_score_names_file_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("call,ana,ben\nc1,80,85\nc2,seventy,70\n", encoding="utf-8")
    expected = f"{path}: row 3, field 'ana': 'seventy' is not a number (interval scores must be numbers)"
    with pytest.raises(ValueError, match=re.escape(expected)):
        read_reliability_csv(path, "interval")


def test_nominal_labels_are_coded_in_order_of_appearance() -> None:
    data = parse_reliability_csv("unit,rater,value\nc1,ana,pass\nc1,ben,fail\nc2,ana,fail\n", "nominal")
    assert data.labels == ("pass", "fail")
    np.testing.assert_array_equal(data.matrix, np.array([[0.0, 1.0], [1.0, nan]]))


def test_value_order_codes_ordinal_words_by_position() -> None:
    text = "call,ana,ben\nc1,Always,usually\nc2,Never,Sometimes\n"
    data = parse_reliability_csv(text, "ordinal", value_order=["Never", "Sometimes", "Usually", "Always"])
    np.testing.assert_array_equal(data.matrix, np.array([[3.0, 0.0], [2.0, 1.0]]))


def test_value_order_rejects_an_unlisted_word() -> None:
    with pytest.raises(ValueError, match=r"<csv>: row 2, field 'ben': 'Often' is not one of Never, Always"):
        parse_reliability_csv("call,ana,ben\nc1,Never,Often\n", "ordinal", value_order=["Never", "Always"])


def test_long_csv_rejects_a_second_score_for_the_same_rater_and_unit() -> None:
    text = "unit,rater,value\nc1,ana,3\nc1,ben,4\nc1,ana,5\n"
    with pytest.raises(ValueError, match=r"row 4: rater 'ana' already scored unit 'c1' on row 2"):
        parse_reliability_csv(text, "interval")


def test_wide_csv_rejects_a_short_row() -> None:
    with pytest.raises(ValueError, match=r"row 3 has 2 fields, the header has 3"):
        parse_reliability_csv("call,ana,ben\nc1,1,2\nc2,1\n", "nominal")


def test_negative_ratio_score_names_row_and_field() -> None:
    with pytest.raises(ValueError, match=r"row 2, field 'value': ratio scores must be >= 0"):
        parse_reliability_csv("unit,rater,value\nc1,ana,-3\n", "ratio")


# -- interval scores without the units × values coincidence counts -------------------------------


def coincidence_path(data: object, draws: int = 0, seed: int = 0) -> tuple[float, np.ndarray]:
    """Interval alpha (and bootstrap alphas) the general way, through the units × values counts."""
    from functools import partial

    from heartline.stats.agreement import _alpha_for_unit_weights, _as_score_matrix, _bootstrap_alphas, _pairable_scores

    scores = _pairable_scores(_as_score_matrix(data))
    alpha_of = partial(_alpha_for_unit_weights, scores, "interval")
    units = scores.counts.shape[0]
    alpha = float(alpha_of(np.ones((1, units)))[0])
    return alpha, _bootstrap_alphas(alpha_of, units, units, draws, seed) if draws else np.array([])


def scattered_scores() -> np.ndarray:
    rng = np.random.default_rng(8)
    scores = rng.normal(70, 10, size=40) + rng.normal(0, 4, size=(5, 40))
    scores[rng.random(scores.shape) < 0.3] = nan  # some units scored once: not pairable
    return scores


@pytest.mark.parametrize("data", [KRIPPENDORFF_2011, WIKIPEDIA_EXAMPLE, scattered_scores()])
def test_interval_alpha_from_unit_sums_equals_the_coincidence_matrix_path(data: object) -> None:
    expected, _ = coincidence_path(data)

    assert krippendorff_alpha(data, "interval", draws=0).alpha == pytest.approx(expected, abs=1e-12)


def test_interval_bootstrap_from_unit_sums_equals_the_coincidence_matrix_path() -> None:
    _, boot = coincidence_path(KRIPPENDORFF_2011, draws=500, seed=4)
    low, high = np.quantile(boot[np.isfinite(boot)], [0.025, 0.975])

    result = krippendorff_alpha(KRIPPENDORFF_2011, "interval", draws=500, seed=4)

    assert (result.ci_low, result.ci_high) == pytest.approx((low, high), abs=1e-12)


def test_interval_alpha_of_continuous_scores_needs_memory_in_proportion_to_the_scores() -> None:
    """3 raters × 200,000 units, every score a distinct value: the units × values counts would take
    200,000 × 600,000 × 8 bytes ≈ 894 GiB; the scores themselves take 4.6 MiB."""
    import tracemalloc

    rng = np.random.default_rng(5)
    scores = rng.normal(70, 10, size=200_000) + rng.normal(0, 4, size=(3, 200_000))

    tracemalloc.start()
    result = krippendorff_alpha(scores, "interval", draws=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert peak < 64 * 2**20
    assert (result.units, result.pairable_values) == (200_000, 600_000)
    assert result.alpha == pytest.approx(100 / 116, abs=0.01)  # true-score variance over total
