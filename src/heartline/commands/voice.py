"""`heartline voice …`: Voice of the member: survey scores and key drivers."""

from __future__ import annotations

import typer

app = typer.Typer(help="Voice of the member: survey scores and key drivers.", no_args_is_help=True)
