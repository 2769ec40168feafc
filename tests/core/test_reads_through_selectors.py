"""Pages and the API never query the app database themselves: a read goes through a selector, which
scopes it to the caller, and a write through a service, which checks the caller's right to it.

The import-linter contract keeps models out of views and API modules; a few still import a model
class for annotations or its choices enum, so this test keeps their queries out all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import heartline

SOURCE = Path(heartline.__file__).parent
ENTRY_POINTS = sorted(
    path
    for pattern in ("*/views.py", "*/*_views.py", "*/views/*.py", "*/api.py", "*/ingest_api.py")
    for path in SOURCE.glob(pattern)
)


def queries_in(path: Path) -> list[str]:
    """`module:line` of every `<Model>.objects` a module reaches for."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(SOURCE)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]


def test_the_walk_finds_the_entry_points() -> None:
    assert {"quality/views/audits.py", "quality/api.py", "library/views.py"} <= {
        str(p.relative_to(SOURCE)) for p in ENTRY_POINTS
    }


def test_no_page_or_api_module_queries_a_model() -> None:
    assert [hit for path in ENTRY_POINTS for hit in queries_in(path)] == []
