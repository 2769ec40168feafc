"""`heartline quality …`: Call quality: audits, scorecards and auditor agreement."""

from __future__ import annotations

import typer

app = typer.Typer(help="Call quality: audits, scorecards and auditor agreement.", no_args_is_help=True)
