"""Take the README's screenshots: `make screenshot` (or `python tests/e2e/screenshot.py`).

It runs the browser test that walks the manager's dashboard, asking it to save its screenshot to
docs/img/dashboard.png (or the path given as the first argument) instead of test-results/, and the
walk of every persona's home page, saved beside it as home-<persona>.png (1280 px) and
home-<persona>-phone.png (390 px).
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
                str(ROOT / "tests" / "e2e" / "test_home_walks.py"),
                "-m",
                "e2e",
                "-k",
                "manager_dashboard or every_persona",
                "-p",
                "no:xdist",
                "-q",
                f"--dashboard-screenshot={target}",
                f"--home-screenshots={target.parent}",
            ]
        )
    )
    if exit_code == 0:
        sys.stderr.write(f"dashboard screenshot saved to {target}, home pages beside it\n")
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
