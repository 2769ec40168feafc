"""`heartline learning …`: Training programs and credentials."""

from __future__ import annotations

import typer

app = typer.Typer(help="Training programs and credentials.", no_args_is_help=True)
