"""Benchmarks of the voice domain (`make bench BENCH_ARGS="--only voice"`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def run(scratch: Path) -> dict[str, Any]:
    """Measure the voice goals in `scratch`; returns the JSON section."""
    return {"status": "not measured yet"}
