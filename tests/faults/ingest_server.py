"""Runs `heartline ingest` again and again, each run in a forked copy of one process set up once.

Setting Django up takes ~5 s and the ingests under test take a fraction of a second, so a fresh
`heartline` process per kill would spend the fault suite's time on imports. This server sets Django
up and migrates HEARTLINE_HOME's app database once, then, for each request line on stdin (JSON:
`{"args": [...], "warehouse": PATH, "output": PATH}`, optionally `"database": SQLITE FILE`), forks a
child that runs the `heartline` command line (`heartline.cli.app`) with those arguments against that
warehouse folder (and app database), as in production (DEBUG off), its stdout and stderr going to
`output`. It prints `{"pid": N, "at": EPOCH SECONDS}` when the child starts and
`{"pid": N, "exit": CODE}` or `{"pid": N, "signal": SIG}` when it ends, so a test can SIGKILL the
child at any moment and learn whether the kill landed before the ingest finished.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _say(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _run_child(request: dict[str, object]) -> None:
    """In the forked child: the command line, against the request's warehouse; never returns."""
    code = 70
    try:
        output = os.open(str(request["output"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(output, 1)
        os.dup2(output, 2)
        from django.conf import settings

        from heartline.cli import app

        settings.WAREHOUSE_DIR = str(request["warehouse"])
        settings.DEBUG = False  # as in production: `heartline worker` runs without the code reloader
        if "database" in request:  # another HEARTLINE_HOME's app database (the command migrates it)
            from django.db import connections

            settings.DATABASES["default"]["NAME"] = str(request["database"])
            connections["default"].settings_dict["NAME"] = str(request["database"])
        args = request["args"]
        assert isinstance(args, list)
        try:
            app([str(a) for a in args], prog_name="heartline")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _load_every_kind() -> None:
    """Import the command line and every ingest kind's loader now (the command imports them on first
    use), so that a forked child spends its time ingesting, not importing."""
    from heartline.cli import app  # noqa: F401
    from heartline.ingest import kinds

    for name in kinds.kind_names():
        kinds.get_kind(name)


def main() -> None:
    from django.db import connections

    from heartline.commands.common import migrate, setup_django

    setup_django()
    migrate()
    _load_every_kind()
    connections.close_all()  # each child opens its own connection to the app database
    _say({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _run_child(request)
        _say({"pid": pid, "at": time.time()})  # the test's own clock is frozen
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            _say({"pid": pid, "signal": os.WTERMSIG(status)})
        else:
            _say({"pid": pid, "exit": os.WEXITSTATUS(status)})


if __name__ == "__main__":
    main()
