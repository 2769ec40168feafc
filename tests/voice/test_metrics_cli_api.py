"""`heartline metrics survey-nps|survey-answers` and their API twins: the survey runners' options and
intervals through the generic command line and API.

The plan: 300 post-contact responses in commercial on 1 June 2026: 100 rate 10 (CSAT 5), 100 rate 8
(CSAT 4), 100 rate 2 (CSAT 1). Equal thirds: the CYBAEA worked example (Engelhardt 2016, "Net
Promoter Score confidence intervals 2"): NPS 0, plain SE 100·√((1/3 + 1/3)/300) = 4.714, ±9.24; with
the adjusted Wald interval Heartline uses (Rocks 2016: ñ = 303, p̃ = d̃ = 100.75/303) the margin is
1.959964·100·√(2·100.75/303/303) = 9.18.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client
from typer.testing import CliRunner, Result

from heartline.cli import app
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
THIRDS = [(10, 5), (8, 4), (2, 1)]


@pytest.fixture
def thirds(app_warehouse: Warehouse) -> Warehouse:
    from heartline.voice.tables import SURVEY_RESPONSES

    rows = [
        {
            "response_id": f"R-{nps}-{i}",
            "survey": "post_contact",
            "responded_at": DAY,
            "language": "en",
            "agent_id": "e-agent",
            "unit": "commercial",
            "nps": nps,
            "csat": csat,
        }
        for nps, csat in THIRDS
        for i in range(100)
    ]
    table = pa.Table.from_pylist(rows, schema=SURVEY_RESPONSES.schema)
    write_batch(app_warehouse, SURVEY_RESPONSES, table, source="tests")
    return app_warehouse


def heartline(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def printed(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_survey_nps_rows_carry_the_adjusted_wald_interval(thirds: Warehouse) -> None:
    row = printed(heartline("metrics", "survey-nps", "--json"))["rows"][0]

    assert (row["value"], row["n"]) == (0.0, 300)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((-9.18, 9.18), abs=0.005)


def test_survey_answers_takes_the_item_as_a_flag(thirds: Warehouse) -> None:
    rows = printed(heartline("metrics", "survey-answers", "--item", "csat", "--json"))["rows"]

    counts = sorted((r["answer"], r["n"], r["ci_low"], r["ci_high"]) for r in rows)
    assert counts == [("1", 100, None, None), ("4", 100, None, None), ("5", 100, None, None)]


def test_survey_answers_without_an_item_exits_2_naming_the_items(thirds: Warehouse) -> None:
    result = heartline("metrics", "survey-answers", "--json")

    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert message.startswith("survey-answers needs option item, one of nps, csat, ")
    assert "verbatim" not in message


def test_survey_answers_refuses_a_free_text_item(thirds: Warehouse) -> None:
    result = heartline("metrics", "survey-answers", "--item", "verbatim")

    assert result.exit_code == 2
    assert " ".join(result.stderr.split()).startswith("item must be one of nps, csat, ")


@pytest.fixture
def api(client: Client, api_token: Callable[[str], str], personas: Personas) -> Callable[..., Any]:
    def get(name: str, **params: str) -> Any:
        return client.get(f"/api/v1/metrics/{name}", params, headers={"Authorization": f"Bearer {api_token('exec')}"})

    return get


def test_the_api_takes_the_item_as_a_query_parameter(thirds: Warehouse, api: Callable[..., Any]) -> None:
    response = api("survey-answers", item="csat")

    assert response.status_code == 200
    assert sorted((r["answer"], r["n"]) for r in response.json()["rows"]) == [("1", 100), ("4", 100), ("5", 100)]


def test_the_api_gives_survey_nps_rows_their_interval(thirds: Warehouse, api: Callable[..., Any]) -> None:
    row = api("survey-nps").json()["rows"][0]

    assert (row["ci_low"], row["ci_high"]) == pytest.approx((-9.18, 9.18), abs=0.005)


def test_the_api_refuses_an_unknown_item(thirds: Warehouse, api: Callable[..., Any]) -> None:
    response = api("survey-answers", item="colour")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("item must be one of nps, csat, ")
