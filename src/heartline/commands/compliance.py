"""`heartline compliance …`: regulatory decision clocks and the call-center standards.

Like every command they run as the operator (unrestricted scope); --json prints full precision."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, out, setup_django

app = typer.Typer(
    help="Compliance: decision clocks for grievances, determinations and appeals; call-center standards.",
    no_args_is_help=True,
)


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


@app.command()
def alerts(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Raise the decision-clock alerts due now (75% of the clock used, overdue), once per case and
    threshold: what the worker's `alert_clocks_running_out` task does, run here and now."""
    setup_django()
    from heartline.compliance.alert_services import raise_clock_alerts
    from heartline.core.scoping import OPERATOR

    run = raise_clock_alerts(OPERATOR)
    if as_json:
        out.print_json(json.dumps(run.as_dict()))
        return
    out.print(f"{len(run.raised)} alerts raised, {run.already_raised} raised before; {run.open_cases} open cases.")
    for alert in run.raised:
        out.print(f"  {alert['case_id']}: {alert['threshold']} (owner {alert['owner'] or 'none'})")


def _flag(row: dict[str, Any]) -> str:
    if not row["applies"]:
        return "reference"
    return "OVER" if row["breach"] else "met"


@app.command("call-center")
def call_center(
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: 3 quarters back)")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (full precision)")] = False,
) -> None:
    """CMS's call-center standards: average hold time (≤ 2 min) and disconnect rate (≤ 5%) by line of
    business, queue and quarter, trends toward a breach, and interpreter/TTY availability from test calls."""
    setup_django()
    from heartline.compliance.call_center import DISCONNECT_RATE, HOLD_TIME, call_center_report
    from heartline.core.analytics import parse_date
    from heartline.core.figures import figure, number
    from heartline.core.scoping import OPERATOR
    from heartline.warehouse.runners import MetricQueryError

    try:
        first, last = parse_date(start, "from"), parse_date(end, "to")
        if first and last and first > last:
            raise MetricQueryError(f"period starts {first} after it ends {last}")
        report = call_center_report(OPERATOR, first, last)
    except MetricQueryError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        out.print_json(json.dumps(report))
        return
    period = report["period"]
    for standard in (HOLD_TIME, DISCONNECT_RATE):
        section = report[standard.key]
        table = Table(
            title=f"{standard.title} (standard ≤ {standard.shown(standard.limit)}), {period['from']} to {period['to']}"
        )
        for name in ("line of business", "queue", "quarter", "value (95% CI)", "n", "standard"):
            table.add_column(name, justify="right" if name in ("value (95% CI)", "n") else "left")
        for row in section["rows"]:
            table.add_row(
                row["line_label"],
                row["queue"] or "(none)",
                row["quarter"][:7],
                figure(row, standard.percent),
                number(row["n"]),
                _flag(row),
            )
        out.print(table)
        for trend in section["trends"]:
            if trend["toward_breach"]:
                months = ", ".join(f"{m['month'][:7]} {m['shown']}" for m in trend["months"])
                out.print(
                    f"[bold red]Toward a breach:[/bold red] {trend['line_label']} {trend['queue']}: {months}; "
                    f"projected {trend['projected_quarter'][:7]} quarter {trend['projected_shown']}"
                )
    tests = Table(title="Interpreter and TTY availability (test calls)")
    for name in ("test", "line of business", "completed (95% CI)", "n"):
        tests.add_column(name, justify="right" if name in ("completed (95% CI)", "n") else "left")
    for row in report["test_calls"]["overall"]:
        tests.add_row(row["test"], "all lines", figure(row, True), number(row["n"]))
    for row in report["test_calls"]["by_line"]:
        tests.add_row(row["test"], row["line_label"], figure(row, True), number(row["n"]))
    out.print(tests)


@app.command()
def universe(
    start: Annotated[str, typer.Option("--from", help="First day of the audit period, YYYY-MM-DD")],
    end: Annotated[str, typer.Option("--to", help="Last day of the audit period, YYYY-MM-DD")],
    destination: Annotated[str, typer.Option("--out", help="Write the CSV to this file")],
    name: Annotated[
        str | None, typer.Argument(help="The universe, e.g. part-c-sod (an unknown name lists them)")
    ] = None,
    table: Annotated[
        str | None, typer.Option("--table", help="The universe (CMS table): part-c-sod, part-c-eod, part-c-claims")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as JSON")] = False,
) -> None:
    """A CMS program-audit universe (cases received in the period, in CMS's record layout) as CSV.

    The table is NAME or --table (part-c-sod when neither is given)."""
    setup_django()
    from pathlib import Path

    from heartline.compliance.universe_layouts import DEFAULT_UNIVERSE, UNIVERSES
    from heartline.compliance.universes import universe_csv, universe_rows
    from heartline.core.analytics import parse_date
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.warehouse.runners import MetricQueryError

    if name and table and name != table:
        console.print(f"[red]Two universes asked for: {name!r} and --table {table!r}.[/red] Give one.")
        raise typer.Exit(2)
    wanted = name or table or DEFAULT_UNIVERSE
    chosen = UNIVERSES.get(wanted)
    if chosen is None:
        console.print(f"[red]No universe {wanted!r}.[/red] There are: {', '.join(sorted(UNIVERSES))}")
        raise typer.Exit(2)
    try:
        first, last = parse_date(start, "from"), parse_date(end, "to")
        if first is None or last is None:
            raise ActionRefused("give the audit period: --from YYYY-MM-DD and --to YYYY-MM-DD")
        rows = universe_rows(OPERATOR, chosen, first, last, channel="cli")
    except (MetricQueryError, ActionRefused) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    Path(destination).write_text(universe_csv(chosen, rows), encoding="utf-8", newline="")
    if not chosen.in_force:
        console.print(
            f"[yellow]{chosen.cms_table} is a superseded layout, superseded by {chosen.superseded_by}[/yellow]"
        )
    if as_json:
        written = {"universe": chosen.name, "from": str(first), "to": str(last), "cases": len(rows)}
        layout = {"in_force": chosen.in_force, "superseded_by": chosen.superseded_by}
        out.print_json(json.dumps({**written, **layout, "file": destination}))
        return
    out.print(f"{len(rows)} cases in {chosen.title}, {first} to {last}: {destination}")
