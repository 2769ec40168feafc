"""What every benchmark group stands on: a throwaway Django home, the machine's facts, and timing.

A figure is only as good as the machine was quiet, so the load average is recorded beside the
figures (`LoadWatch` samples it while they are measured); `warm()` discards a first run (DuckDB
views, OS page cache) before the timed ones.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def note(message: str) -> None:
    """A progress line on stderr (stdout carries only the JSON)."""
    print(message, file=sys.stderr, flush=True)


def configure_django(home: Path) -> None:
    """Settings for a throwaway home: SQLite in `home`, debug on, the shell's database ignored."""
    for name in ("DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE"):
        os.environ.pop(name, None)
    os.environ["DEBUG"] = "true"
    os.environ["HEARTLINE_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "heartline.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def load_average() -> float:
    """The 1-minute load average: how much other work shared the 2 cores while this was measured."""
    return round(os.getloadavg()[0], 2)


class LoadWatch:
    """The 1-minute load average sampled every few seconds while a section runs (a `with` block).

    A start and an end reading can both look quiet while another session loads the cores in between;
    the samples' mean and max say how much the section's figures had to share the machine. The load
    counts this process too: about 1 while pandas or a single thread runs, up to 2 under DuckDB.
    """

    def __init__(self, every_seconds: float = 5.0) -> None:
        self.every_seconds = every_seconds
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.every_seconds):
            self.samples.append(load_average())

    def __enter__(self) -> LoadWatch:
        self.samples.append(load_average())
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(load_average())

    def summary(self) -> dict[str, float]:
        return {
            "start": self.samples[0],
            "mean": round(statistics.fmean(self.samples), 2),
            "max": max(self.samples),
            "end": self.samples[-1],
        }


def machine_facts() -> dict[str, Any]:
    memory_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    packages = ("duckdb", "deltalake", "ibis-framework", "pyarrow", "pandas", "numpy", "django")
    return {
        "cores": os.cpu_count(),
        # Other work on the machine skews every figure; the 1-minute load says how much there was.
        "load_average_1min": load_average(),
        "memory_gb": round(memory_kb / 1024**2, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {name: version(name) for name in packages},
    }


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def warm(run: Callable[[], T], repeats: int) -> tuple[T, list[float]]:
    """The first run's answer (not timed: it warms caches), then `repeats` timed runs."""
    answer = run()
    return answer, [timed(run) for _ in range(repeats)]


def every_run(run: Callable[[], T], repeats: int) -> tuple[T, list[float]]:
    """`repeats` timed runs, the first one's answer kept: for work with no cache to warm (pandas in memory)."""
    gc.collect()
    began = time.perf_counter()
    answer = run()
    seconds = [time.perf_counter() - began]
    return answer, seconds + [timed(run) for _ in range(repeats - 1)]


def ratio(heartline: float, baseline: float) -> float | None:
    return round(heartline / baseline, 2) if baseline else None
