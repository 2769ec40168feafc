"""`heartline voice follow-ups …`: the closed loop from the command line (as the operator: every unit).

`open` opens follow-ups for the low or complaining survey responses of a period (idempotent; run it
daily after the surveys load), `list` shows a unit's open follow-ups, `close` records a call back,
`figures` prints the loop's figures. Reads of follow-ups name members and are access-logged.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, out, setup_django

app = typer.Typer(help="Closed-loop follow-up of detractors and complaints.", no_args_is_help=True)


def _day(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        console.print(f"[red]--{name} must be a date (YYYY-MM-DD), got {value!r}[/red]")
        raise typer.Exit(2) from None


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]{exc}[/red]")
    return typer.Exit(2)


@app.command("open")
def open_new(
    since: Annotated[str | None, typer.Option(help="First day of responses (default: 14 days ago)")] = None,
    until: Annotated[str | None, typer.Option(help="Last day of responses (default: today)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Open a follow-up for each detractor, CSAT 1–2 or complaint not yet followed up."""
    setup_django()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.voice.follow_up_services import open_follow_ups

    try:
        report = open_follow_ups(OPERATOR, since=_day(since, "since"), until=_day(until, "until"), channel="cli")
    except ActionRefused as exc:
        raise _fail(exc) from exc
    if as_json:
        out.print_json(json.dumps(report.__dict__))
        return
    out.print(
        f"Opened {report.opened:,} follow-ups of {report.considered:,} responses judged "
        f"({report.already_open:,} already open, {report.not_called_for:,} not calling for one, "
        f"{report.without_member:,} without a member, {report.without_unit:,} without a unit)."
    )


@app.command("list")
def list_open(
    unit: Annotated[str, typer.Argument(help="The unit's code")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """A unit's open follow-ups, most urgent first."""
    setup_django()
    from heartline.core import clock
    from heartline.core.errors import NotFound
    from heartline.core.scoping import OPERATOR
    from heartline.core.services import log_access
    from heartline.voice.follow_up_selectors import follow_up_record, unit_queue

    try:
        queue = unit_queue(OPERATOR, unit)
    except NotFound as exc:
        raise _fail(exc) from exc
    log_access(OPERATOR, "voice.follow_ups.queue", f"unit:{unit}", channel="cli", members=len(queue["open"]))
    rows = [follow_up_record(r.follow_up, clock.now()) for r in queue["open"]]
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(title=f"{queue['unit_name']}: {len(rows)} open, {queue['overdue']} overdue")
    for column in ("id", "due", "standing", "member", "why"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["id"]), str(row["due_at"]), row["standing"], row["member_id"], row["trigger"])
    out.print(table)


@app.command("close")
def close(
    follow_up_id: Annotated[int, typer.Argument(help="The follow-up's id")],
    outcome: Annotated[str, typer.Option(help="resolved, explained or grievance_filed")],
    note: Annotated[str, typer.Option(help="What was said (redacted when stored)")] = "",
    called_at: Annotated[
        str | None, typer.Option(help="When the member was called (ISO, with offset; default now)")
    ] = None,
    line_of_business: Annotated[str, typer.Option(help="For a grievance: the member's line of business")] = "",
) -> None:
    """Record the call back; a grievance opens a regulated case with its clock."""
    setup_django()
    from heartline.core.errors import ActionRefused, NotFound
    from heartline.core.scoping import OPERATOR
    from heartline.voice.follow_up_services import record_outcome

    try:
        moment = dt.datetime.fromisoformat(called_at) if called_at else None
        done = record_outcome(
            OPERATOR,
            follow_up_id,
            outcome,
            note=note,
            called_at=moment,
            line_of_business=line_of_business,
            channel="cli",
        )
    except (ActionRefused, NotFound, ValueError) as exc:
        raise _fail(exc) from exc
    case = f"; grievance case {done.case_id}" if done.case_id else ""
    out.print(f"Follow-up {done.pk}: {done.get_outcome_display()}{case}.")


@app.command("figures")
def figures(
    unit: Annotated[str, typer.Argument(help="The unit's code")],
    start: Annotated[str | None, typer.Option("--from", help="First day follow-ups were opened")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default today)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Share closed in time (Wilson 95% CI, n), the outcome mix and the members' next score."""
    setup_django()
    from heartline.core.errors import NotFound
    from heartline.core.scoping import OPERATOR
    from heartline.voice.follow_up_selectors import figures_summary, loop_figures

    try:
        data: dict[str, Any] = figures_summary(loop_figures(OPERATOR, unit, _day(start, "from"), _day(end, "to")))
    except NotFound as exc:
        raise _fail(exc) from exc
    if as_json:
        out.print_json(json.dumps(data))
        return
    in_time = data["closed_in_time"]
    out.print(f"{unit}, {data['from']} to {data['to']}: {data['opened']} follow-ups opened.")
    if in_time["n"]:
        out.print(
            f"Closed in time: {in_time['share']:.0%} (95% CI {in_time['ci_low']:.0%}–{in_time['ci_high']:.0%}), "
            f"n = {in_time['n']}"
        )
    for code, s in data["outcomes"].items():
        out.print(f"  {code}: {s['count']} of n = {s['n']}")
    nxt = data["next_score"]
    out.print(f"Next score: {nxt['answered']} of {nxt['called']} members called back answered again.")
