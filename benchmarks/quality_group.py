"""Benchmarks of the quality domain (`make bench BENCH_ARGS="--only quality"`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def run(scratch: Path) -> dict[str, Any]:
    """Measure the quality goals in `scratch`; returns the JSON section."""
    return {"status": "not measured yet"}
