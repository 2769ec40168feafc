"""`heartline compliance …`: regulatory decision clocks (and, beside them, the call-center standards)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from heartline.commands.common import out, setup_django

app = typer.Typer(help="Compliance: decision clocks for grievances, determinations and appeals.", no_args_is_help=True)


def _instant(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 time (e.g. 2026-11-20T10:00:00-05:00)") from None
    if value.tzinfo is None:
        raise typer.BadParameter(f"{text!r} has no offset: write Z or ±hh:mm, it could be any time zone")
    return value.astimezone(dt.UTC)


@app.command()
def cases(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Judge the clocks at this ISO time (default: now)")] = (
        None
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Every regulated case with its rule, due time and status (overdue, open, late, on_time…)."""
    moment = _instant(as_of)
    setup_django()
    from heartline.compliance.selectors import judged_cases, summary
    from heartline.core.scoping import OPERATOR

    judged = judged_cases(OPERATOR, moment)
    if as_json:
        out.print_json(json.dumps({"cases": [c.as_json() for c in judged], "summary": summary(judged)}))
        return
    table = Table(title=f"{len(judged)} regulated cases")
    for heading in ("case", "rule", "received", "due", "status"):
        table.add_column(heading)
    for case in judged:
        status = f"{case.status} (at risk)" if case.at_risk else case.status
        due = case.due_at.isoformat(timespec="minutes") if case.due_at else "—"
        table.add_row(case.case_id, case.rule or "—", case.received_at.isoformat(timespec="minutes"), due, status)
    out.print(table)
