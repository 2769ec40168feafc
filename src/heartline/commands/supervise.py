"""Run a server as a child process and stop it with us: the signals we get are passed on to it.

`heartline serve` starts granian as a child. Without this, a SIGTERM (systemd, docker stop, kill)
ended the parent alone and left granian serving the port. The child runs in its own process group,
so a Ctrl+C in the terminal reaches it once (through us), not twice, and a stop reaches granian's
workers too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from types import FrameType

# What each signal we receive becomes for the child: every one means "stop". A Ctrl+C is passed on
# as SIGTERM too: SIGINT reaching granian's Python workers directly could leave one hung in its
# KeyboardInterrupt under load (seen in the tests), SIGTERM never did.
FORWARDED = {signal.SIGTERM: signal.SIGTERM, signal.SIGINT: signal.SIGTERM, signal.SIGHUP: signal.SIGTERM}
# A child that died of one of these after we asked it to stop has stopped cleanly.
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})
GRACE_SECONDS = 30.0


class _StopRequested(Exception):
    """Raised out of the signal handler so the wait for the child can start counting the grace period."""


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already gone
        os.killpg(group, signum)


def exit_code_of(returncode: int, stop_requested: bool) -> int:
    """The code to exit with once the child has ended with `returncode` (negative: killed by that signal).

    A stop we asked for that the child obeyed (it exited 0, or died of the signal we passed on) is a
    clean stop, 0; anything else is the child's own code, or 128 + signal as a shell reports it.
    """
    if stop_requested and (returncode == 0 or -returncode in STOP_SIGNALS):
        return 0
    return returncode if returncode >= 0 else 128 - returncode


def run_supervised(
    command: Sequence[str], env: Mapping[str, str] | None = None, grace_seconds: float = GRACE_SECONDS
) -> int:
    """Run `command` until it ends; SIGTERM, SIGINT and SIGHUP sent to us are passed on to its process group.

    Returns the code to exit with (see `exit_code_of`). A child still running `grace_seconds` after
    the first stop signal is killed (SIGKILL, whole group), and no process of its group outlives
    this call, so nothing is left holding the port.
    """
    child = subprocess.Popen(command, env=env, process_group=0)  # noqa: S603 - the caller built the command
    group = child.pid
    state = {"waiting": True, "stop_requested": False}

    def forward(signum: int, _frame: FrameType | None) -> None:
        _signal_group(group, FORWARDED[signal.Signals(signum)])
        first = not state["stop_requested"]
        state["stop_requested"] = True
        if first and state["waiting"]:
            raise _StopRequested

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        deadline: float | None = None
        while True:
            try:
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                returncode = child.wait(timeout=timeout)
                state["waiting"] = False
                break
            except _StopRequested:
                deadline = time.monotonic() + grace_seconds
            except subprocess.TimeoutExpired:
                _signal_group(group, signal.SIGKILL)
                deadline = None
    finally:
        state["waiting"] = False
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if child.poll() is None:  # we are leaving on an error of our own: take the child with us
            _signal_group(group, signal.SIGKILL)
            child.wait()
    _signal_group(group, signal.SIGKILL)  # workers the server left behind would keep the port
    return exit_code_of(returncode, state["stop_requested"])
