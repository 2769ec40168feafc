"""The `pages` group (issue 20): pages as fast as the API for the same figures, a restart that is not a
cold start, and the command line's start-up, each beside its baseline measured in the same run.

    .venv/bin/python benchmarks/run.py --only pages      (HEARTLINE_BENCH_PAGES_SIZE=small|standard|large)

`HEARTLINE_BENCH_PAGES_HOME=DIR` reuses a demo already built in DIR (`heartline demo --size large
--no-serve`: the large one takes ~45 minutes to build) instead of building one; say its size in
HEARTLINE_BENCH_PAGES_SIZE. The run empties that demo's shared result cache (the cold figures).

- `page_vs_api`: the demo (`small` unless HEARTLINE_BENCH_PAGES_SIZE says otherwise) served by
  `heartline serve` as the demo serves it (DEBUG off); an executive signed in opens each chart page
  `repeats` times, interleaved with the API calls that give the same figures (summed per round, with a
  personal token); p50/p95 of each and the page's p95 over the API's (goal ≤ 1.5);
- `start`: the first One and Done page view after a fresh `heartline serve` — with the shared result
  cache emptied (cold) and with it as the previous server left it (warm) — beside the warm p50 of a
  server that has been running;
- `slow_pages`: issue 19's slow pages (contact list, member voice analysis, training impact, One and
  Done): the first view on a fresh server with the shared cache emptied, then p50/p95 of `repeats`
  views against the goal of 300 ms p95 (at the standard demo: HEARTLINE_BENCH_PAGES_SIZE=standard);
  then, as after an ingest, the cache emptied, `heartline warm` timed (`warm_s`) and each page's first
  view on a fresh server (`first_view_after_warming_ms`);
- `cli`: wall and CPU seconds of `heartline --help`, `heartline metrics --help`, `heartline token revoke`
  (Django set up, one query) and `heartline metrics contact-volume --by unit` (answered from the shared
  cache) beside `python -c pass`, best of `CLI_REPEATS`; and which heavy libraries Django's set-up imports,
  and which the cached metric's path imports (`heavy_modules_on_cached_metric_path`, with
  `cached_metric_answer_kept` saying the answer was indeed kept): goal none for both;
- `crawl` (`page_crawl`): every HTML page of the app, opened by each of the personas exec, manager, qa and
  agent who may open it (pages that need an id take a real one from a list that links to them), once to
  warm then 10 times: p50/p95 per page, and `over_goal`, every page whose p95 is over 300 ms. Its knobs
  (personas, views, pages) are in page_crawl's docstring; `benchmarks/page_crawl.py` runs it alone.

`HEARTLINE_BENCH_PAGES_ONLY=crawl` (or any of page_vs_api,start,slow_pages,cli,crawl, comma-separated)
runs only those sections: at the large demo the whole group takes long.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from harness import LoadWatch, note, percentiles, ratio
from load_group import free_port, server_env, wait_until_up

BIN = Path(sys.executable).parent
REPEATS = 20
CLI_REPEATS = 5
HEAVY = ("pandas", "ibis", "pyarrow", "duckdb", "altair", "scipy", "deltalake")
# Each chart page and the API calls that give the same figures.
PAIRS: dict[str, tuple[str, tuple[str, ...]]] = {
    "one_and_done": (
        "/contacts/one-and-done/",
        (
            "/api/v1/metrics/one-and-done?by=month,unit,reason,consulted",
            "/api/v1/metrics/handoff-rate",
            "/api/v1/metrics/handoff-flow",
        ),
    ),
    "contact_volume": (
        "/contacts/volume/",
        (
            "/api/v1/metrics/contact-volume?by=month",
            "/api/v1/metrics/contact-volume?by=channel",
            "/api/v1/metrics/contact-volume?by=unit",
        ),
    ),
    "quality_scores": ("/quality/scores/", ("/api/v1/quality/scores?by=agent", "/api/v1/quality/scores?by=month")),
    "voice_analysis": ("/voice/analysis/", ("/api/v1/voice/analysis",)),
}
PERSONA = "exec"
# Issue 19's slow pages on the standard demo, with the figures it gave (first views 1–8 s); goal p95 ≤ 300 ms.
SLOW_PAGES = {
    "contact_list": "/contacts/list/",
    "contact_list_page_5": "/contacts/list/?page=5",
    "voice_analysis": "/voice/analysis/",
    "learning_impact": "/learning/impact/",
    "one_and_done": "/contacts/one-and-done/",
}
SLOW_PAGE_GOAL_P95_MS = 300.0


def _heartline(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [str(BIN / "heartline"), *args], env=env or server_env(home), capture_output=True, text=True, check=True
    )


class Server:
    """`heartline serve` on a free loopback port over `home` (a `with` block)."""

    def __init__(self, home: Path, log: Path) -> None:
        self.home, self.log = home, log
        self.base = f"http://127.0.0.1:{free_port()}"

    def __enter__(self) -> Server:
        port = self.base.rsplit(":", 1)[1]
        self._log = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [str(BIN / "heartline"), "serve", "--port", port],
            env=server_env(self.home),
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,
        )
        wait_until_up(self.base, self.process)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._log.close()


def signed_in(base: str, persona: str = PERSONA) -> Any:
    import requests

    session = requests.Session()
    form = session.get(f"{base}/login/", timeout=120)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    answer = session.post(
        f"{base}/login/",
        data={
            "username": persona,
            "password": os.environ.get("HEARTLINE_DEMO_PASSWORD", "heartline-demo"),
            "csrfmiddlewaretoken": found.group(1) if found else "",
        },
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=120,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"signing in as {persona} answered {answer.status_code}")
    return session


def _get(session: Any, url: str, headers: dict[str, str] | None = None) -> float:
    began = time.perf_counter()
    answer = session.get(url, headers=headers, timeout=600)
    seconds = time.perf_counter() - began
    if answer.status_code != 200 or "/login/" in answer.url:
        raise RuntimeError(f"{url} answered {answer.status_code} ({answer.url})")
    return seconds


def bench_page_vs_api(base: str, token: str, repeats: int) -> dict[str, Any]:
    import requests

    session, api = signed_in(base), requests.Session()
    bearer = {"Authorization": f"Bearer {token}"}
    figures: dict[str, Any] = {}
    for name, (page, calls) in PAIRS.items():
        note(f"pages: {name} …")
        _get(session, base + page)  # first view: computes and caches the figures (not timed)
        for call in calls:
            _get(api, base + call, bearer)
        page_s, api_s = [], []
        for _ in range(repeats):  # interleaved: both see the same noise
            page_s.append(_get(session, base + page))
            api_s.append(sum(_get(api, base + call, bearer) for call in calls))
        page_p, api_p = percentiles(page_s), percentiles(api_s)
        figures[name] = {
            "page": page,
            "api_calls": list(calls),
            "page_ms": page_p,
            "api_ms": api_p,
            "page_p95_over_api_p95": ratio(page_p["p95_ms"], api_p["p95_ms"]),
            "page_p50_over_api_p50": ratio(page_p["p50_ms"], api_p["p50_ms"]),
            "goal_p95_ratio": 1.5,
        }
    return figures


def first_view_after_start(home: Path, log: Path, page: str, empty_cache: bool) -> dict[str, float]:
    if empty_cache:
        shutil.rmtree(home / "warehouse" / ".cache", ignore_errors=True)
    began = time.perf_counter()
    with Server(home, log) as server:
        up = time.perf_counter() - began
        session = signed_in(server.base)
        first = _get(session, server.base + page)
    return {"server_up_s": round(up, 2), "first_view_ms": round(first * 1000, 1)}


def bench_slow_pages(home: Path, log: Path, repeats: int) -> dict[str, Any]:
    """Issue 19's slow pages: each one's first view on a fresh server whose shared cache was emptied
    (what the first person sees after an ingest), then `repeats` views (p50/p95) against the goal."""
    shutil.rmtree(home / "warehouse" / ".cache", ignore_errors=True)
    figures: dict[str, Any] = {}
    with Server(home, log) as server:
        session = signed_in(server.base)
        for name, page in SLOW_PAGES.items():
            note(f"pages: slow page {page} …")
            first = _get(session, server.base + page)
            views = percentiles([_get(session, server.base + page) for _ in range(repeats)])
            figures[name] = {
                "page": page,
                "first_view_cold_ms": round(first * 1000, 1),
                "views_ms": views,
                "goal_p95_ms": SLOW_PAGE_GOAL_P95_MS,
                "p95_within_goal": views["p95_ms"] <= SLOW_PAGE_GOAL_P95_MS,
            }
    # What the worker does after an ingest: the cache emptied, the pages computed ahead (`heartline warm`),
    # then each page's first view on a fresh server.
    shutil.rmtree(home / "warehouse" / ".cache", ignore_errors=True)
    note("pages: computing the slow pages ahead (heartline warm) …")
    began = time.perf_counter()
    _heartline(home, "warm")
    figures["warm_s"] = round(time.perf_counter() - began, 1)
    with Server(home, log) as server:
        session = signed_in(server.base)
        for name, page in SLOW_PAGES.items():
            figures[name]["first_view_after_warming_ms"] = round(_get(session, server.base + page) * 1000, 1)
    return figures


def _cpu_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `command` (CPU: user + system of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603 - our own command
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_cli(home: Path) -> dict[str, Any]:
    env = server_env(home)
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "heartline --help": [str(BIN / "heartline"), "--help"],
        "heartline metrics --help": [str(BIN / "heartline"), "metrics", "--help"],
        "heartline token revoke nobody": [str(BIN / "heartline"), "token", "revoke", "nobody"],
        "heartline metrics contact-volume --by unit (shared cache)": [
            str(BIN / "heartline"),
            "metrics",
            "contact-volume",
            "--by",
            "unit",
        ],
    }
    figures: dict[str, Any] = {}
    for name, command in commands.items():
        runs = [_cpu_of(command, env) for _ in range(CLI_REPEATS)]
        figures[name] = {
            "best_wall_s": round(min(w for w, _ in runs), 3),
            "best_cpu_s": round(min(c for _, c in runs), 3),
        }
    baseline = figures["python -c pass (baseline)"]["best_wall_s"]
    for entry in figures.values():
        entry["over_baseline_s"] = round(entry["best_wall_s"] - baseline, 3)
    setup = "import sys; from heartline.commands.common import setup_django; setup_django(); "
    heavy = f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    # What `heartline metrics contact-volume --by unit` does before it prints a kept answer.
    read_kept = (
        "from heartline.core.analytics import kept_answer; from heartline.core.scoping import OPERATOR; "
        "print('kept' if kept_answer(OPERATOR, 'contact-volume', ['unit']) else 'not kept'); "
    )
    after_setup = _probe(setup + heavy, env)
    kept, on_cached_path = _probe(setup + read_kept + heavy, env, lines=2)
    return {
        "commands": figures,
        "goal_s": 1.0,
        "heavy_modules_after_setup_django": [m for m in after_setup.split(",") if m],
        "cached_metric_answer_kept": kept == "kept",
        "heavy_modules_on_cached_metric_path": [m for m in on_cached_path.split(",") if m],
    }


def _probe(code: str, env: dict[str, str], lines: int = 1) -> Any:
    """The last `lines` lines `python -c code` prints (one line: the line itself)."""
    printed = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    last = [line.strip() for line in printed[-lines:]] if printed else [""] * lines
    return last[0] if lines == 1 else last


SECTIONS = ("page_vs_api", "start", "slow_pages", "cli", "crawl")


def run(scratch: Path) -> dict[str, Any]:
    size = os.environ.get("HEARTLINE_BENCH_PAGES_SIZE", "small")
    kept = os.environ.get("HEARTLINE_BENCH_PAGES_HOME")  # a demo built before (`heartline demo --no-serve`)
    home = Path(kept) if kept else scratch / "serve-home"
    log = scratch / "serve.log"
    build_s: float | None = None
    if kept:
        note(f"pages: reusing the demo in {home} (HEARTLINE_BENCH_PAGES_HOME; its size is taken as {size})")
    else:
        note(f"pages: building the {size} demo …")
        began = time.perf_counter()
        env = {**server_env(home), "HEARTLINE_DEMO": "true"}
        _heartline(home, "demo", "--size", size, "--no-serve", env=env)
        build_s = round(time.perf_counter() - began, 1)
    token = _heartline(home, "token", "create", PERSONA, "--days", "1").stdout.strip().splitlines()[-1]
    report: dict[str, Any] = {"size": size, "demo_build_s": build_s, "repeats": REPEATS}
    named = [s.strip() for s in os.environ.get("HEARTLINE_BENCH_PAGES_ONLY", "").split(",") if s.strip()]
    sections = named or list(SECTIONS)
    with LoadWatch() as watch:
        if "page_vs_api" in sections or "start" in sections:
            with Server(home, log) as server:
                if "page_vs_api" in sections:
                    report["page_vs_api"] = bench_page_vs_api(server.base, token, REPEATS)
                session = signed_in(server.base)
                running = [_get(session, server.base + PAIRS["one_and_done"][0]) for _ in range(5)]
        if "start" in sections:
            report["start"] = bench_start(home, log, running)
        if "slow_pages" in sections:
            note("pages: issue 19's slow pages …")
            report["slow_pages"] = bench_slow_pages(home, log, REPEATS)
        if "cli" in sections:
            note("pages: command-line start-up …")
            report["cli"] = bench_cli(home)
        if "crawl" in sections:
            from page_crawl import bench_crawl, crawl_settings

            report["crawl"] = bench_crawl(home, log, crawl_settings())
    report["load_average"] = watch.summary()
    return report


def bench_start(home: Path, log: Path, running: list[float]) -> dict[str, Any]:
    page = PAIRS["one_and_done"][0]
    note("pages: first view after a start, cold and warm …")
    start: dict[str, Any] = {
        "page": page,
        "cold_cache_emptied": first_view_after_start(home, log, page, empty_cache=True),
        "warm_shared_cache": first_view_after_start(home, log, page, empty_cache=False),
        "running_server_p50_ms": percentiles(running)["p50_ms"],
    }
    start["cold_over_warm"] = ratio(
        start["cold_cache_emptied"]["first_view_ms"], start["warm_shared_cache"]["first_view_ms"]
    )
    return start
