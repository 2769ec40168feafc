"""`heartline serve` stops when told to, and takes the granian server with it (issue 13, fault 8).

The real command runs in a subprocess on a free loopback port with its own throwaway data folder;
the test waits for /healthz, sends the stop signal to `heartline serve` alone (as systemd, docker
stop or kill would), and checks the command ended and nothing listens on the port any more.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from heartline.commands.supervise import exit_code_of

pytestmark = pytest.mark.slow

STARTUP_BOUND = 120.0  # migrations on a fresh SQLite file and granian's start, on a busy machine
STOP_BOUND = 40.0  # longer than the supervisor's grace period, so a hung child shows as a failure


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a loopback URL we built
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_serving(home: Path, port: int) -> subprocess.Popen[bytes]:
    # Its own SQLite file: never the PostgreSQL cluster the test run may be using.
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "HEARTLINE_HOME": str(home), "DEBUG": "true"}
    command = [sys.executable, "-m", "heartline.cli", "serve", "--port", str(port)]
    log = (home / "serve.log").open("wb")  # a file, not a pipe: a full pipe would stall the server
    serving = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz") or serving.poll() is not None, STARTUP_BOUND)
    except TimeoutError:
        serving.kill()
        raise
    assert serving.poll() is None, "heartline serve ended before answering /healthz"
    return serving


def wait_until(condition: Callable[[], bool], bound: float) -> None:
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise TimeoutError


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_to_serve_ends_it_and_frees_the_port(tmp_path: Path, stop_signal: signal.Signals) -> None:
    port = free_port()
    serving = start_serving(tmp_path, port)
    serving.send_signal(stop_signal)
    try:
        returncode = serving.wait(timeout=STOP_BOUND)
    finally:
        if serving.poll() is None:
            serving.kill()
    assert (returncode, listening(port)) == (0, False), (tmp_path / "serve.log").read_text(errors="replace")[-2000:]


def test_a_stop_the_server_obeyed_is_a_clean_exit() -> None:
    assert [exit_code_of(0, True), exit_code_of(-signal.SIGTERM, True), exit_code_of(-signal.SIGINT, True)] == [0, 0, 0]


def test_a_server_that_fails_on_its_own_passes_its_code_on() -> None:
    assert [exit_code_of(3, False), exit_code_of(-signal.SIGKILL, False), exit_code_of(-signal.SIGKILL, True)] == [
        3,
        137,
        137,
    ]
