"""The what-if scenario over a queue's forecast: `GET /api/v1/workforce/scenario` and `/workforce/scenario/`.

The calls of tests/workforce/test_forecast_entry_points.py (queue `general`, ten weeks to 28 February
2026, forecast from 1 March), no staffing plan loaded: the schedule is the plan for the unchanged forecast.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core import clock
from heartline.core.models import AccessLogEntry
from heartline.warehouse.store import Warehouse
from tests.workforce.test_forecast_entry_points import FIRST_DAY, calls  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

SURGE = {"queue": "general", "weeks": 2, "from": FIRST_DAY.isoformat(), "volume": 3, "patience": 120}


def test_tripled_calls_on_an_unchanged_schedule_need_overtime_and_lose_service(
    calls: Warehouse,  # noqa: F811
    client_as: Callable[[str], Client],
) -> None:
    first_week = {**SURGE, "scenario_from": "2026-03-02", "scenario_to": "2026-03-06"}
    answer = client_as("exec").get("/api/v1/workforce/scenario", first_week)

    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["schedule"] == "plan for the unchanged forecast"
    changed, unchanged = data["scenario"], data["unchanged"]
    assert changed["calls"] == pytest.approx(3 * unchanged["calls"], rel=1e-9)
    assert changed["affected_intervals"] == unchanged["affected_intervals"] == 5 * 48
    assert unchanged["overtime_hours"] == 0  # the schedule is the plan for these very calls
    assert changed["overtime_hours"] > 0
    assert changed["peak_agents"] > unchanged["peak_agents"]
    assert unchanged["service_level"] >= 0.8
    assert changed["service_level"] < unchanged["service_level"]
    assert changed["abandon_share"] > unchanged["abandon_share"]  # Erlang A: callers give up
    assert [d["day"] for d in data["days"]] == [f"2026-03-0{d}" for d in range(2, 7)]
    assert sum(d["calls"] for d in data["days"]) == pytest.approx(changed["calls"], rel=1e-9)
    assert AccessLogEntry.objects.filter(action="workforce.scenario", channel="api").exists()


def test_shorter_handle_time_needs_fewer_agents(calls: Warehouse, client_as: Callable[[str], Client]) -> None:  # noqa: F811
    quicker = {**SURGE, "volume": 1, "aht_change": 0.5}
    data = client_as("exec").get("/api/v1/workforce/scenario", quicker).json()

    assert data["scenario"]["peak_agents"] < data["unchanged"]["peak_agents"]
    assert data["scenario"]["overtime_hours"] == 0
    assert data["scenario"]["service_level"] > data["unchanged"]["service_level"]


@pytest.mark.parametrize(
    ("change", "message"),
    [({"volume": -1}, "volume"), ({"shrinkage": 1}, "shrinkage"), ({"queue": "nowhere"}, "'nowhere' has no")],
)
def test_bad_values_are_refused_by_name(
    calls: Warehouse,  # noqa: F811
    client_as: Callable[[str], Client],
    change: dict[str, object],
    message: str,
) -> None:
    answer = client_as("exec").get("/api/v1/workforce/scenario", {**SURGE, **change})
    assert answer.status_code in (400, 422)
    assert message in answer.content.decode()


def test_the_page_shows_both_columns_with_n_and_the_days(
    calls: Warehouse,  # noqa: F811
    client_as: Callable[[str], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clock, "today", lambda: FIRST_DAY)
    page = client_as("exec").get(
        "/workforce/scenario/",
        {"queue": "general", "weeks": "1", "volume": "3", "scenario_from": "2026-03-02", "scenario_to": "2026-03-03"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="scenario-summary"' in html
    assert "With the change" in html
    assert "Nothing changed" in html
    assert "Calls forecast (n)" in html
    assert html.count("<td>2026-03-0") == 2
    bad = client_as("exec").get("/workforce/scenario/", {"queue": "general", "volume": "lots"})
    assert bad.status_code == 400
    assert "volume=&#x27;lots&#x27; is not a number" in bad.content.decode()  # escaped in the page


def test_the_form_alone_before_a_queue_is_asked(calls: Warehouse, client_as: Callable[[str], Client]) -> None:  # noqa: F811
    page = client_as("exec").get("/workforce/scenario/")
    assert page.status_code == 200
    assert 'data-testid="scenario-form"' in page.content.decode()
    assert 'data-testid="scenario-summary"' not in page.content.decode()
