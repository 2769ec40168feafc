"""`heartline insights …`: segments, risk models and next-best-actions (issue 18)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from heartline.commands.common import console, migrate, out, setup_django

app = typer.Typer(help="Insights: segments, risk models, next-best-actions and campaigns.", no_args_is_help=True)


@app.command("next-best-actions")
def next_best_actions(
    member_id: Annotated[str, typer.Argument(help="The member's id")],
    at: Annotated[str | None, typer.Option("--at", help="An ISO instant with its offset; default now")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """A member's next best actions, best first, each with its channel, send time and reasons; never
    one the member's consent refuses. `--json` prints {"member_id", "actions": [{"action", "channel",
    "send_at", "score", "reasons"}]}."""
    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.actions.contracts import as_contract
    from heartline.insights.actions.selectors import next_best_actions as propose
    from heartline.insights.actions.selectors import parse_at

    try:
        found = propose(OPERATOR, member_id, parse_at(at), channel="cli")
    except ActionRefused as exc:  # NotFound included
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(as_contract(found)))
        return
    out.print(f"[bold]{member_id}[/bold]: {len(found.actions)} next best action(s) at {found.at.isoformat()}")
    for rank, p in enumerate(found.actions, 1):
        when = p.send_at.isoformat() if p.send_at else "on the next contact"
        out.print(f"{rank}. {p.title} — {p.channel}, {when}, score {p.score:.2f}")
        out.print(f"   because: {'; '.join(p.reasons)}")
    for w in found.withheld:
        out.print(f"   held back: {w.title} ({w.stage}): {w.reason}")
