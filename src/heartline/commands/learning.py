"""`heartline learning …`: training programs, completions and credentials.

`heartline learning credentials --recompute` is the nightly run (expiry, and anything an evaluation
missed); schedule it with cron, e.g. `15 2 * * * /srv/heartline/.venv/bin/heartline learning credentials --recompute`.
`heartline learning boosters --assign` assigns the boosters that audits and flagged credentials call
for; run it nightly after the credentials.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, rich_progress, setup_django

app = typer.Typer(help="Training programs and credentials.", no_args_is_help=True)


@app.command()
def credentials(
    recompute: Annotated[
        bool, typer.Option("--recompute", help="Apply the credential rules to everyone first (the nightly run)")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluate as of this day, YYYY-MM-DD (default today)")
    ] = None,
    state: Annotated[str | None, typer.Option(help="Only credentials in this state, e.g. flagged")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List credentials and their latest change; with --recompute, apply the rules first."""
    setup_django()
    migrate()
    from heartline.core.scoping import OPERATOR
    from heartline.learning import selectors, services

    try:
        today = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        console.print(f"[red]--as-of {as_of!r} is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from exc
    run = None
    if recompute:
        progress, report = rich_progress()
        try:
            with progress:
                run = services.recompute_credentials(today=today, progress=lambda d, t: report("credentials", d, t))
        except services.LearningError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    rows: list[dict[str, Any]] = []
    for credential in selectors.credentials(OPERATOR, state=state).prefetch_related("events"):
        events = list(credential.events.all())
        last = events[-1] if events else None
        rows.append(
            {
                "employee_code": credential.employee.code,
                "credential": credential.credential_type.code,
                "state": credential.state,
                "since": credential.state_since.isoformat() if credential.state_since else None,
                "expires_on": credential.expires_on.isoformat() if credential.expires_on else None,
                "last_change": last.reason if last else None,
                "audit_ids": last.audit_ids if last else [],
                "changes": len(events),
            }
        )
    if as_json:
        out.print_json(json.dumps({"run": run.as_dict() if run else None, "credentials": rows}))
        return
    if run is not None:
        changes = ", ".join(f"{k} {v}" for k, v in sorted(run.changes.items())) or "none"
        console.print(f"Evaluated {run.agents} people: changes {changes}; {run.notifications} notifications.")
    table = Table(title=f"Credentials ({len(rows)})")
    for column in ("employee", "credential", "state", "since", "valid until", "last change"):
        table.add_column(column)
    for r in rows:
        cells = (r["employee_code"], r["credential"], r["state"], r["since"], r["expires_on"], r["last_change"])
        table.add_row(*(str(c or "")[:80] for c in cells))
    out.print(table)


@app.command("import")
def import_completions(
    files: Annotated[list[Path], typer.Argument(help="CSV files: employee_code, program, component, completed_on")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Load completions from CSV. A file with a bad row is refused whole; re-running changes nothing."""
    setup_django()
    migrate()
    from heartline.core.scoping import OPERATOR
    from heartline.learning import services

    failed = False
    reports = []
    for path in files:
        if not path.exists():
            console.print(f"[red]No such file: {path}[/red]")
            raise typer.Exit(2)
        report = services.import_completions(OPERATOR, path.read_text(encoding="utf-8-sig"), path.name)
        reports.append(report.as_dict())
        failed |= not report.accepted
        if not as_json:
            for problem in report.problems:
                console.print(f"[yellow]{problem}[/yellow]")
            counts = ", ".join(f"{k} {v}" for k, v in report.counts().items())
            console.print(
                ("Loaded: " if report.accepted else "[red]Refused, nothing stored:[/red] ") + f"{path}: {counts}"
            )
    if as_json:
        out.print_json(json.dumps(reports))
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_completions(
    program: Annotated[str | None, typer.Option(help="Only this program's completions")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output")] = None,
) -> None:
    """Write every completion as CSV (loadable back with `heartline learning import`)."""
    setup_django()
    from heartline.core.scoping import OPERATOR
    from heartline.learning import services

    text = services.export_completions(OPERATOR, program)
    if output is None:
        out.print(text, end="", markup=False, highlight=False, soft_wrap=True)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {len(text.splitlines()) - 1} completions to {output}")


@app.command()
def impact(
    scorecard: Annotated[str | None, typer.Option(help="Scorecard code (default: the credential's)")] = None,
    program: Annotated[str | None, typer.Option(help="Program code (default: any)")] = None,
) -> None:
    """Trained vs not-yet-trained audit scores and the difference-in-differences, as JSON."""
    setup_django()
    from heartline.core.scoping import OPERATOR
    from heartline.learning import analytics

    code = scorecard or analytics.default_scorecard(program)
    if code is None:
        console.print("[red]No scorecard given and no credential type names one.[/red]")
        raise typer.Exit(2)
    out.print_json(json.dumps(analytics.impact_report(OPERATOR, scorecard_code=code, program_code=program).as_dict()))


@app.command()
def boosters(
    assign: Annotated[
        bool, typer.Option("--assign", help="Run the booster rules for everyone first (nightly)")
    ] = False,
    starter: Annotated[
        bool, typer.Option("--load-starter", help="Define the starter boosters for the division's behaviors")
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assign as of this day, YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Boosters: load the starter catalog, run the assignment rules, and list each booster with how
    many were assigned and done, and whether it helped (before/after pass rate, 95% CI)."""
    setup_django()
    migrate()
    from heartline.core.scoping import OPERATOR
    from heartline.learning import selectors, services

    try:
        today = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        console.print(f"[red]--as-of {as_of!r} is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from exc
    if starter:
        loaded = services.load_starter_boosters(OPERATOR)
        console.print(f"{len(loaded)} starter boosters defined")
    run = services.assign_boosters(OPERATOR, today=today).as_dict() if assign else None
    rows: list[dict[str, Any]] = []
    for i in selectors.booster_impacts(OPERATOR, services.boosters.quality_outcomes):
        e = i.effect
        rows.append(
            {
                "booster": i.booster.code,
                "behavior": i.booster.behavior_code,
                "assigned": i.assigned,
                "completed": i.completed,
                "before": f"{e.before_shown}/{e.before_n}",
                "after": f"{e.after_shown}/{e.after_n}",
                "difference": e.difference,
                "ci": [e.ci_low, e.ci_high],
            }
        )
    if as_json:
        out.print_json(json.dumps({"run": run, "boosters": rows}, default=str))
        return
    if run is not None:
        console.print(f"Rules run for {run['agents']} representatives: assigned {run['assigned'] or 'nothing new'}")
    table = Table("booster", "behavior", "assigned", "done", "before", "after", "difference (95% CI)")
    for r in rows:
        d = r["difference"]
        ci = r["ci"]
        shown = f"{100 * d:+.0f} pts ({100 * ci[0]:+.0f} to {100 * ci[1]:+.0f})" if d is not None else "—"
        table.add_row(
            r["booster"], r["behavior"], str(r["assigned"]), str(r["completed"]), r["before"], r["after"], shown
        )
    out.print(table)
