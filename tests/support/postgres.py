"""A throwaway PostgreSQL cluster for the test suite, started from Debian's server binaries.

`initdb` and `pg_ctl` are not on PATH on Debian: they live in /usr/lib/postgresql/<version>/bin
(`PG_BIN` overrides the folder). PostgreSQL refuses to run as root, so as root the cluster runs as
the `postgres` system user (via `runuser`) in a temporary folder owned by it. The server listens on
127.0.0.1 on a free port with trust authentication and durability switched off (it is thrown away).

    with ThrowawayPostgres() as pg:
        os.environ["DATABASE_URL"] = pg.url

`python -m tests.support.postgres -- COMMAND…` runs COMMAND with DATABASE_URL pointing at a fresh cluster.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

SERVER_USER = "postgres"
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"


class PostgresUnavailableError(RuntimeError):
    """The server binaries are missing or the cluster did not start; the message says what to do."""


def server_bin_dir() -> Path:
    """The folder holding initdb and pg_ctl: $PG_BIN, Debian's newest version, or PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    candidates = sorted(
        (p for p in Path("/").glob(DEBIAN_BIN_GLOB.lstrip("/")) if (p / "initdb").exists()),
        key=lambda p: _version_key(p.parent.name),
    )
    if candidates:
        return candidates[-1]
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailableError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: `apt-get install postgresql` "
        "(make test does this), or set PG_BIN to the folder that holds them."
    )


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    """One PostgreSQL cluster in a temporary folder, for one test run."""

    def __init__(self, database: str = "heartline") -> None:
        self.database = database
        self.bin_dir = server_bin_dir()
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.root: Path | None = None

    @property
    def url(self) -> str:
        return f"postgres://{SERVER_USER}@127.0.0.1:{self.port}/{self.database}"

    @property
    def data_dir(self) -> Path:
        assert self.root is not None, "the cluster is not started"
        return self.root / "data"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            log = ""
            if self.root is not None and (self.root / "server.log").exists():
                log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise PostgresUnavailableError(
                f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}".rstrip()
            )

    def start(self) -> str:
        """Create and start the cluster; returns its DATABASE_URL."""
        # /tmp rather than $TMPDIR (which may sit in root's home): the postgres user must reach it.
        # mkdtemp makes a fresh private folder, so the shared /tmp is safe here.
        parent = "/tmp" if self.as_root else None  # noqa: S108
        self.root = Path(tempfile.mkdtemp(prefix="heartline-pg-", dir=parent))
        if self.as_root:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(self.root, user.pw_uid, user.pw_gid)
        result = self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SERVER_USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        self._check(result, "initdb")
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=100",
            ]
        )
        result = self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self._check(result, "pg_ctl start")
        self._wait_until_accepting()
        return self.url

    def _wait_until_accepting(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise PostgresUnavailableError(f"PostgreSQL did not accept connections on port {self.port}")

    def stop(self) -> None:
        """Stop the server at once and remove its folder (nothing in it is worth keeping)."""
        if self.root is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    """`python -m tests.support.postgres -- COMMAND…`: run COMMAND against a fresh cluster."""
    command = argv[1:] if argv[:1] == ["--"] else argv
    if not command:
        sys.stderr.write("usage: python -m tests.support.postgres -- COMMAND [ARG…]\n")
        return 2
    with ThrowawayPostgres() as pg:
        sys.stderr.write(f"PostgreSQL ready at {pg.url}\n")
        return subprocess.call(command, env={**os.environ, "DATABASE_URL": pg.url})


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
