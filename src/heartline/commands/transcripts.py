"""`heartline transcripts …`: work on the stored transcripts (loading them is `heartline ingest transcripts`)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, setup_django

app = typer.Typer(help="Call and chat transcripts (docs/transcripts.md).", no_args_is_help=True)


@app.command("reseal")
def reseal() -> None:
    """Re-encrypt every raw transcript with the first key of HEARTLINE_TRANSCRIPT_KEY (after a rotation)."""
    setup_django()
    migrate()
    from heartline.core.scoping import OPERATOR
    from heartline.transcripts.sealing import UnreadableRawText
    from heartline.transcripts.services import reseal_raw

    try:
        count = reseal_raw(OPERATOR)
    except UnreadableRawText as exc:
        console.print(f"[red]{exc}; nothing was changed[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Re-sealed {count:,} raw transcript(s) with the first key; the other keys may now be dropped.")


@app.command("questions")
def questions(
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD (contact's start)")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: the latest transcribed contact's day)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """What members are asking: questions from member turns, clustered across en/es/zh, trended against
    the previous period, each with the library article that answers it (or none: for the editors)."""
    setup_django()
    migrate()
    from heartline.core.bounds import parse_day
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.transcripts.asking_selectors import members_asking

    try:
        answer = members_asking(OPERATOR, parse_day(start, "from"), parse_day(end, "to"), channel="cli")
    except ActionRefused as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        out.print_json(json.dumps(answer.as_dict(), ensure_ascii=False))
        return
    _print_questions(answer.as_dict())


def _print_questions(answer: dict[str, Any]) -> None:
    out.print(
        f"What members asked, {answer['from']} to {answer['to']}: {answer['questions']:,} question(s) from "
        f"{answer['contacts']:,} transcribed contact(s) ({answer['previous_contacts']:,} in the previous period); "
        f"{answer['unclustered']:,} in no cluster."
    )
    table = Table(title="Question clusters (n = contacts asking this period)")
    for name in ("question", "n", "languages", "trend (share change, 95% CI)", "library article"):
        table.add_column(name, justify="right" if name == "n" else "left")
    for cluster in answer["clusters"]:
        trend = cluster["trend"]
        shown = trend["direction"]
        if trend["change"] is not None:
            shown += f" ({trend['change']:+.1%}, {trend['ci_low']:+.1%} to {trend['ci_high']:+.1%})"
        article = cluster["article"]
        table.add_row(
            cluster["name"],
            f"{cluster['n']:,}",
            ", ".join(f"{k} {v}" for k, v in cluster["languages"].items()),
            shown,
            article["title"] if article else "[bold]none: for the library's editors[/bold]",
        )
    out.print(table)
