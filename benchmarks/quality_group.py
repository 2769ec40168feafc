"""Benchmarks of the quality domain (`make bench BENCH_ARGS="--only quality"`).

- `scores_by_agent`: the quality scores page's query — mean audit score, n and 95% t interval per
  representative over every completed audit the demo generated — beside pandas doing the same
  group-by on the same rows already in memory, and beside loading those rows into pandas first
  (what a pandas page would pay). The figures are checked to agree.
- `calibration_alpha`: Krippendorff's alpha with a 2000-draw bootstrap interval for a 50-contact ×
  6-auditor session at each level, beside the plain way of bootstrapping (recomputing alpha on each
  resampled matrix in a loop), with the alphas checked to agree.
- `alpha_goal`: the goal that used to be a timed unit test — alpha with a 2000-draw ordinal bootstrap
  for 50 units × 5 raters (10% missing) in well under a second — beside its goal.
- `continuous_alpha`: interval alpha of 3 raters × 200k units of continuous scores (no bootstrap), with
  its time and its peak traced memory (the sorted-pairs path holds O(scores), not units × values).

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
    return {
        "scores_by_agent": scores_by_agent(),
        "calibration_alpha": calibration_alpha(),
        "alpha_goal": alpha_goal(),
        "continuous_alpha": continuous_alpha(),
    }


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


ALPHA_GOAL_SECONDS = 1.0


def alpha_goal() -> dict[str, Any]:
    from heartline.stats.agreement import krippendorff_alpha

    rng = np.random.default_rng(3)
    scores = rng.integers(1, 6, size=(5, 50)).astype(float)
    scores[rng.random(scores.shape) < 0.1] = np.nan
    note("quality: alpha goal, 50 units × 5 raters, ordinal, 2000 draws …")
    _, seconds = warm(lambda: krippendorff_alpha(scores, "ordinal", draws=DRAWS), REPEATS)
    timing = percentiles(seconds)
    return {
        "units": 50,
        "raters": 5,
        "draws": DRAWS,
        "heartline_seconds": timing,
        "goal_ms": ALPHA_GOAL_SECONDS * 1000,
        "within_goal": timing["p50_ms"] < ALPHA_GOAL_SECONDS * 1000,
    }


def continuous_alpha() -> dict[str, Any]:
    import tracemalloc

    from heartline.stats.agreement import krippendorff_alpha

    units = 200_000
    rng = np.random.default_rng(5)
    truth = rng.normal(70, 10, size=units)
    scores = truth + rng.normal(0, 4, size=(3, units))
    note("quality: interval alpha, 3 raters × 200k units of continuous scores …")
    found, seconds = warm(lambda: krippendorff_alpha(scores, "interval", draws=0), 1)
    tracemalloc.start()
    krippendorff_alpha(scores, "interval", draws=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "units": units,
        "raters": 3,
        "alpha": round(found.alpha, 4),
        "heartline_seconds": percentiles(seconds),
        "peak_traced_mib": round(peak / 2**20, 1),
    }
