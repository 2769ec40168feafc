"""`heartline voice nps|drivers|themes FILE`, checked against published worked examples.

- NPS: the CYBAEA worked example (Engelhardt 2016, "Net Promoter Score confidence intervals 2: maths
  and stats") — with equal thirds of promoters, passives and detractors the NPS is 0, its standard
  error 100·√((1/3 + 1/3 − 0)/n) and its 95% interval about 320/√n wide: for n = 300, SE 4.714 and
  the interval ±9.24 points.
- Relative weights: the R package rwa's README example, `rwa(mtcars, "mpg", c("cyl", "disp", "hp",
  "gear"))`: R² 0.7791896, raw weights 0.2284797, 0.2221469, 0.2321744, 0.0963886, rescaled 29.32274,
  28.50999, 29.79691, 12.37037 (%).
- Shapley/LMG: general dominance of `mpg ~ am + cyl + carb` on mtcars from the R package domir:
  R² 0.8113023; am 0.2156848, cyl 0.4173094, carb 0.1783081.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.cli import app
from tests.stats.test_drivers import COLUMNS, MTCARS

runner = CliRunner()


def mtcars_csv(tmp_path: Path) -> Path:
    path = tmp_path / "mtcars.csv"
    names = list(COLUMNS)
    lines = [",".join(names)] + [",".join(f"{v:g}" for v in row) for row in MTCARS]
    path.write_text("\n".join(lines) + "\n")
    return path


def run_json(*args: str) -> dict:
    result = runner.invoke(app, ["voice", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_nps_of_equal_thirds_carries_the_adjusted_wald_interval(tmp_path: Path) -> None:
    path = tmp_path / "nps.csv"
    path.write_text("likelihood\n" + "10\n" * 100 + "8\n" * 100 + "2\n" * 100 + "\n")
    answer = run_json("nps", str(path), "--column", "likelihood")
    assert list(answer) == ["nps", "ci_low", "ci_high", "n", "promoters", "passives", "detractors"]
    assert answer["nps"] == 0
    assert answer["n"] == 300
    assert (answer["promoters"], answer["passives"], answer["detractors"]) == (100, 100, 100)
    # Adjusted Wald (Rocks 2016): 100.75 of 303 promoters and detractors, so the margin is
    # 1.959964·100·√(2·100.75/303/303) = 9.18, a little inside CYBAEA's plain 9.24.
    assert answer["ci_high"] == pytest.approx(1.959964 * 100 * (2 * 100.75 / 303 / 303) ** 0.5, abs=1e-4)
    assert answer["ci_high"] == pytest.approx(9.18, abs=0.005)
    assert answer["ci_low"] == pytest.approx(-9.18, abs=0.005)


def test_nps_names_the_row_and_field_of_a_bad_rating(tmp_path: Path) -> None:
    path = tmp_path / "nps.csv"
    path.write_text("nps\n9\nten\n")
    result = runner.invoke(app, ["voice", "nps", str(path), "--column", "nps"])
    assert result.exit_code == 2
    assert "nps.csv row 3, field nps: 'ten' is not a number" in result.output


def test_relative_weights_match_the_rwa_package_on_mtcars(tmp_path: Path) -> None:
    answer = run_json(
        "drivers", str(mtcars_csv(tmp_path)), "--outcome", "mpg", "--drivers", "cyl,disp,hp,gear", "--draws", "200"
    )
    assert list(answer) == ["method", "r2", "n", "drivers"]
    assert [list(d) for d in answer["drivers"]] == [["name", "weight", "share", "ci_low", "ci_high"]] * 4
    assert answer["method"] == "relative-weights"
    assert answer["n"] == 32
    assert answer["r2"] == pytest.approx(0.7791896, abs=5e-8)
    drivers = answer["drivers"]
    assert [d["name"] for d in drivers] == ["cyl", "disp", "hp", "gear"]
    assert [d["weight"] for d in drivers] == pytest.approx([0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=5e-8)
    assert [d["share"] for d in drivers] == pytest.approx([29.32274, 28.50999, 29.79691, 12.37037], abs=5e-6)
    assert all(d["ci_low"] <= d["ci_high"] for d in drivers)


def test_shapley_matches_domir_general_dominance_on_mtcars(tmp_path: Path) -> None:
    answer = run_json(
        "drivers",
        str(mtcars_csv(tmp_path)),
        "--outcome",
        "mpg",
        "--drivers",
        "am,cyl,carb",
        "--method",
        "shapley",
        "--draws",
        "0",
    )
    assert answer["method"] == "shapley"
    assert answer["r2"] == pytest.approx(0.8113023, abs=5e-8)
    assert [d["weight"] for d in answer["drivers"]] == pytest.approx([0.2156848, 0.4173094, 0.1783081], abs=5e-8)
    assert all(d["ci_low"] is None for d in answer["drivers"])


def test_drivers_refuse_an_unknown_method(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["voice", "drivers", str(mtcars_csv(tmp_path)), "--outcome", "mpg", "--drivers", "cyl", "--method", "ols"]
    )
    assert result.exit_code == 2
    assert "method must be one of relative-weights, shapley" in result.output


def test_drivers_leave_out_incomplete_rows_and_say_how_many_were_used(tmp_path: Path) -> None:
    path = mtcars_csv(tmp_path)
    lines = path.read_text().splitlines()
    lines[1] = ",".join(["", *lines[1].split(",")[1:]])  # the first car's mpg is blank
    path.write_text("\n".join(lines) + "\n")
    answer = run_json("drivers", str(path), "--outcome", "mpg", "--drivers", "cyl,hp", "--draws", "0")
    assert answer["n"] == 31


@pytest.mark.django_db  # the command reads the staff's names to redact
def test_themes_of_a_file_carry_n_and_an_interval(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text("verbatim,language\nI waited an hour on hold,en\nEsperé una hora,es\nThe agent was kind,en\n")
    answer = run_json("themes", str(path))
    wait = next(t for t in answer["themes"] if t["theme"] == "wait_time")
    assert wait["n"] == 2
    assert answer["verbatims"] == 3
    assert wait["ci_low"] < 2 / 3 < wait["ci_high"]


WHITFIELD_VERBATIMS = (
    "verbatim,language\n"
    "Dana Whitfield kept me waiting an hour on hold,en\n"
    "Whitfield left me on hold for an hour,en\n"
    "I waited an hour on hold and gave my SSN 123456789,en\n"
)


@pytest.mark.django_db
def test_theme_quotes_of_a_file_name_no_employee(tmp_path: Path, personas) -> None:
    from tests.support.personas import make_employee

    make_employee("dana", personas.agent.role, personas.agent.division, first_name="Dana", last_name="Whitfield")
    path = tmp_path / "v.csv"
    path.write_text(WHITFIELD_VERBATIMS)
    result = runner.invoke(app, ["voice", "themes", str(path), "--json"])
    assert result.exit_code == 0, result.output
    quotes = [q for t in json.loads(result.stdout)["themes"] for q in t["quotes"]]
    assert quotes
    assert not any("Whitfield" in q or "Dana" in q or "123456789" in q for q in quotes)


def test_theme_quotes_are_redacted_of_the_names_in_a_names_file(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(WHITFIELD_VERBATIMS)
    names = tmp_path / "names.txt"
    names.write_text("Dana Whitfield\nWhitfield\n")
    answer = run_json("themes", str(path), "--names", str(names))
    quotes = sorted(q for t in answer["themes"] for q in t["quotes"])
    assert "[NAME] kept me waiting an hour on hold" in quotes
    assert not any("Whitfield" in q or "123456789" in q for q in quotes)
