"""`heartline transcripts …`: work on the stored transcripts (loading them is `heartline ingest transcripts`)."""

from __future__ import annotations

import typer

from heartline.commands.common import console, migrate, setup_django

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
