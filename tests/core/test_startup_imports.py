"""Starting Django (every `heartline` command) imports none of the heavy analysis libraries: a command
that reads no warehouse table starts in well under a second, and `heartline metrics NAME` reads an
answer the server kept without them (issue 20; timed in benchmarks/pages_group)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.contact_facts import contact_rows, expected_by_unit, write_contacts

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


# -- the command line's quick path: `heartline metrics NAME` answered from the shared result cache --

COMPUTE = (
    "import json; from heartline.commands.common import setup_django; setup_django(); "
    "from heartline.core.analytics import build_query, run_metric; from heartline.core.scoping import OPERATOR; "
    "print(json.dumps(run_metric(OPERATOR, 'contact-volume', build_query('contact-volume', ['unit'])).as_dict()))"
)
READ_KEPT = (
    "import json, sys; from heartline.commands.common import setup_django; setup_django(); "
    "from heartline.core.analytics import kept_answer; from heartline.core.scoping import OPERATOR; "
    "kept = kept_answer(OPERATOR, 'contact-volume', ['unit']); "
    f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
    "print(json.dumps({'answer': kept and kept[1].as_dict(), 'title': kept and kept[0].title, 'heavy': heavy}))"
)


def _in_a_new_process(probe: str, home: Path) -> Any:
    """What `probe` prints (JSON), run by a fresh interpreter over the warehouse in `home`."""
    env = {**os.environ, "HEARTLINE_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_answer_another_process_kept_is_read_with_no_analysis_library(tmp_path: Path) -> None:
    write_contacts(Warehouse(tmp_path / "warehouse"))
    computed = _in_a_new_process(COMPUTE, tmp_path)  # the server, say, computes and keeps it

    read = _in_a_new_process(READ_KEPT, tmp_path)  # then `heartline metrics contact-volume --by unit`

    assert read == {"answer": computed, "title": "Contact volume", "heavy": []}
    assert {row["unit"]: row["value"] for row in computed["rows"]} == expected_by_unit()


def test_a_kept_answer_is_not_read_once_a_table_has_changed(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "warehouse")
    write_contacts(warehouse)
    _in_a_new_process(COMPUTE, tmp_path)
    one_more = contact_rows().to_pylist()[:1]
    one_more[0]["contact_id"] = "c-one-more"
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist(one_more, schema=CONTACTS.schema), source="tests")

    read = _in_a_new_process(READ_KEPT, tmp_path)

    assert read["answer"] is None


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
