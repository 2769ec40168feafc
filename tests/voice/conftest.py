"""Survey responses for the voice tests: a small, exactly known set written to the app's warehouse."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pytest

if TYPE_CHECKING:
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import BatchResult

HERE = __import__("pathlib").Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The library app (another team, in progress) declares a URLField that warns when the URLs load.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning"))


DAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
VERBATIMS = {
    "en": ("I waited on hold for forty minutes.", "The representative was kind and patient.", "My bill is confusing."),
    "es": ("Esperé mucho tiempo en la línea.", "La representante fue muy amable.", "No entiendo mi factura."),
    "zh": ("我等了很久才有人接。", "客服很有耐心。", "账单看不懂。"),
}


def survey_rows(count: int, unit: str, agent: str, start: dt.datetime, seed: int, nps_shift: int = 0) -> pa.Table:
    """`count` post-contact responses whose NPS rises with the `resolved` and `courtesy` answers."""
    rng = np.random.default_rng(seed)
    resolved = rng.random(count) < 0.7
    courtesy = rng.integers(1, 6, count)
    ease = rng.integers(1, 6, count)
    noise = rng.normal(0, 1.2, count)
    nps = np.clip(np.round(3 + 3 * resolved + 0.6 * courtesy + 0.2 * ease + noise + nps_shift), 0, 10).astype(int)
    languages = rng.choice(["en", "es", "zh"], count, p=[0.6, 0.25, 0.15])
    texts = [VERBATIMS[lang][int(k)] for lang, k in zip(languages, rng.integers(0, 3, count), strict=True)]
    return pa.table(
        {
            "response_id": [f"R-{unit}-{seed}-{i}" for i in range(count)],
            "survey": ["post_contact"] * count,
            "responded_at": pa.array(
                [start + dt.timedelta(hours=6 * i) for i in range(count)], pa.timestamp("us", "UTC")
            ),
            "language": languages.tolist(),
            "agent_id": [agent] * count,
            "unit": [unit] * count,
            "nps": pa.array(nps, pa.int8()),
            "csat": pa.array(np.clip(nps // 2, 1, 5), pa.int8()),
            "resolved": ["Yes" if r else "No" for r in resolved],
            "courtesy": pa.array(courtesy, pa.int8()),
            "ease": pa.array(ease, pa.int8()),
            "wait_time": pa.array(rng.integers(1, 6, count), pa.int8()),
            "knowledge": pa.array(rng.integers(1, 6, count), pa.int8()),
            "clarity": pa.array(rng.integers(1, 6, count), pa.int8()),
            "verbatim": texts,
        }
    )


@pytest.fixture
def survey_responses(app_warehouse: Warehouse) -> BatchResult:
    """200 commercial responses (the agent's) and 20 medicare ones, in May–June 2026."""
    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.writer import write_batch

    start = DAY - dt.timedelta(days=60)
    table = pa.concat_tables(
        [
            survey_rows(200, "commercial", "e-agent", start, seed=1),
            survey_rows(20, "medicare", "e-manager", start, seed=2),
        ],
        promote_options="default",
    )
    return write_batch(app_warehouse, SURVEY_RESPONSES, table, source="test")
