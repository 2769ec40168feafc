"""Outside benchmarks beside every unit the caller may read, over one period, not one unit only: a
unit under the minimum n is shown greyed, never dropped; a representative sees their own unit only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from heartline.core.scoping import caller_for
from heartline.ingest import IngestOptions
from heartline.voice.benchmarks import ingest_files
from heartline.voice.benchmarks_compare import units_benchmarks
from tests.voice.test_benchmarks import write_generic

if TYPE_CHECKING:
    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas

pytestmark = pytest.mark.usefixtures("survey_responses")


@pytest.fixture
def benchmark(tmp_path: Path, app_warehouse: Warehouse, db: None) -> None:
    path = write_generic(tmp_path, ["H_RECMND_DY,71,1204,2026-01-01/2026-12-31,CMS HCAHPS · National"])
    assert ingest_files([path], IngestOptions(), warehouse=app_warehouse).accepted


@pytest.mark.usefixtures("benchmark")
def test_every_unit_the_caller_may_read_sits_beside_the_benchmark(personas: Personas) -> None:
    data = units_benchmarks(caller_for(personas.admin.user))
    [measure] = data["measures"]
    assert (measure["measure"], measure["benchmark"], measure["benchmark_n"]) == ("H_RECMND_DY", 71.0, 1204)
    by_unit = {u["unit"]: u for u in measure["units"]}
    assert set(by_unit) == {"commercial", "medicare"}
    assert (by_unit["commercial"]["ours_n"], by_unit["commercial"]["below_minimum"]) == (200, False)
    assert by_unit["commercial"]["difference"] == pytest.approx(by_unit["commercial"]["ours"] - 71.0)
    assert (by_unit["medicare"]["ours_n"], by_unit["medicare"]["below_minimum"]) == (20, True)
    assert data["period"] is not None
    assert any("case-mix" in c for c in data["caveats"])


@pytest.mark.usefixtures("benchmark")
def test_a_representative_sees_their_own_unit_only(personas: Personas) -> None:
    [measure] = units_benchmarks(caller_for(personas.agent.user))["measures"]
    assert [u["unit"] for u in measure["units"]] == ["commercial"]


@pytest.mark.usefixtures("benchmark")
def test_the_page_and_the_api_show_every_unit_with_n(client_as, api_token, client) -> None:
    page = client_as("admin").get("/voice/benchmarks/").content.decode()
    assert page.count('data-testid="benchmark-unit"') == 2
    assert "1,204" in page
    assert "(under " in page  # medicare's 20 responses: greyed, not dropped
    token = api_token("exec")
    answer = client.get("/api/v1/voice/benchmarks", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert {u["unit"] for u in answer["measures"][0]["units"]} == {"commercial", "medicare"}


def test_no_benchmark_loaded_says_how_to_load_one(client_as) -> None:
    page = client_as("admin").get("/voice/benchmarks/").content.decode()
    assert 'data-testid="benchmarks-empty"' in page
    assert "heartline voice benchmarks load" in page
