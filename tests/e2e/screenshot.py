"""Take the README's screenshot of the dashboard: `make screenshot` (or `python tests/e2e/screenshot.py`).

It runs the browser test that walks the manager's dashboard, asking it to save its screenshot to
docs/img/dashboard.png (or the path given as the first argument) instead of test-results/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "docs" / "img" / "dashboard.png"


def main(argv: list[str]) -> int:
    target = Path(argv[0]).resolve() if argv else DEFAULT_PATH
    exit_code = int(
        pytest.main(
            [
                str(ROOT / "tests" / "e2e" / "test_dashboard.py"),
                "-m",
                "e2e",
                "-k",
                "manager_dashboard",
                "-p",
                "no:xdist",
                "-q",
                f"--dashboard-screenshot={target}",
            ]
        )
    )
    if exit_code == 0:
        sys.stderr.write(f"dashboard screenshot saved to {target}\n")
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
