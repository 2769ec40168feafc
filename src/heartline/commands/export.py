"""`heartline export …`: members' records out of Heartline in standard formats (FHIR Bulk Data NDJSON)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from heartline.commands.common import console, migrate, out, rich_progress, setup_django

app = typer.Typer(help="Export members' records (FHIR R4 NDJSON).", no_args_is_help=True)


@app.command()
def fhir(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for Patient.ndjson, Coverage.ndjson, …")],
    since: Annotated[
        str | None, typer.Option(help="Only resources last updated on or after this day (YYYY-MM-DD)")
    ] = None,
    member: Annotated[list[str] | None, typer.Option("--member", help="Only this member (repeatable)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print resources written per type as JSON")] = False,
) -> None:
    """Write members' records as FHIR R4 NDJSON, one file per resource type (Bulk Data style), as the
    operator; every member exported is written to the access log."""
    try:
        since_day = dt.date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise typer.BadParameter(f"{since!r} is not a day like 2025-01-31", param_hint="--since") from exc
    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.members.fhir.export import export_fhir

    progress, report = rich_progress()
    try:
        with progress:
            written = export_fhir(OPERATOR, out_dir, since=since_day, member_ids=member or (), progress=report)
    except ActionRefused as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if as_json:
        out.print_json(json.dumps(written))
    else:
        total = sum(written.values())
        details = ", ".join(f"{kind} {count:,}" for kind, count in written.items()) or "nothing to export"
        console.print(f"Wrote {total:,} resources to {out_dir}: {details}")
