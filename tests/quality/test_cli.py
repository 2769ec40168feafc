"""`heartline quality agreement` against Krippendorff's published worked examples, in both CSV shapes.

Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
Communication Departmental Papers 43: four observers A–D × twelve units with missing values, alpha
nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797; section A, two observers × ten units of
binary data, alpha 0.095.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.commands.quality import app

# Units 1–12 as rows, observers A–D as columns; empty = the paper's "." (not scored).
WIDE = """unit,A,B,C,D
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


def long_form() -> str:
    lines = ["unit,rater,value"]
    for row in WIDE.strip().splitlines()[1:]:
        unit, *scores = row.split(",")
        lines += [f"{unit},{rater},{score}" for rater, score in zip("ABCD", scores, strict=True)]
    return "\n".join(lines) + "\n"


def run(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["agreement", str(path), *args, "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
@pytest.mark.parametrize("shape", ["wide", "long"])
def test_agreement_prints_krippendorffs_published_alpha(
    tmp_path: Path, level: str, published: float, shape: str
) -> None:
    path = tmp_path / f"{shape}.csv"
    path.write_text(WIDE if shape == "wide" else long_form())

    figures = run(path, "--level", level, "--draws", "200")

    assert figures["alpha"] == pytest.approx(published, abs=5e-4)
    assert (figures["level"], figures["units"], figures["raters"], figures["pairable_values"]) == (level, 11, 4, 40)
    assert float(figures["ci_low"]) <= published <= float(figures["ci_high"])  # type: ignore[arg-type]


def test_agreement_of_the_binary_two_coder_example(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    coder_a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    coder_b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    path.write_text(
        "unit,A,B\n" + "".join(f"{u},{a},{b}\n" for u, (a, b) in enumerate(zip(coder_a, coder_b, strict=True), 1))
    )

    assert run(path, "--draws", "0")["alpha"] == pytest.approx(0.095, abs=5e-4)


def test_a_bad_score_is_refused_naming_file_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("unit,A,B\n1,3,4\n2,x,4\n")

    result = CliRunner().invoke(app, ["agreement", str(path), "--level", "interval"])

    assert result.exit_code == 1
    assert "row 3, field 'A': 'x' is not a number" in result.output


@pytest.mark.parametrize(
    "text",
    [
        '[{"call": 1, "score": 4}, {"call": 2, "score": 5}]\n',  # JSON, not a CSV of scores
        "unit,A\n1,3\n2,4\n",  # one rater: nothing to compare
        "call,coder,score\n",  # a header and no scores
    ],
)
def test_a_file_that_is_not_reliability_data_is_refused_saying_what_was_expected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.csv"
    path.write_text(text)

    result = CliRunner().invoke(app, ["agreement", str(path)])

    assert result.exit_code == 1
    assert "no unit is scored by two or more raters" in result.output
    assert "unit,rater,value" in result.output
