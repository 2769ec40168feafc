"""Benchmarks of the library domain (`make bench BENCH_ARGS="--only library"`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def run(scratch: Path) -> dict[str, Any]:
    """Measure the library goals in `scratch`; returns the JSON section."""
    return {"status": "not measured yet"}
