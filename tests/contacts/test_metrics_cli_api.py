"""`heartline metrics NAME` and `GET /api/v1/metrics/{name}`: the same runner, the same rows, each scoped.

The plan: March 2026, answered inbound phone calls (answered 20 s after they start, ended 5 minutes
after) unless a line says otherwise.

    id  unit        member reason    started        what happens to it
    k1  commercial  M-1    claims    02 Mar 09:00   k2 starts 3 d 23 h 55 min after k1 ends → repeated
                                                    within 7 days, not within 3
    k2  commercial  M-1    claims    06 Mar 09:00   nothing after it                       → one and done
    k3  commercial  M-2    billing   03 Mar 09:00   route general>pharmacy                 → handed off
    k4  medicare    M-3    benefits  04 Mar 09:00   answered after 45 s                    → one and done
    k5  medicare    M-4    claims    09 Mar 09:00   k6 starts 23 h 55 min after k5 ends    → repeated
    k6  medicare    M-4    claims    10 Mar 09:00   nothing after it                       → one and done
    k7  medicare    M-9    claims    11 Mar 09:00   abandoned before an answer: offered, not counted

One and done: commercial 1/3 (k2), medicare 2/3 (k4, k6); within 3 days, commercial 2/3 (k1, k2).
Service level (answered within 30 s / offered): commercial 3/3, medicare 2/4 (k5, k6 of k4–k7).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from typer.testing import CliRunner, Result

from heartline.cli import app
from heartline.contacts.ingest.formats import load_contacts
from heartline.contacts.tables import CONTACTS
from heartline.core.analytics import warehouse_source
from heartline.ingest import IngestOptions
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.contacts.ingest_fixtures import sample
from tests.contacts.metric_fixtures import abandoned_call, contact, mean_row, rate_row, utc
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

PLAN = [
    contact("k1", utc("2026-03-02 09:00:00"), member_id="M-1", reason="claims"),
    contact("k2", utc("2026-03-06 09:00:00"), member_id="M-1", reason="claims"),
    contact("k3", utc("2026-03-03 09:00:00"), member_id="M-2", reason="billing", route="general>pharmacy"),
    contact("k4", utc("2026-03-04 09:00:00"), member_id="M-3", reason="benefits", unit="medicare", answered_after=45),
    contact("k5", utc("2026-03-09 09:00:00"), member_id="M-4", reason="claims", unit="medicare"),
    contact("k6", utc("2026-03-10 09:00:00"), member_id="M-4", reason="claims", unit="medicare"),
    abandoned_call("k7", utc("2026-03-11 09:00:00"), member_id="M-9", reason="claims", unit="medicare"),
]
ONE_AND_DONE_BY_UNIT = [rate_row(1, 3, unit="commercial"), rate_row(2, 3, unit="medicare")]


@pytest.fixture
def plan(app_warehouse: Warehouse) -> Warehouse:
    write_batch(app_warehouse, CONTACTS, pa.Table.from_pylist(PLAN, schema=CONTACTS.schema), source="tests")
    return app_warehouse


def heartline(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def printed(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- the command line -----------------------------------------------------------------------------


def test_the_command_prints_one_and_done_by_unit_for_every_unit(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--by", "unit", "--json")

    assert printed(result) == {"metric": "one-and-done", "rows": ONE_AND_DONE_BY_UNIT}


def test_a_shorter_repeat_window_resolves_the_late_repeat(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--by", "unit", "--window-days", "3", "--json")

    assert printed(result)["rows"] == [rate_row(2, 3, unit="commercial"), rate_row(2, 3, unit="medicare")]


def test_the_period_options_limit_the_contacts_counted(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--from", "2026-03-05", "--to", "2026-03-10", "--json")

    # k2, k6 resolved; k5 repeated (by k6)
    assert printed(result)["rows"] == [rate_row(2, 3)]


def test_service_level_counts_answers_within_30_seconds_by_default(plan: Warehouse) -> None:
    result = heartline("metrics", "service-level", "--by", "unit", "--json")

    assert printed(result)["rows"] == [rate_row(3, 3, unit="commercial"), rate_row(2, 4, unit="medicare")]


def test_a_threshold_includes_answers_at_exactly_that_many_seconds(plan: Warehouse) -> None:
    result = heartline("metrics", "service-level", "--by", "unit", "--threshold-seconds", "45", "--json")

    assert printed(result)["rows"] == [rate_row(3, 3, unit="commercial"), rate_row(3, 4, unit="medicare")]


def test_an_unknown_metric_exits_2_naming_the_known_ones(plan: Warehouse) -> None:
    result = heartline("metrics", "first-call-resolution", "--json")

    assert result.exit_code == 2
    assert result.stdout == ""
    message = " ".join(result.stderr.split())
    assert message.startswith("no metric named 'first-call-resolution' (known: ")
    known = message.split("(known: ")[1].rstrip(")").split(", ")
    assert known == sorted(known)
    assert {
        "abandonment-rate",
        "average-speed-of-answer",
        "case-processing-time",
        "consult-rate",
        "contact-volume",
        "handle-time",
        "handoff-flow",
        "handoff-rate",
        "handoffs-per-contact",
        "one-and-done",
        "repeat-contact-rate",
        "service-level",
    } <= set(known)


def test_an_unknown_dimension_exits_2_naming_the_dimensions(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--by", "member", "--json")

    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == (
        "metric 'one-and-done' has no dimension 'member' (choose from unit, team, agent, queue, reason, "
        "channel, direction, language, consulted, day, week, month)"
    )


def test_a_repeat_window_out_of_range_exits_2(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--window-days", "0", "--json")

    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == "window_days must be between 1 and 90, not 0"


# -- the API beside the command line --------------------------------------------------------------


@pytest.fixture
def api(client: Client, api_token: Callable[[str], str], personas: Personas) -> Callable[..., Any]:
    """`api(username, name, **params)`: the JSON body of GET /api/v1/metrics/{name} with their token."""

    def get(username: str, name: str, **params: str) -> Any:
        headers = {"Authorization": f"Bearer {api_token(username)}"}
        response = client.get(f"/api/v1/metrics/{name}", params, headers=headers)
        assert response.status_code == 200, response.content
        return response.json()

    return get


def test_an_executive_gets_the_rows_the_command_prints(plan: Warehouse, api: Callable[..., Any]) -> None:
    from_api = api("exec", "one-and-done", by="unit")
    from_cli = printed(heartline("metrics", "one-and-done", "--by", "unit", "--json"))

    assert from_api == from_cli == {"metric": "one-and-done", "rows": ONE_AND_DONE_BY_UNIT}


def test_a_manager_gets_only_their_units_row(plan: Warehouse, api: Callable[..., Any]) -> None:
    assert api("manager", "one-and-done", by="unit")["rows"] == [rate_row(2, 3, unit="medicare")]


def test_the_api_takes_a_repeat_window(plan: Warehouse, api: Callable[..., Any]) -> None:
    from_api = api("exec", "one-and-done", by="unit", window_days="3")
    from_cli = printed(heartline("metrics", "one-and-done", "--by", "unit", "--window-days", "3", "--json"))

    assert from_api["rows"] == from_cli["rows"] == [rate_row(2, 3, unit="commercial"), rate_row(2, 3, unit="medicare")]


def test_the_api_takes_a_threshold(plan: Warehouse, api: Callable[..., Any]) -> None:
    rows = api("manager", "service-level", threshold_seconds="45")["rows"]

    assert rows == [rate_row(3, 4)]


# -- one export, two formats ----------------------------------------------------------------------
#
# tests/contacts/data/amazon_connect_ctrs.jsonl (Amazon Connect contact records) and
# amazon_connect_contacts.csv (native) describe the same seven contacts, in January 2026:
#
#   contact  unit        direction  answered  route                                talk+hold+wrap
#   …01      commercial  inbound    yes       q-commercial                      → one and done   300+20+45 = 365
#   …02      commercial  inbound    yes       q-commercial>q-pharmacy           → handed off     360+30+90 = 480
#   …04      medicare    inbound    yes       q-medicare (a consult)            → one and done   900+180+60 = 1140
#   …06      commercial  inbound    no (abandoned chat)                           not counted
#   …07      medicare    inbound    yes       q-medicare>q-pharmacy>q-commercial → handed off   1030+70+75 = 1175
#   …11      medicare    inbound    yes       q-medicare                        → one and done   1200+0+120 = 1320
#   …12      commercial  outbound   yes       q-outbound                          not in one and done; 450+0+30 = 480
#
# Every member appears once, so nothing repeats.

EXPORT_METRICS = {
    "one-and-done": [rate_row(1, 2, unit="commercial"), rate_row(2, 3, unit="medicare")],
    "handoff-rate": [rate_row(1, 3, unit="commercial"), rate_row(1, 3, unit="medicare")],
    # sd² = Σ(x − mean)² / 2: commercial (365² + 480² + 480² − 1325²/3) / 2 = 13225/3,
    # medicare (1140² + 1175² + 1320² − 3635²/3) / 2 = 27325/3
    "handle-time": [
        mean_row((365 + 480 + 480) / 3, math.sqrt(13_225 / 3), 3, extra={"median": 480.0}, unit="commercial"),
        mean_row((1140 + 1175 + 1320) / 3, math.sqrt(27_325 / 3), 3, extra={"median": 1175.0}, unit="medicare"),
    ],
}


@pytest.fixture
def point_app_at(settings: Settings) -> Iterator[Callable[[Path], None]]:
    """`point_app_at(folder)`: the app (ingest, metrics) reads and writes the warehouse in `folder`."""

    def point(folder: Path) -> None:
        settings.WAREHOUSE_DIR = folder
        warehouse_source.cache_clear()

    yield point
    warehouse_source.cache_clear()


def metrics_after_loading(
    point_app_at: Callable[[Path], None], folder: Path, name: str, options: IngestOptions
) -> dict[str, list[dict[str, Any]]]:
    point_app_at(folder / "warehouse")
    report = load_contacts([sample(name, folder / "in")], options)
    assert report.counts.as_dict()["inserted"] == 7, report.problems
    return {
        metric: printed(heartline("metrics", metric, "--by", "unit", "--json"))["rows"] for metric in EXPORT_METRICS
    }


def test_a_native_csv_and_the_connect_export_give_the_same_metrics(
    point_app_at: Callable[[Path], None], tmp_path: Path
) -> None:
    native = metrics_after_loading(point_app_at, tmp_path / "native", "amazon_connect_contacts.csv", IngestOptions())
    connect = metrics_after_loading(
        point_app_at, tmp_path / "connect", "amazon_connect_ctrs.jsonl", IngestOptions(format="amazon-connect")
    )

    # Each against the hand-worked figures: a standard deviation summed in another row order may differ
    # from the other format's in its last bit.
    assert native == EXPORT_METRICS
    assert connect == EXPORT_METRICS


# -- figures for people, options by name ------------------------------------------------------------


def table_lines(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [" ".join(line.replace("│", " ").split()) for line in result.stdout.splitlines()]


def test_the_table_shows_each_rate_as_a_percentage_with_its_interval(plan: Warehouse) -> None:
    lines = table_lines(heartline("metrics", "one-and-done", "--by", "unit"))

    # Wilson 1/3 → 0.0615–0.7923; 2/3 → 0.2077–0.9385 (statsmodels gives the same)
    assert "commercial 33.3% (6.1–79.2) 1 3 3" in lines
    assert "medicare 66.7% (20.8–93.9) 2 3 3" in lines


def test_json_keeps_the_interval_at_full_precision(plan: Warehouse) -> None:
    row = printed(heartline("metrics", "one-and-done", "--by", "unit", "--json"))["rows"][0]

    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.06149194, 0.79234040), abs=1e-8)


def test_the_table_shows_a_mean_with_its_interval_to_one_decimal(plan: Warehouse) -> None:
    lines = table_lines(heartline("metrics", "average-speed-of-answer", "--by", "unit"))

    # columns: unit, value (95% CI), median, sd, n (numerator and denominator are empty for a mean).
    # medicare: 45, 20, 20 s answered (k7 abandoned): mean 28.3, sd² = (16.67² + 8.33² + 8.33²) / 2 = 208.33,
    # t(0.975, 2) = 4.303 → 28.3 ± 35.9; commercial: 20 s three times, sd 0 → 20.0 (20.0–20.0)
    assert "commercial 20.0 (20.0–20.0) 20 0 3" in lines
    assert "medicare 28.3 (-7.5–64.2) 20 14.4 3" in lines


def test_an_option_flag_the_metric_lacks_exits_2_naming_its_options(plan: Warehouse) -> None:
    result = heartline("metrics", "contact-volume", "--window-days", "3")

    assert result.exit_code == 2
    assert (
        " ".join(result.stderr.split()) == "metric 'contact-volume' has no option 'window_days' (it takes no options)"
    )


def test_an_option_may_be_given_as_flag_equals_value(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--by", "unit", "--window-days=3", "--json")

    assert printed(result)["rows"] == [rate_row(2, 3, unit="commercial"), rate_row(2, 3, unit="medicare")]


def test_an_option_flag_without_a_value_exits_2(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--window-days")

    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == "option --window-days needs a value"


def test_a_window_that_is_no_number_exits_2(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--window-days", "week")

    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == "window_days='week' is not a whole number"


def test_the_api_refuses_an_option_the_metric_lacks(
    plan: Warehouse, client: Client, api_token: Callable[[str], str]
) -> None:
    headers = {"Authorization": f"Bearer {api_token('exec')}"}
    response = client.get("/api/v1/metrics/handoff-rate", {"window_days": "3"}, headers=headers)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("unknown parameter(s) ['window_days']")


def test_the_api_refuses_a_window_out_of_range(
    plan: Warehouse, client: Client, api_token: Callable[[str], str]
) -> None:
    headers = {"Authorization": f"Bearer {api_token('exec')}"}
    response = client.get("/api/v1/metrics/one-and-done", {"window_days": "91"}, headers=headers)

    assert response.status_code == 400
    assert response.json() == {"detail": "window_days must be between 1 and 90, not 91"}
