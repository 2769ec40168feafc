"""The staffing plan against the forecast (`compare_plan`, `heartline workforce plan`) and the intraday
page and API, on hand-made frames and on ten weeks of synthetic calls (tests.workforce.
test_forecast_entry_points' fixture: queue `general`, unit commercial, every call answered after 20 s
with 300 s of talk, by agent `e-agent`, up to 28 February 2026)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.contacts.tables import CONTACTS
from heartline.core.models import AccessLogEntry, Queue
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from heartline.workforce.plan import compare_plan
from heartline.workforce.staffing import StaffingTarget
from heartline.workforce.staffing_plan import STAFFING_PLAN
from tests.support.personas import Personas, make_queue
from tests.workforce.test_forecast_entry_points import contact_rows

# The worked example of docs/workforce.md (`heartline workforce erlang --calls 100 --aht 180 --interval 1800
# --service-level 0.8 --answer-within 20 --shrinkage 0.3 --max-occupancy 0.85`): 14 on the phones, 20 rostered.
TARGET = StaffingTarget(service_level=0.8, answer_within=20.0, max_occupancy=0.85, shrinkage=0.3)
T0 = pd.Timestamp("2027-01-04 14:00", tz="UTC")


def forecast_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "queue": "general",
            "interval_start": [T0, T0 + pd.Timedelta(minutes=30), T0 + pd.Timedelta(minutes=60)],
            "interval_seconds": 1800,
            "calls": [100.0, 100.0, 0.0],
            "aht_seconds": [180.0, 180.0, 0.0],
        }
    )


def test_the_plan_sets_required_beside_scheduled_with_the_gap_and_the_schedules_service() -> None:
    scheduled = pd.DataFrame(
        {"queue": "general", "interval_start": [T0, T0 + pd.Timedelta(minutes=30)], "scheduled_agents": [15, 20]}
    )
    compared = compare_plan(forecast_frame(), scheduled, TARGET)

    assert compared["raw_agents"].tolist() == [14, 14, 0]
    assert compared["agents"].tolist() == [20, 20, 0]
    assert compared["scheduled_agents"].tolist() == [15, 20, 0]
    assert compared["gap"].tolist() == [-5, 0, 0]
    assert compared["overtime_hours"].tolist() == [2.5, 0.0, 0.0]
    # 15 rostered at 30% shrinkage: floor(10.5) = 10 on the phones for 10 erlangs — nobody answered in time
    assert compared["expected_service_level"].iloc[0] == pytest.approx(0.0)
    assert compared["expected_asa"].iloc[0] == float("inf")
    # 20 rostered: 14 on the phones, as `heartline workforce erlang` says (88.8% within 20 s, ASA 7.84 s)
    assert compared["expected_service_level"].iloc[1] == pytest.approx(0.888, abs=5e-4)
    assert compared["expected_asa"].iloc[1] == pytest.approx(7.84, abs=5e-3)


def test_an_interval_the_plan_does_not_name_has_nobody_scheduled() -> None:
    compared = compare_plan(
        forecast_frame(), pd.DataFrame(columns=["queue", "interval_start", "scheduled_agents"]), TARGET
    )
    assert compared["scheduled_agents"].tolist() == [0, 0, 0]
    assert compared["gap"].tolist() == [-20, -20, 0]


FEB_28 = dt.date(2026, 2, 28)


def plan_rows(day: dt.date, agents: int) -> pa.Table:
    starts = pd.date_range(pd.Timestamp(day).tz_localize("America/New_York"), periods=48, freq="30min").tz_convert(
        "UTC"
    )
    return pa.table(
        {
            "queue": ["general"] * 48,
            "interval_start": pa.array(
                starts.tz_localize(None).to_numpy().astype("datetime64[us]"), pa.timestamp("us", tz="UTC")
            ),
            "interval_seconds": pa.array([1800] * 48, pa.int32()),
            "scheduled_agents": pa.array([agents] * 48, pa.int32()),
            "unit": ["commercial"] * 48,
        },
        schema=STAFFING_PLAN.schema,
    )


@pytest.fixture
def planned(app_warehouse: Warehouse, personas: Personas) -> Warehouse:
    write_batch(app_warehouse, CONTACTS, pa.Table.from_pylist(contact_rows(), schema=CONTACTS.schema), source="tests")
    write_batch(app_warehouse, STAFFING_PLAN, plan_rows(dt.date(2026, 3, 2), 3), source="tests")
    write_batch(app_warehouse, STAFFING_PLAN, plan_rows(FEB_28, 2), source="tests")
    return app_warehouse


@pytest.mark.django_db
def test_the_command_plans_the_forecast_against_the_loaded_plan(planned: Warehouse) -> None:
    result = CliRunner().invoke(
        app, ["workforce", "plan", "--queue", "general", "--weeks", "1", "--from", "2026-03-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["target"]["service_level"] == 0.8
    [queue] = data["queues"]
    assert queue["queue"] == "general"
    intervals = queue["intervals"]
    assert len(intervals) == 7 * 48
    monday = [
        i for i in intervals if i["interval_start"].startswith("2026-03-02T") and i["interval_start"] >= "2026-03-02T05"
    ]
    assert {i["scheduled_agents"] for i in monday} == {3}
    assert all(i["gap"] == i["scheduled_agents"] - i["agents"] for i in intervals)
    assert queue["summary"]["intervals"] == 7 * 48
    assert queue["summary"]["short_intervals"] == sum(i["gap"] < 0 for i in intervals)
    assert queue["summary"]["scheduled_agent_hours"] == pytest.approx(3 * 24)


@pytest.mark.django_db
def test_the_command_prints_a_table_by_day(planned: Warehouse) -> None:
    result = CliRunner().invoke(
        app, ["workforce", "plan", "--queue", "general", "--weeks", "1", "--from", "2026-03-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Mon 2026-03-02" in result.output
    assert "72.0" in result.output  # 3 agents × 24 hours scheduled on Monday


@pytest.mark.django_db
def test_the_intraday_api_gives_the_last_day_with_contacts_by_interval(
    planned: Warehouse, client_as: Callable[[str], Client]
) -> None:
    answer = client_as("exec").get("/api/v1/workforce/intraday", {"queue": "general"})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["day"] == "2026-02-28"
    assert data["hold_standard_seconds"] is None  # not a Medicare queue
    offered = [i for i in data["intervals"] if i["offered"]]
    assert sum(i["offered"] for i in data["intervals"]) == data["offered"] > 0
    busy = offered[0]
    assert busy["service_level"] == {
        "value": 1.0,
        "n": busy["offered"],
        **{k: busy["service_level"][k] for k in busy["service_level"] if k.startswith("ci")},
    }
    assert busy["asa"]["value"] == pytest.approx(20.0)
    assert busy["agents_handling"] == {"value": 1, "n": busy["offered"]}
    assert busy["scheduled_agents"] == 2
    assert busy["required_agents"] is not None
    assert len(data["intervals"]) == 48
    assert AccessLogEntry.objects.filter(action="workforce.intraday").exists()


@pytest.mark.django_db
def test_a_manager_of_another_unit_sees_no_intraday_for_the_queue(
    planned: Warehouse, client_as: Callable[[str], Client]
) -> None:
    answer = client_as("manager").get("/api/v1/workforce/intraday", {"queue": "general"})
    assert answer.status_code == 400
    page = client_as("manager").get("/workforce/intraday/", {"queue": "general"})
    assert page.status_code == 200
    assert 'data-testid="intraday-table"' not in page.content.decode()


@pytest.mark.django_db
def test_the_page_refreshes_every_minute_and_marks_the_medicare_standard(
    planned: Warehouse, client_as: Callable[[str], Client], personas: Personas
) -> None:
    queue = make_queue(personas.org.commercial, "general", "General")
    Queue.objects.filter(pk=queue.pk).update(line_of_business="medicare_part_c")
    page = client_as("exec").get("/workforce/intraday/", {"queue": "general", "day": "2026-02-27"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'hx-trigger="every 60s"' in html
    assert 'data-testid="hold-standard"' in html
    assert "n = " in html
    assert "Handled" in html
    fragment = client_as("exec").get(
        "/workforce/intraday/", {"queue": "general", "day": "2026-02-27"}, HTTP_HX_REQUEST="true"
    )
    assert "<h1>" not in fragment.content.decode()
    assert 'data-testid="intraday-table"' in fragment.content.decode()


@pytest.mark.django_db
def test_a_stricter_intraday_target_asks_for_more_agents_and_counts_service_against_it(
    planned: Warehouse, client_as: Callable[[str], Client]
) -> None:
    client = client_as("exec")
    usual = client.get("/api/v1/workforce/intraday", {"queue": "general"}).json()
    strict = {"service_level": "0.95", "answer_within": "10", "max_occupancy": "0.8", "shrinkage": "0.35"}

    answer = client.get("/api/v1/workforce/intraday", {"queue": "general", **strict}).json()

    assert answer["target"] == {"service_level": 0.95, "answer_within": 10.0, "max_occupancy": 0.8, "shrinkage": 0.35}
    pairs = [(u, s) for u, s in zip(usual["intervals"], answer["intervals"], strict=True) if u["required_agents"]]
    assert pairs
    assert all(s["required_agents"] >= u["required_agents"] for u, s in pairs)
    assert any(s["required_agents"] > u["required_agents"] for u, s in pairs)
    busy = next(i for i in answer["intervals"] if i["offered"])
    assert busy["service_level"]["value"] == 0.0  # every call waited 20 s: none within 10 s


@pytest.mark.django_db
def test_the_intraday_page_keeps_its_target_in_the_refresh_and_refuses_a_bad_one(
    planned: Warehouse, client_as: Callable[[str], Client]
) -> None:
    client = client_as("exec")

    page = client.get("/workforce/intraday/", {"queue": "general", "day": "2026-02-27", "answer_within": "10"})
    refused = client.get("/workforce/intraday/", {"queue": "general", "service_level": "1.5"})

    assert "answer_within=10.0" in page.content.decode()
    assert refused.status_code == 400
    assert "service_level" in refused.content.decode()
