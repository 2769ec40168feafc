"""Demo step: the two illustrative (synthetic) benchmark files in `demo/benchmarks/` — one in CMS's
Care Compare HCAHPS hospital layout, one in the generic layout — checked by the same format the
`voice-benchmarks` ingest uses and emitted to the `voice_benchmarks` table, so the workshop and the
benchmark comparison have outside figures to show. Their figures are made up (benchmarks/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from heartline.demo.steps import DemoContext, DemoStepError
from heartline.ingest.engine import check_input
from heartline.ingest.readers import read_native
from heartline.voice.benchmarks import BENCHMARK_FORMAT, VOICE_BENCHMARKS, read_cms

FOLDER = Path(__file__).parent / "benchmarks"
CMS_FILE = FOLDER / "hcahps-hospital-illustrative.csv"
GENERIC_FILE = FOLDER / "health-plan-cahps-illustrative.csv"


def build_benchmarks(ctx: DemoContext) -> None:
    tables = []
    for raw in (read_cms(CMS_FILE), read_native(BENCHMARK_FORMAT, GENERIC_FILE)):
        outcome = check_input(BENCHMARK_FORMAT, raw)
        if outcome.checked is None or outcome.problems.num_rows:
            raise DemoStepError(f"the demo's benchmark file {raw.source} has problems: {outcome.problems.to_pylist()}")
        tables.append(outcome.checked.good())
    fill = BENCHMARK_FORMAT.fill
    assert fill is not None  # noqa: S101 the format always fills `score`
    ctx.emit(VOICE_BENCHMARKS, fill(pa.concat_tables(tables)).select(VOICE_BENCHMARKS.schema.names))
