"""Benchmarks of the learning domain (`benchmarks/run.py --only learning` once listed in DOMAIN_GROUPS;
or `uv run python benchmarks/learning_group.py`).

- `did`: the two-way fixed-effects estimator (stats.did) on synthetic staggered audits — 300 agents
  × 18 months at 4 and at 40 audits per agent-month — beside the baseline, statsmodels OLS with a
  dummy per agent and month and cluster-robust errors, with both estimates reported (they agree);
- `credential_rules`: replaying the credential rules for 300 agents with 4 audits a month over 18
  months (what the nightly run computes), pure Python.
No figure is asserted.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np


def _panel(agents: int, months: int, per_cell: int, seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    unit = np.arange(agents) % 7
    start = np.where(unit < 6, 3 + 2 * unit, 10_000)
    agent = np.repeat(np.arange(agents), months * per_cell)
    month = np.tile(np.repeat(np.arange(months), per_cell), agents)
    trained = (month >= start[agent]).astype(float)
    score = 62 + 3 * unit[agent] + rng.normal(0, 3, agents)[agent] + 0.3 * month + 4 * trained
    score = score + rng.normal(0, 6, agent.size)
    return {"agent": agent, "month": month, "trained": trained, "score": score}


def _time(fn: Any, repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    return best, result


def bench_did() -> dict[str, Any]:
    import pandas as pd
    import statsmodels.api as sm

    from heartline.stats.did import two_way_fixed_effects

    out: dict[str, Any] = {}
    for per_cell in (4, 40):
        p = _panel(300, 18, per_cell)
        ours_s, ours = _time(lambda p=p: two_way_fixed_effects(p["score"], p["trained"], p["agent"], p["month"]))

        def baseline(p: dict[str, np.ndarray] = p) -> float:
            frame = pd.DataFrame({"agent": p["agent"].astype(str), "month": p["month"].astype(str)})
            design = pd.get_dummies(frame, drop_first=True).astype(float)
            design.insert(0, "trained", p["trained"])
            fit = sm.OLS(p["score"], sm.add_constant(design)).fit(cov_type="cluster", cov_kwds={"groups": p["agent"]})
            return float(fit.params["trained"])

        base_s, base = _time(baseline, repeat=1)
        out[f"audits_{p['score'].size}"] = {
            "ours_seconds": round(ours_s, 4),
            "statsmodels_dummies_seconds": round(base_s, 4),
            "ours_effect": round(ours.effect.value, 4),
            "statsmodels_effect": round(base, 4),
            "speedup": round(base_s / ours_s, 1),
        }
    return out


def bench_rules() -> dict[str, Any]:
    from heartline.learning.credential_rules import Courses, Rule, replay
    from heartline.quality.contracts import AuditScore

    rng = np.random.default_rng(9)
    rule = Rule(scorecard_code="cqa", threshold=85.0)
    audits_by_agent = []
    audit_id = 0
    for agent in range(300):
        level = rng.normal(84, 5)
        audits = []
        for month in range(18):
            for _ in range(4):
                audit_id += 1
                day = dt.date(2025, 5, 1) + dt.timedelta(days=30 * month + int(rng.integers(0, 28)))
                at = dt.datetime.combine(day, dt.time(14), tzinfo=dt.UTC)
                score = float(np.clip(rng.normal(level, 8), 0, 100))
                audits.append(
                    AuditScore(audit_id, f"a{agent}", "cqa", at, at + dt.timedelta(days=1), score, score > 40)
                )
        audits_by_agent.append(audits)
    courses = Courses(required=6, done_on=dt.date(2025, 6, 1))

    def run_all() -> int:
        return sum(len(replay(rule, audits, courses, dt.date(2026, 10, 31))) for audits in audits_by_agent)

    seconds, transitions = _time(run_all)
    return {"agents": 300, "audits": audit_id, "seconds": round(seconds, 4), "transitions": transitions}


def run(scratch: Path) -> dict[str, Any]:
    """The learning section (needs Django set up for the rules' import of quality's contract)."""
    return {"did": bench_did(), "credential_rules": bench_rules()}


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartline.config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    json.dump(run(Path(".")), sys.stdout, indent=2)
    sys.stdout.write("\n")
