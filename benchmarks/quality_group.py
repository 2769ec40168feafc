"""Benchmarks of the quality domain (`make bench BENCH_ARGS="--only quality"`).

- `scores_by_agent`: the quality scores page's query — mean audit score, n and 95% t interval per
  representative over every completed audit the demo generated — beside pandas doing the same
  group-by on the same rows already in memory, and beside loading those rows into pandas first
  (what a pandas page would pay). The figures are checked to agree.
- `calibration_alpha`: Krippendorff's alpha with a 2000-draw bootstrap interval for a 50-contact ×
  6-auditor session at each level, beside the plain way of bootstrapping (recomputing alpha on each
  resampled matrix in a loop), with the alphas checked to agree.

Runs on the demo the harness built (or builds a small one when the app database has no audits).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
from harness import note, percentiles, ratio, warm

REPEATS = 5
DRAWS = 2000


def run(scratch: Path) -> dict[str, Any]:
    """Measure the quality goals in `scratch`; returns the JSON section."""
    return {"scores_by_agent": scores_by_agent(), "calibration_alpha": calibration_alpha()}


def scores_by_agent() -> dict[str, Any]:
    import pandas as pd
    from scipy import stats

    from heartline.core.scoping import OPERATOR
    from heartline.quality.models import Audit
    from heartline.quality.selectors.scores import scores_by

    if not Audit.objects.filter(status="completed", purpose="production").exists():
        from heartline.demo.build import build_demo

        note("quality: no audits in the app database, building a small demo …")
        build_demo(size="small", force=True)
    audits = Audit.objects.filter(status="completed", purpose="production").count()
    note(f"quality: scores by agent over {audits:,} audits …")
    rows, heartline = warm(lambda: scores_by(OPERATOR, "agent"), REPEATS)

    def load() -> Any:
        values = Audit.objects.filter(status="completed", purpose="production").values_list("agent__code", "score")
        return pd.DataFrame.from_records(list(values), columns=["agent", "score"])

    frame, loading = warm(load, REPEATS)

    def pandas_scores() -> Any:
        grouped = frame.groupby("agent")["score"].agg(["mean", "std", "count"])
        half = stats.t.ppf(0.975, grouped["count"] - 1) * grouped["std"] / np.sqrt(grouped["count"])
        return grouped.assign(low=grouped["mean"] - half, high=grouped["mean"] + half)

    expected, baseline = warm(pandas_scores, REPEATS)
    by_agent = {r.key: r for r in rows}
    agree = all(
        math.isclose(by_agent[agent].value, row["mean"], abs_tol=1e-6)
        and (row["count"] < 2 or math.isclose(by_agent[agent].ci_low, row["low"], abs_tol=1e-6))
        for agent, row in expected.iterrows()
    )
    return {
        "audits": audits,
        "agents": len(rows),
        "heartline_seconds": percentiles(heartline),
        "pandas_groupby_seconds": percentiles(baseline),
        "pandas_load_seconds": percentiles(loading),
        "ratio_to_pandas_load_and_groupby": ratio(
            percentiles(heartline)["p50_ms"], percentiles(loading)["p50_ms"] + percentiles(baseline)["p50_ms"]
        ),
        "same_figures": agree,
    }


def calibration_alpha() -> dict[str, Any]:
    from heartline.stats.agreement import krippendorff_alpha

    rng = np.random.default_rng(7)
    truth = rng.integers(1, 6, size=50)
    scores = np.clip(truth + rng.integers(-1, 2, size=(6, 50)), 1, 5).astype(float)
    scores[rng.random(scores.shape) < 0.05] = np.nan  # a few calls not scored by everyone
    results: dict[str, Any] = {"units": 50, "raters": 6, "draws": DRAWS}
    for level in ("nominal", "ordinal", "interval"):
        note(f"quality: alpha + bootstrap, {level} …")
        found, heartline = warm(lambda lv=level: krippendorff_alpha(scores, lv, draws=DRAWS, seed=1), REPEATS)  # type: ignore[misc]

        def loop(lv: str = level) -> list[float]:
            draw = np.random.default_rng(1)
            alphas = []
            for _ in range(DRAWS):
                picks = draw.integers(0, scores.shape[1], size=scores.shape[1])
                alphas.append(krippendorff_alpha(scores[:, picks], lv, draws=0).alpha)  # type: ignore[arg-type]
            return alphas

        _, baseline = warm(loop, 1)
        results[level] = {
            "alpha": round(found.alpha, 4),
            "ci": [round(found.ci_low, 4), round(found.ci_high, 4)],
            "heartline_seconds": percentiles(heartline),
            "loop_bootstrap_seconds": percentiles(baseline),
            "ratio_to_loop": ratio(percentiles(heartline)["p50_ms"], percentiles(baseline)["p50_ms"]),
        }
    return results
