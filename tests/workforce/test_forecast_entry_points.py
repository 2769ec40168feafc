"""The forecast from the warehouse: `forecast_intervals`, the API, the page and the command.

Ten weeks of synthetic calls on queue `general` (unit commercial) up to 28 February 2026, written as
contacts (each answered after 20 s, 300 s of talk), forecast from 1 March.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.models import AccessLogEntry, Role
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from heartline.workforce.forecast import forecast_intervals
from heartline.workforce.synthetic import synthetic_history
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2026, 3, 1)
CONTRACT = ["queue", "interval_start", "interval_seconds", "calls", "calls_low", "calls_high", "aht_seconds"]


@cache
def contact_rows() -> list[dict[str, Any]]:
    history = synthetic_history(
        ["general"], dt.date(2025, 12, 21), 70, calls_per_day=40, zone="America/New_York", seed=3
    )
    rows = []
    for interval in history.itertuples(index=False):
        for i in range(int(interval.calls)):
            start = interval.interval_start.to_pydatetime() + dt.timedelta(seconds=37 * i)
            rows.append(
                {
                    "contact_id": f"g-{start.isoformat()}-{i}",
                    "member_id": f"M{i}",
                    "channel": "phone",
                    "direction": "inbound",
                    "queue": "general",
                    "unit": "commercial",
                    "agent_id": "e-agent",
                    "started_at": start,
                    "answered_at": start + dt.timedelta(seconds=20),
                    "ended_at": start + dt.timedelta(seconds=320),
                    "talk_seconds": 300,
                    "abandoned": False,
                }
            )
    return rows


@pytest.fixture
def calls(app_warehouse: Warehouse, personas: Personas) -> Warehouse:
    write_batch(app_warehouse, CONTACTS, pa.Table.from_pylist(contact_rows(), schema=CONTACTS.schema), source="tests")
    return app_warehouse


def test_forecast_intervals_keeps_the_contract(calls: Warehouse) -> None:
    frame = forecast_intervals("general", 2, first_day=FIRST_DAY)
    assert list(frame.columns) == CONTRACT
    assert len(frame) == 14 * 48 - 2  # New York's clocks skip an hour on 8 March
    assert frame["interval_start"].iloc[0] == pd.Timestamp("2026-03-01 05:00", tz="UTC")  # New York midnight
    assert (frame["interval_seconds"] == 1800).all()
    assert frame["aht_seconds"][frame["calls"] > 0.5].round(6).eq(300.0).all()
    weekdays = frame[frame["interval_start"].dt.tz_convert("America/New_York").dt.dayofweek < 5]
    assert weekdays["calls"].sum() / 10 == pytest.approx(40 * (1.25 + 1.1 + 1.0 + 0.95 + 0.9) / 5 * 0.5, rel=0.25)
    assert {s["method"] for s in frame.attrs["backtest"]} == {"arima_events", "seasonal_naive", "last_year_same_week"}


def test_a_manager_of_another_unit_has_no_history_to_forecast(calls: Warehouse, personas: Personas) -> None:
    from heartline.core.scoping import caller_for
    from heartline.workforce.forecast import ForecastError

    medicare_manager = caller_for(personas.manager.user)
    with pytest.raises(ForecastError, match="no offered contacts"):
        forecast_intervals("general", 2, caller=medicare_manager, first_day=FIRST_DAY)


def test_the_api_gives_intervals_days_and_the_backtest(calls: Warehouse, client: Client, personas: Personas) -> None:
    planner = make_employee("planner", Role.WORKFORCE_PLANNER, personas.org.division)
    client.force_login(planner.user)
    answer = client.get("/api/v1/workforce/forecast", {"queue": "general", "weeks": 1, "from": FIRST_DAY.isoformat()})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert len(data["intervals"]) == 7 * 48
    assert set(data["intervals"][0]) == set(CONTRACT)
    assert len(data["daily"]) == 7
    assert [s["method"] for s in data["backtest"]["scores"]] == [
        "arima_events",
        "seasonal_naive",
        "last_year_same_week",
    ]
    assert data["backtest"]["scores"][0]["n"] == data["backtest"]["windows"] * 7
    assert AccessLogEntry.objects.filter(action="workforce.forecast", username="planner").exists()


def test_the_api_refuses_an_unknown_queue_by_name(calls: Warehouse, client_as: Callable[[str], Client]) -> None:
    answer = client_as("exec").get("/api/v1/workforce/forecast", {"queue": "nowhere", "from": FIRST_DAY.isoformat()})
    assert answer.status_code == 400
    assert "'nowhere' has no offered contacts" in answer.json()["detail"]


def test_the_page_shows_the_chart_and_the_backtest_with_n(
    calls: Warehouse, client_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: FIRST_DAY)
    page = client_as("exec").get("/workforce/forecast/", {"queue": "general", "weeks": "2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="backtest"' in html
    assert "Seasonal naive" in html
    assert "n days" in html
    assert 'class="chart" data-spec=' in html
    assert "general (n = " in html


def test_the_command_prints_json_with_the_contract(calls: Warehouse) -> None:
    result = CliRunner().invoke(
        app, ["workforce", "forecast", "--queue", "general", "--weeks", "1", "--from", "2026-03-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["intervals"]) == 7 * 48
    assert data["backtest"]["scores"][0]["method"] == "arima_events"


def test_the_command_summarises_by_day(calls: Warehouse) -> None:
    result = CliRunner().invoke(
        app, ["workforce", "forecast", "--queue", "general", "--weeks", "1", "--from", "2026-03-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Sun 2026-03-01" in result.output
    assert "seasonal_naive" in result.output
