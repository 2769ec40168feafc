"""`heartline workforce erlang|scenario`: what a planner types and the JSON they get."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from heartline.cli import app

PYWORKFORCE_EXAMPLE = ["--calls", "100", "--aht", "180", "--interval", "1800", "--service-level", "0.8"]
PYWORKFORCE_EXAMPLE += ["--answer-within", "20", "--shrinkage", "0.3", "--max-occupancy", "0.85"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["workforce", *args])
    return result.exit_code, result.output


def test_erlang_json_is_the_pyworkforce_example() -> None:
    code, output = run("erlang", *PYWORKFORCE_EXAMPLE, "--json")

    assert code == 0
    answer = json.loads(output)
    assert set(answer) == {"raw_agents", "agents", "service_level", "occupancy", "wait_probability", "asa"}
    assert (answer["raw_agents"], answer["agents"]) == (14, 20)
    assert answer["service_level"] == pytest.approx(0.8883500191794669)
    assert answer["occupancy"] == pytest.approx(0.7142857142857143)
    assert answer["wait_probability"] == pytest.approx(0.1741319335950498)
    assert answer["asa"] == pytest.approx(7.836, abs=1e-3)


def test_with_patience_it_is_erlang_a_and_reports_abandonment() -> None:
    code, output = run("erlang", *PYWORKFORCE_EXAMPLE, "--patience", "120", "--json")

    assert code == 0
    answer = json.loads(output)
    assert (answer["raw_agents"], answer["agents"]) == (12, 18)
    assert answer["abandon_share"] == pytest.approx(0.0616, abs=1e-4)


def test_without_json_a_table_names_the_figures() -> None:
    code, output = run("erlang", *PYWORKFORCE_EXAMPLE)

    assert code == 0
    assert "Erlang C" in output
    assert "agents on the phones (raw_agents)" in output


@pytest.mark.parametrize(
    ("option", "value"),
    [("--calls", "-5"), ("--service-level", "1.2"), ("--service-level", "0"), ("--shrinkage", "1"), ("--aht", "0")],
)
def test_bad_input_names_the_option_and_exits_2(option: str, value: str) -> None:
    arguments = list(PYWORKFORCE_EXAMPLE)
    arguments[arguments.index(option) + 1] = value

    code, output = run("erlang", *arguments)

    assert code == 2
    assert f"'{option}'" in output


def test_a_scenario_reports_overtime_and_the_service_if_the_schedule_stays(tmp_path: Path) -> None:
    # 100 calls at 180 s per half hour, rostered 20 (14 on the phones); the first week of January at 3×
    # needs 52 rostered: 32 agent-hours in the one affected half hour of each of two queues
    forecast = tmp_path / "forecast.csv"
    pd.DataFrame(
        {
            "queue": ["medicare", "medicare", "commercial", "commercial"],
            "interval_start": ["2027-01-07T23:30:00Z", "2027-01-08T00:00:00Z"] * 2,
            "interval_seconds": 1800,
            "calls": 100.0,
            "aht_seconds": 180.0,
            "scheduled_agents": 20,
        }
    ).to_csv(forecast, index=False)

    code, output = run(
        "scenario",
        "--forecast",
        str(forecast),
        "--volume",
        "3",
        "--from",
        "2027-01-01",
        "--to",
        "2027-01-07",
        "--shrinkage",
        "0.3",
        "--max-occupancy",
        "0.85",
        "--patience",
        "120",
        "--json",
    )

    assert code == 0, output
    answer = json.loads(output)
    assert answer["affected_intervals"] == 2
    assert answer["peak_agents"] == 50
    assert answer["overtime_hours"] == 30.0
    assert answer["abandon_share"] == pytest.approx(0.5335, abs=1e-4)


def test_a_scenario_on_a_file_without_a_column_names_it(tmp_path: Path) -> None:
    forecast = tmp_path / "forecast.csv"
    pd.DataFrame({"queue": ["q"], "interval_start": ["2027-01-01T00:00:00Z"], "calls": [1.0]}).to_csv(forecast)

    code, output = run("scenario", "--forecast", str(forecast), "--json")

    assert code == 2
    assert "interval_seconds" in output
