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


def test_the_command_line_does_not_compile_the_redactor_until_a_command_needs_it() -> None:
    # Its ~200 patterns cost every command ~0.2 s to compile; `heartline redact` and the voice quotes
    # import it when they run.
    probe = "import sys; import heartline.cli; print('heartline.core.redaction' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], env=dict(os.environ), capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == "False"


def test_reading_organization_data_does_not_compile_the_redactor() -> None:
    # A contacts ingest looks up each representative's team through the selectors: ~0.2 s of a
    # million-row load went to compiling patterns it never used.
    probe = (
        "import sys; from heartline.commands.common import setup_django; setup_django(); "
        "import heartline.core.selectors; print('heartline.core.redaction' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], env=dict(os.environ), capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == "False"
