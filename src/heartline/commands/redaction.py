"""`heartline redact-stored`: today's redactor over free text stored before redaction on write.

Ideas, idea comments, the reasons of idea moves and coaching notes are redacted as they are written;
text stored before that may still hold a member's id, SSN or phone number, or a staff name. This
command runs the current redactor over it through each domain's service and stores what changed
(operator scope; idempotent: a second run changes nothing).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, rich_progress, setup_django


def redact_stored(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would change; store nothing")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts per kind of record as JSON")] = False,
) -> None:
    """Redact member details in ideas, comments and coaching notes stored before redaction on write."""
    setup_django()
    migrate()
    from heartline.coaching.services import redact_stored_notes
    from heartline.core.scoping import OPERATOR
    from heartline.voice.services import redact_stored_ideas

    progress, report = rich_progress()
    with progress:
        tallies = [
            *redact_stored_ideas(OPERATOR, dry_run=dry_run, progress=report),
            *redact_stored_notes(OPERATOR, dry_run=dry_run, progress=report),
        ]
    if as_json:
        typer.echo(json.dumps({"dry_run": dry_run, "records": {t.records: t.as_dict() for t in tallies}}))
        return
    table = Table(title="Would change (dry run, nothing stored)" if dry_run else "Redacted stored text")
    table.add_column("records")
    table.add_column("checked", justify="right")
    table.add_column("would change" if dry_run else "changed", justify="right")
    for tally in tallies:
        table.add_row(tally.records, f"{tally.checked:,}", f"{tally.changed:,}")
    out.print(table)
    if not dry_run:
        console.print("Stored text now carries no member details the redactor finds; a second run changes nothing.")
