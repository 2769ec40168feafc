"""Starting Django (every `heartline` command) imports none of the heavy analysis libraries: a command
that reads no warehouse table starts in well under a second (issue 20; timed in benchmarks/pages_group)."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("pandas", "ibis", "pyarrow", "duckdb", "scipy", "altair", "deltalake", "sklearn")


def test_setting_up_django_imports_no_analysis_library() -> None:
    probe = (
        "import sys; from heartline.commands.common import setup_django; setup_django(); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], env=dict(os.environ), capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == ""
