"""`heartline insights …`: segments, risk models and next-best-actions (issue 18)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Insights: segments, risk models, next-best-actions and campaigns.", no_args_is_help=True)
