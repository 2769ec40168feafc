"""A reader in its own process, for test_concurrency: counts `contacts` through DuckDBSource in a loop.

    python count_reader.py WAREHOUSE_ROOT FINAL_TOTAL TIMEOUT_SECONDS

Prints `ready` once it has read the table, then keeps one DuckDBSource (as a web server would) and
counts until it sees FINAL_TOTAL or the time is up, and prints one JSON line: every count it saw, in
order, and every error it met.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse


def main(root: str, final_total: int, timeout: float) -> None:
    source = DuckDBSource(Warehouse(Path(root)))
    seen: list[int] = []
    errors: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            expr = source.table(CONTACTS).count().name("n").as_table()
            seen.append(int(source.execute(expr)[0]["n"]))  # type: ignore[call-overload]
        except Exception as exc:  # noqa: BLE001 - every failure is a finding, reported to the test
            errors.append(f"{type(exc).__name__}: {exc}")
        if len(seen) + len(errors) == 1:
            print("ready", flush=True)
        if seen and seen[-1] == final_total:
            break
    print(json.dumps({"seen": seen, "errors": errors}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
