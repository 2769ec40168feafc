"""The test side of `ingest_server`: start it once, run `heartline` commands in it, SIGKILL them."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 180  # Django set up on a busy 2-core machine
RUN_SECONDS = 120


def heartline_env(home: Path, *, debug: bool = True) -> dict[str, str]:
    """The environment of a `heartline` process on its own HEARTLINE_HOME (SQLite app database).

    With `debug` off it runs as in production (a secret key of its own; no code reloader)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    # COLUMNS: messages on one line each, as a test reads them (Rich wraps at the terminal width).
    env.update(HEARTLINE_HOME=str(home), DEBUG=str(debug).lower(), PYTHONPATH=str(ROOT), COLUMNS="500")
    if not debug:
        env["SECRET_KEY"] = "fault-suite-" + "k" * 50
    return env


@dataclass(frozen=True)
class Started:
    """A command the server has started: its process id, when, and where its output goes."""

    pid: int
    started_at: float  # seconds since the epoch (the server's clock, not frozen)
    began: float  # this process's perf_counter() when it heard of the start
    output: Path


@dataclass(frozen=True)
class Run:
    """How one command ended: its exit code, or the signal that ended it; and what it printed."""

    exit: int | None
    signal: int | None
    output: str
    started_at: float  # when it started, in seconds since the epoch (the server's clock, not frozen)
    seconds: float  # how long it ran

    @property
    def killed(self) -> bool:
        return self.signal == signal.SIGKILL


class IngestServer:
    """`python -m tests.faults.ingest_server` on `home`, set up once, forking one child per command."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.ingest_server"],
            cwd=ROOT,
            env=heartline_env(home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(home / "server.log").open("wb"),
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self._next(STARTUP_SECONDS)
        assert ready == {"ready": True}, (home / "server.log").read_text()
        self._runs = 0

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line)

    def _next(self, timeout: float) -> dict[str, object]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            log = (self.home / "server.log").read_text()
            raise AssertionError(f"the ingest server said nothing for {timeout} s; its log:\n{log}") from None
        message: dict[str, object] = json.loads(line)
        return message

    def start(self, args: list[str], warehouse: Path, database: Path | None = None) -> Started:
        """Start `heartline ARGS` against `warehouse` (and the SQLite app database `database`, when
        given, instead of the server's own); `finish` waits for it."""
        self._runs += 1
        output = self.home / f"run-{self._runs}.out"
        assert self._process.stdin is not None
        request = {"args": args, "warehouse": str(warehouse), "output": str(output)}
        if database is not None:
            request["database"] = str(database)
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        started = self._next(RUN_SECONDS)
        pid, started_at = started["pid"], started["at"]
        assert isinstance(pid, int)
        assert isinstance(started_at, float)
        return Started(pid, started_at, time.perf_counter(), output)

    def finish(self, started: Started, kill_after: float | None = None) -> Run:
        """Wait for a command to end, SIGKILLing it `kill_after` seconds after it started."""
        if kill_after is not None:
            time.sleep(max(0.0, kill_after - (time.perf_counter() - started.began)))
            with contextlib.suppress(ProcessLookupError):  # it had ended; the server still says how
                os.kill(started.pid, signal.SIGKILL)
        ended = self._next(RUN_SECONDS)
        seconds = time.perf_counter() - started.began
        code, sig = ended.get("exit"), ended.get("signal")
        return Run(
            exit=code if isinstance(code, int) else None,
            signal=sig if isinstance(sig, int) else None,
            output=started.output.read_text(errors="replace"),
            started_at=started.started_at,
            seconds=seconds,
        )

    def run(
        self, args: list[str], warehouse: Path, kill_after: float | None = None, database: Path | None = None
    ) -> Run:
        """Run `heartline ARGS` against `warehouse`; SIGKILL it `kill_after` seconds after it starts."""
        return self.finish(self.start(args, warehouse, database), kill_after)

    def stop(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
