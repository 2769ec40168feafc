"""Benchmarks of the voice domain (`make bench BENCH_ARGS="--only voice"`), each beside a baseline
measured in the same run:

- `nps_by_unit`: the `survey-nps` runner grouped by unit over 1M synthetic responses (DuckDB over the
  Delta table's Parquet files, warm) beside pandas reading the same files and grouping; the two
  answers are checked equal;
- `relative_weights_bootstrap`: Johnson's relative weights with 1,000 bootstrap resamples on
  10,000 respondents × 8 drivers (our batched implementation) beside a plain loop that resamples and
  recomputes one draw at a time; the intervals are checked close;
- `themes`: theme assignment throughput (verbatims per second, three languages) and precision,
  recall and F1 on the labeled sample tests/voice/data/labeled_verbatims.csv, beside a naive
  lower-cased substring match of the same lexicons.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "voice" / "data" / "labeled_verbatims.csv"
RESPONSES = 1_000_000
UNITS = ("commercial-inbound", "medicare", "medicaid", "pharmacy", "membership", "rapid-resolution")


def _best(seconds: list[float]) -> float:
    return round(min(seconds), 4)


def _timed(run: Any, repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    return _best(times), result


def synthetic_responses(count: int, seed: int = 7) -> pa.Table:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-01-01T00:00:00", "us")
    return pa.table(
        {
            "response_id": pa.array([f"B{i:08d}" for i in range(count)]),
            "survey": pa.array(np.full(count, "post_contact")),
            "responded_at": pa.array(
                start + (rng.random(count) * 300 * 86400e6).astype("timedelta64[us]"), pa.timestamp("us", "UTC")
            ),
            "unit": pa.array(np.array(UNITS)[rng.integers(0, len(UNITS), count)]),
            "nps": pa.array(rng.integers(0, 11, count).astype(np.int8)),
        }
    )


def bench_nps_by_unit(scratch: Path) -> dict[str, Any]:
    import pandas as pd

    from heartline.voice.metrics import SurveyNps
    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.runners import MetricQuery
    from heartline.warehouse.scope import Scope
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch

    warehouse = Warehouse(scratch / "voice-warehouse")
    began = time.perf_counter()
    write_batch(warehouse, SURVEY_RESPONSES, synthetic_responses(RESPONSES), source="bench")
    write_seconds = round(time.perf_counter() - began, 3)
    source = DuckDBSource(warehouse)
    runner = SurveyNps(MetricQuery(by=("unit",)), Scope.everything(), source)
    runner.run()  # warm: views created, files cached
    ours, rows = _timed(runner.run, 5)
    files = list(warehouse.open(SURVEY_RESPONSES).file_uris())  # type: ignore[union-attr]

    def with_pandas() -> dict[str, float]:
        frame = pd.concat([pd.read_parquet(f, columns=["unit", "nps"]) for f in files])
        frame = frame[frame.nps.notna()]
        grouped = frame.groupby("unit").nps.agg(
            promoters=lambda s: (s >= 9).sum(), detractors=lambda s: (s <= 6).sum(), n="count"
        )
        return {str(u): 100 * (r.promoters - r.detractors) / r.n for u, r in grouped.iterrows()}

    baseline, expected = _timed(with_pandas, 3)
    got = {str(r["unit"]): float(r["value"]) for r in rows.rows}
    return {
        "responses": RESPONSES,
        "write_seconds": write_seconds,
        "duckdb_seconds": ours,
        "pandas_seconds": baseline,
        "speedup": round(baseline / ours, 1) if ours else None,
        "answers_agree": all(abs(got[u] - expected[u]) < 1e-9 for u in expected) and set(got) == set(expected),
    }


def bench_relative_weights() -> dict[str, Any]:
    from heartline.stats.drivers import relative_weights, relative_weights_from_correlations

    rng = np.random.default_rng(3)
    respondents, drivers, draws = 10_000, 8, 1000
    x = rng.normal(size=(respondents, drivers)) + rng.normal(size=(respondents, 1))  # correlated drivers
    y = x @ np.linspace(0.1, 0.8, drivers) + rng.normal(0, 2, respondents)
    names = [f"d{j}" for j in range(drivers)]
    ours, result = _timed(lambda: relative_weights(x, y, names, draws=draws, seed=1), 1)

    def loop() -> np.ndarray:
        generator = np.random.default_rng(1)
        weights = []
        for _ in range(draws):
            pick = generator.integers(0, respondents, respondents)
            c = np.corrcoef(np.column_stack([x[pick], y[pick]]), rowvar=False)
            r = relative_weights_from_correlations(c[:-1, :-1], c[:-1, -1])
            weights.append([d.weight for d in r.drivers])
        return np.quantile(np.array(weights), [0.025, 0.975], axis=0)

    baseline, intervals = _timed(loop, 1)
    lows = np.array([d.ci_low for d in result.drivers])
    return {
        "respondents": respondents,
        "drivers": drivers,
        "draws": draws,
        "batched_seconds": ours,
        "loop_seconds": baseline,
        "speedup": round(baseline / ours, 1) if ours else None,
        "max_ci_low_difference": round(float(np.max(np.abs(lows - intervals[0]))), 5),
    }


def bench_themes() -> dict[str, Any]:
    from heartline.voice.taxonomy import TAXONOMY
    from heartline.voice.text import fold
    from heartline.voice.themes import assign, f1_scores

    with SAMPLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = [set(filter(None, r["themes"].split(";"))) for r in rows]
    predicted = [{m.theme for m in assign(r["text"], r["language"])} for r in rows]
    corpus = rows * 63  # ~10,000 verbatims
    assign("warm up jieba", "zh")
    began = time.perf_counter()
    for row in corpus:
        assign(row["text"], row["language"])
    ours = time.perf_counter() - began

    def naive(text: str, language: str) -> set[str]:
        folded = fold(text) if language != "zh" else text
        return {
            t.code
            for t in TAXONOMY
            if any(
                p.rstrip("*") in folded
                for p in (fold(q) if language != "zh" else q for q in t.phrases.get(language, ()))
            )
        }

    began = time.perf_counter()
    naive_predicted = [naive(r["text"], r["language"]) for r in corpus]
    baseline = time.perf_counter() - began
    return {
        "labeled_verbatims": len(rows),
        "ours": {
            **{k: round(v, 4) for k, v in f1_scores(predicted, expected).items()},
            "verbatims_per_second": round(len(corpus) / ours),
        },
        "naive_substring": {
            **{k: round(v, 4) for k, v in f1_scores(naive_predicted[: len(rows)], expected).items()},
            "verbatims_per_second": round(len(corpus) / baseline),
        },
    }


def run(scratch: Path) -> dict[str, Any]:
    """Measure the voice goals in `scratch`; returns the JSON section."""
    scratch.mkdir(parents=True, exist_ok=True)
    return {
        "nps_by_unit": bench_nps_by_unit(scratch),
        "relative_weights_bootstrap": bench_relative_weights(),
        "themes": bench_themes(),
    }
