"""The `load` group: staff of every role using `heartline serve` at once while an ingest runs (issue 13).

At the size built last (its app database is the one in place), the demo's app database and warehouse
are copied to a folder of their own and served by `heartline serve` on loopback as the demo serves
them (HEARTLINE_DEMO: DEBUG off, plain http). Then:

- accounts: `users` demo logins (password `heartline-demo`): the ten personas first, then other staff
  taken round the roles, each with a personal API token;
- what each role may open: the menu's pages and the domain pages below, and the API's GET endpoints
  below, each tried once per role signed in — a 200 keeps it in the walk, a 403/404 says the role may
  not, anything else is a failure of the probe (reported, never dropped quietly);
- the load: Locust (`load_locustfile.py`, headless, `users` people spawned `spawn_rate` a second for
  `seconds`), each person signed in through the login form and opening pages and calling the API;
- beside it, `heartline ingest contacts` re-loading the first 20,000 demo contacts in a loop (a re-run
  changes no row, but reads, checks and merges them every time).

Reported: requests, failures (with their messages) and requests a second in all; p50/p95/p99 for the
walk (pages and API), pages, API, signing in and each page and endpoint, from Locust's histograms;
the ingest runs and their seconds; the probe's findings; the server's log of errors. No figure is
asserted.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness import note

BENCHMARKS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
INGEST_ROWS = 20_000
# Pages beyond the menu a person opens from it; each role keeps those that answer it 200.
PAGES = (
    "/",
    "/contacts/one-and-done/",
    "/contacts/list/",
    "/behaviors/",
    "/behaviors/rehearsals/",
    "/quality/",
    "/quality/scores/",
    "/quality/scorecards/",
    "/quality/calibration/",
    "/coaching/",
    "/learning/",
    "/learning/waves/",
    "/learning/overdue/",
    "/learning/credentials/",
    "/learning/impact/",
    "/voice/",
    "/voice/analysis/",
    "/voice/ideas/",
    "/library/",
    "/library/write/",
)
API = (
    "/api/v1/me",
    "/api/v1/metrics",
    "/api/v1/metrics/contact-volume?by=unit",
    "/api/v1/metrics/one-and-done",
    "/api/v1/behaviors",
    "/api/v1/quality/queue",
    "/api/v1/quality/audits",
    "/api/v1/quality/disputes",
    "/api/v1/quality/scores",
    "/api/v1/quality/calibrations",
    "/api/v1/coaching/sessions",
    "/api/v1/coaching/queue",
    "/api/v1/learning/programs",
    "/api/v1/learning/waves",
    "/api/v1/learning/plan",
    "/api/v1/learning/overdue",
    "/api/v1/learning/credentials",
    "/api/v1/learning/notifications",
    "/api/v1/learning/impact",
    "/api/v1/voice/surveys",
    "/api/v1/voice/analysis",
    "/api/v1/voice/ideas",
    "/api/v1/library/search?q=claim",
)
NOT_FOR_THIS_ROLE = (403, 404)


def seconds_by_default(size: str) -> int:
    """Five minutes at standard and larger; one at small, which is for proving the group runs."""
    return 60 if size == "small" else 300


def pick_accounts(users: int) -> list[dict[str, str]]:
    """`users` demo logins: the personas, then other staff round the roles (agents last, as there
    are most of them), each with a fresh one-day API token."""
    from heartline.core.models import Employee
    from heartline.core.services import create_api_token
    from heartline.demo.org import PERSONAS

    staff = list(Employee.objects.select_related("user").order_by("code"))
    by_role: dict[str, list[Employee]] = {}
    for employee in staff:
        if employee.user.username not in PERSONAS and employee.user.is_active:
            by_role.setdefault(employee.role, []).append(employee)
    chosen = [(username, str(role)) for username, role in PERSONAS.items()]
    queues = [by_role[role] for role in sorted(by_role, key=lambda r: len(by_role[r]))]
    while len(chosen) < users and any(queues):
        for queue in queues:
            if queue and len(chosen) < users:
                employee = queue.pop(0)
                chosen.append((employee.user.username, employee.role))
    return [
        {"username": username, "role": role, "token": create_api_token(username, label="load test", days=1)}
        for username, role in chosen[:users]
    ]


def serve_copy(app_home: Path, warehouse: Path, serve_home: Path) -> None:
    """The app database (and what else sits in the bench's home) and the size's warehouse, copied."""
    from django.db import connections

    connections.close_all()
    shutil.copytree(app_home, serve_home, ignore=shutil.ignore_patterns("warehouse", "static"))
    shutil.copytree(warehouse, serve_home / "warehouse")


def reingest_file(warehouse: Path, scratch: Path) -> Path:
    import pyarrow.parquet as pq
    from warehouse_group import demo_contacts

    from heartline.warehouse.store import Warehouse

    contacts = demo_contacts(Warehouse(warehouse)).to_pyarrow_table().drop_columns(["team"])
    path = scratch / "reingest-contacts.parquet"
    pq.write_table(contacts.slice(0, INGEST_ROWS), path)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(serve_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE")}
    env.update(
        HEARTLINE_HOME=str(serve_home), HEARTLINE_DEMO="true", DJANGO_SETTINGS_MODULE="heartline.config.settings"
    )
    return env


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"heartline serve ended with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"heartline serve did not answer /healthz within {timeout:.0f} s")


def probe_role(base: str, account: dict[str, str], password: str) -> dict[str, Any]:
    """What `account`'s role may open: the paths answering 200 (after any redirect, unless to the
    login form); 403/404 left out; anything else a failure."""
    import re

    import requests

    session = requests.Session()
    form = session.get(f"{base}/login/", timeout=60)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    signed_in = session.post(
        f"{base}/login/",
        data={
            "username": account["username"],
            "password": password,
            "csrfmiddlewaretoken": found.group(1) if found else "",
        },
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if signed_in.status_code != 302:
        return {"failures": {"sign in": signed_in.status_code}, "pages": [], "api": [], "not_for_role": []}
    kept: dict[str, list[str]] = {"pages": [], "api": []}
    refused: list[str] = []
    failures: dict[str, int] = {}
    bearer = {"Authorization": f"Bearer {account['token']}"}
    for kind, paths, headers in (("pages", PAGES, None), ("api", API, bearer)):
        for path in paths:
            answer = (requests if headers else session).get(f"{base}{path}", headers=headers, timeout=120)
            if answer.status_code == 200 and urlsplit(answer.url).path != "/login/":
                kept[kind].append(path)
            elif answer.status_code in NOT_FOR_THIS_ROLE:
                refused.append(path)
            else:
                failures[path] = answer.status_code
    return {**kept, "not_for_role": refused, "failures": failures}


class IngestLoop:
    """`heartline ingest contacts FILE` run again and again in its own process until stopped."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.command = [str(BIN / "heartline"), "ingest", "contacts", str(path), "--json"]
        self.env = env
        self.seconds: list[float] = []
        self.failed: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            began = time.perf_counter()
            done = subprocess.run(self.command, env=self.env, capture_output=True, text=True, check=False)  # noqa: S603
            self.seconds.append(time.perf_counter() - began)
            if done.returncode != 0:
                self.failed.append(done.stderr.strip()[-500:])

    def __enter__(self) -> IngestLoop:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, Any]:
        runs = len(self.seconds)
        return {
            "rows_per_run": INGEST_ROWS,
            "runs": runs,
            "failed_runs": len(self.failed),
            "failures": self.failed[:5],
            "mean_seconds": round(sum(self.seconds) / runs, 2) if runs else None,
            "max_seconds": round(max(self.seconds), 2) if runs else None,
        }


def _percentile(histogram: dict[int, int], share: float) -> float | None:
    """The response time (ms, as Locust rounds it) below which `share` of the requests fell."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, seen = share * total, 0
    for milliseconds in sorted(histogram):
        seen += histogram[milliseconds]
        if seen >= wanted:
            return float(milliseconds)
    return float(max(histogram))


def _figures(entries: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    """Requests, failures, requests a second and p50/p95/p99 over `entries` (Locust's stats, merged)."""
    histogram: dict[int, int] = {}
    for entry in entries:
        for milliseconds, count in entry["response_times"].items():
            histogram[int(milliseconds)] = histogram.get(int(milliseconds), 0) + count
    requests = sum(e["num_requests"] for e in entries)
    return {
        "requests": requests,
        "failures": sum(e["num_failures"] for e in entries),
        "requests_per_second": round(requests / seconds, 2) if seconds else None,
        "p50_ms": _percentile(histogram, 0.50),
        "p95_ms": _percentile(histogram, 0.95),
        "p99_ms": _percentile(histogram, 0.99),
        "max_ms": round(float(max((e["max_response_time"] for e in entries), default=0)), 1),
    }


def read_locust(prefix: Path) -> dict[str, Any]:
    """Locust's `<prefix>.json` (each entry's histogram of response times) and `<prefix>_failures.csv`:
    figures in all, for the walk (pages and API, sign-in left out: it is slow by design, a password
    hash), for pages, for the API, for signing in, and per page and endpoint."""
    entries: list[dict[str, Any]] = json.loads(Path(f"{prefix}.json").read_text())
    began = min((e["start_time"] for e in entries), default=0.0)
    ended = max((e["last_request_timestamp"] or began for e in entries), default=began)
    seconds = ended - began
    signing_in = [e for e in entries if e["name"] in ("login form", "sign in")]
    pages = [e for e in entries if e["name"].startswith("page ")]
    api = [e for e in entries if e["name"].startswith("api ")]
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as failed:
        for row in csv.DictReader(failed):
            failures.append({"name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])})
    return {
        "total": _figures(entries, seconds),
        "walk": _figures(pages + api, seconds),
        "pages": _figures(pages, seconds),
        "api": _figures(api, seconds),
        "sign_in": _figures(signing_in, seconds),
        "by_page": {e["name"]: _figures([e], seconds) for e in sorted(entries, key=lambda e: e["name"])},
        "failure_messages": failures,
    }


def run_load(
    size: str,
    app_home: Path,
    warehouse: Path,
    scratch: Path,
    users: int = 50,
    seconds: int | None = None,
    spawn_rate: float = 10.0,
    workers: int = 2,
    wait_seconds: tuple[float, float] = (1.0, 3.0),
) -> dict[str, Any]:
    seconds = seconds or seconds_by_default(size)
    scratch.mkdir(parents=True, exist_ok=True)
    note(f"load: {users} users for {seconds} s at the {size} demo …")
    accounts = pick_accounts(users)
    serve_home = scratch / "serve-home"
    serve_copy(app_home, warehouse, serve_home)
    ingest_path = reingest_file(warehouse, scratch)
    env = server_env(serve_home)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "heartline"), "serve", "--port", str(port), "--workers", str(workers)]
    server_log = (scratch / "serve.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own command
        command, env=env, stdout=subprocess.DEVNULL, stderr=server_log, start_new_session=True
    )
    try:
        wait_until_up(base, server)
        from heartline.demo.org import PERSONAS

        password = os.environ.get("HEARTLINE_DEMO_PASSWORD", "heartline-demo")
        probes = {a["role"]: probe_role(base, a, password) for a in accounts if a["username"] in PERSONAS}
        plan_accounts = [{**a, "pages": probes[a["role"]]["pages"], "api": probes[a["role"]]["api"]} for a in accounts]
        plan_path = scratch / "load-plan.json"
        plan = {"password": password, "wait_seconds": list(wait_seconds), "accounts": plan_accounts}
        plan_path.write_text(json.dumps(plan))
        prefix = scratch / "locust"
        locust = [str(BIN / "locust"), "-f", str(BENCHMARKS / "load_locustfile.py"), "--headless"]
        locust += ["-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s", "--host", base]
        locust += [
            "--csv",
            str(prefix),
            "--json-file",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "30",
            "--loglevel",
            "WARNING",
        ]
        with IngestLoop(ingest_path, env) as ingest:
            began = time.perf_counter()
            subprocess.run(locust, env={**os.environ, "HEARTLINE_LOAD_PLAN": str(plan_path)}, check=False)  # noqa: S603
            elapsed = time.perf_counter() - began
        stats = read_locust(prefix)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        server_log.close()
    logged = (scratch / "serve.log").read_text(errors="replace").splitlines()
    roles = sorted({a["role"] for a in accounts})
    return {
        "size": size,
        "users": users,
        "accounts_by_role": {role: sum(a["role"] == role for a in accounts) for role in roles},
        "spawn_rate_per_second": spawn_rate,
        "wait_seconds_between": list(wait_seconds),
        "seconds": seconds,
        "elapsed_seconds": round(elapsed, 1),
        "server_workers": workers,
        "requests": stats["total"]["requests"],
        "failures": stats["total"]["failures"],
        "requests_per_second": stats["total"]["requests_per_second"],
        **{part: stats[part] for part in ("walk", "pages", "api", "sign_in")},
        "failure_messages": stats["failure_messages"],
        "by_page": stats["by_page"],
        "ingest_beside": ingest.summary(),
        "probe": {
            role: {
                "pages": len(p["pages"]),
                "api": len(p["api"]),
                "not_for_role": p["not_for_role"],
                "failures": p["failures"],
            }
            for role, p in probes.items()
        },
        "probe_failures": sum(len(p["failures"]) for p in probes.values()),
        # The probe's 403s are logged with a traceback by Django; server errors would show here too.
        "server_errors_logged": sum("Internal Server Error" in line for line in logged),
    }
