"""`heartline library …`: The practice library: search index."""

from __future__ import annotations

import typer

app = typer.Typer(help="The practice library: search index.", no_args_is_help=True)
