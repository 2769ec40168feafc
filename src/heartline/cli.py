"""The `heartline` command: demo, serve, worker, ingest, metrics, token, manage.

Each command parses its input, sets up Django and calls a service; long work shows a Rich progress bar.
The command line is an operator's tool: it runs with unrestricted scope.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from heartline.commands import (
    compliance,
    export,
    insights,
    learning,
    library,
    members,
    quality,
    redact,
    redaction,
    voice,
    workforce,
)
from heartline.commands.common import console, migrate, out, rich_progress, setup_django
from heartline.commands.supervise import run_supervised
from heartline.commands.transcripts import app as transcripts_app

app = typer.Typer(help="Heartline: member-services platform for health plans.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(quality.app, name="quality")
app.add_typer(voice.app, name="voice")
app.add_typer(library.app, name="library")
app.add_typer(learning.app, name="learning")
app.add_typer(compliance.app, name="compliance")
app.add_typer(members.app, name="members")
app.command("redact")(redact.redact)
app.add_typer(transcripts_app, name="transcripts")
app.command("redact-stored")(redaction.redact_stored)
app.add_typer(export.app, name="export")
app.add_typer(workforce.app, name="workforce")
app.add_typer(insights.app, name="insights")


@app.command()
def demo(
    size: Annotated[str, typer.Option(help="small (~50k contacts), standard (~1M), large (~10M)")] = "standard",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed builds the same plan")] = 2026,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the app when built")] = True,
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
    force: Annotated[bool, typer.Option(help="Build even over data the demo did not make (it is wiped)")] = False,
    ends: Annotated[
        str,
        typer.Option(
            help="Where the data end: 'yesterday' (a live plan: due dates and 'this week' fall around today), "
            "or a date YYYY-MM-DD (2026-10-31 gives the fixed calendar the tests use)"
        ),
    ] = "yesterday",
    models: Annotated[
        bool,
        typer.Option(
            "--models/--no-models",
            help="Train the insights risk models on the built plan (about a minute at the small size)",
        ),
    ] = True,
) -> None:
    """Build the demo health plan into HEARTLINE_HOME and serve it (DEBUG off, plain http, its own key)."""
    setup_django(demo=True)
    from django.conf import settings

    from heartline.core import clock
    from heartline.demo.build import PERSONAS, SIZES, NotADemoError, build_demo
    from heartline.demo.steps import progress_label

    if size not in SIZES:
        console.print(f"[red]Unknown size {size!r}[/red]; choose one of: {', '.join(SIZES)}")
        raise typer.Exit(2)
    try:
        last_day = clock.today() - dt.timedelta(days=1) if ends == "yesterday" else dt.date.fromisoformat(ends)
    except ValueError:
        console.print(f"[red]--ends must be 'yesterday' or a date YYYY-MM-DD, got {ends!r}[/red]")
        raise typer.Exit(2) from None
    console.print(f"Heartline data folder: [bold]{settings.HEARTLINE_HOME}[/bold]")
    migrate()
    progress, report = rich_progress()
    try:
        with progress:
            summary = build_demo(
                size=size,
                seed=seed,
                progress=lambda step, done, total: report(progress_label(step), done, total),
                force=force,
                ends=last_day,
            )
    except NotADemoError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(
        f"Built the [bold]{size}[/bold] demo plan in {summary.elapsed_seconds:.1f} s: "
        f"{summary.contacts:,} contacts, {summary.cases:,} cases, {summary.members:,} members, "
        f"{summary.employees:,} staff in {summary.units} units; "
        f"{summary.counts.get('audits', 0):,} audits, {summary.counts.get('survey_responses', 0):,} survey responses, "
        f"{summary.counts.get('library_articles', 0):,} library articles; "
        f"data from {summary.first_day} to {summary.last_day}."
    )
    if models:
        _train_demo_models()
    _warm_pages()
    table = Table(title="Demo sign-ins (password: " + settings.HEARTLINE_DEMO_PASSWORD + ")")
    table.add_column("username")
    table.add_column("role")
    for username, role in PERSONAS.items():
        table.add_row(username, role.label)
    out.print(table)
    if serve_after:
        serve(port=port, host="127.0.0.1")


def _warm_pages() -> list[Any]:
    """The slow pages' default views computed ahead for every wide scope, so their first views read
    the shared cache (the worker does the same after each ingest)."""
    from heartline.core.scoping import one_caller_per_scope
    from heartline.core.warming import warm_pages

    callers = one_caller_per_scope()
    with console.status(f"Computing the slow pages ahead for {len(callers)} scopes"):
        done = warm_pages(callers)
    failed = [w for w in done if w.error]
    console.print(
        f"Computed {len(done) - len(failed)} page views ahead in {sum(w.seconds for w in done):.1f} s"
        + (f"; [yellow]{len(failed)} failed (they compute on first view): {failed[0].error}[/yellow]" if failed else "")
    )
    return done


@app.command()
def warm(as_json: Annotated[bool, typer.Option("--json", help="Print each page and scope as JSON")] = False) -> None:
    """Compute the slowest pages' default views ahead (One and Done, Voice analysis, Training impact) for
    every role and wide scope, as the worker does after each ingest: after a restore, say."""
    setup_django()
    from dataclasses import asdict

    done = _warm_pages()
    if as_json:
        out.print_json(data=[asdict(w) for w in done])
    if any(w.error for w in done):
        raise typer.Exit(1)


def _train_demo_models() -> None:
    """The insights risk models on the demo just built, so its risk and next-best-action pages have a
    model to show (`heartline insights train` does the same)."""
    from heartline.core.scoping import OPERATOR
    from heartline.insights.features import NoHistory
    from heartline.insights.risk.services import train_risk_models

    progress, report = rich_progress()
    try:
        with progress:
            cards = train_risk_models(OPERATOR, progress=report)
    except NoHistory as exc:
        console.print(f"[yellow]No risk models trained: {exc}[/yellow]")
        return
    console.print(f"Trained {len(cards)} risk models: " + ", ".join(card.name for card in cards))


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind")] = "127.0.0.1",
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the web app and API with granian (WSGI)."""
    setup_django()
    from django.conf import settings

    migrate()
    if not settings.DEBUG:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    console.print(f"Serving Heartline on [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    granian = shutil.which("granian") or str(Path(sys.executable).with_name("granian"))
    command = [granian, "--interface", "wsgi", "--host", host, "--port", str(port), "--workers", str(workers)]
    command += ["--blocking-threads", "4", "--blocking-threads-idle-timeout", "600"]
    # A worker that dies (a native crash when granian retires idle threads has been seen) is started again.
    command += ["--respawn-failed-workers", "heartline.config.wsgi:application"]
    # SIGTERM/SIGINT/SIGHUP reach granian and its workers; we wait for them, so none keeps the port.
    raise typer.Exit(run_supervised(command, env={**os.environ}))


@app.command()
def worker(
    batch: Annotated[bool, typer.Option("--batch", help="Run the queued tasks, then stop")] = False,
) -> None:
    """Run background tasks (django-tasks database worker) until stopped.

    A task a killed worker of this host left running is put back in the queue first, and runs again.
    """
    setup_django()
    from django.core.management import call_command

    from heartline.core.worker import requeue_abandoned, worker_id

    migrate()
    for task in requeue_abandoned():
        console.print(f"Running again {task}: the worker running it stopped before it ended")
    call_command("db_worker", worker_id=worker_id(), batch=batch)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command: `heartline manage migrate`, `heartline manage createsuperuser`…"""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heartline manage", *ctx.args])


@app.command()
def ingest(
    kind: Annotated[str, typer.Argument(help="What the files hold: contacts, cases, …")],
    files: Annotated[list[Path], typer.Argument(help="Files to load (CSV, Parquet, JSON Lines, …)")],
    file_format: Annotated[
        str, typer.Option("--format", help="native or a vendor format, e.g. amazon-connect")
    ] = "native",
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Load valid rows; write invalid ones to a rejects file")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON")] = False,
    mapping: Annotated[
        Path | None, typer.Option(help="Attribute mapping for vendor formats (TOML/JSON; see docs/data-formats.md)")
    ] = None,
    article_kind: Annotated[
        str, typer.Option("--kind", help="articles: the kind of files that do not say theirs (default how_to)")
    ] = "",
    language: Annotated[
        str, typer.Option(help="articles: the language of every file (en, es, zh), whatever the files say")
    ] = "",
) -> None:
    """Load files of KIND into the warehouse. Re-running the same files changes nothing."""
    if (article_kind or language) and kind != "articles":
        console.print("[red]--kind and --language apply to articles only[/red]")
        raise typer.Exit(2)
    setup_django()
    migrate()  # the access log each ingest writes lives in the app database
    from heartline.ingest.kinds import get_kind
    from heartline.ingest.outcome import IngestOptions

    try:
        loader = get_kind(kind)
    except KeyError as exc:
        console.print(f"[red]{exc.args[0]}[/red]")
        raise typer.Exit(2) from exc
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        console.print(f"[red]No such file(s):[/red] {', '.join(missing)}")
        raise typer.Exit(2)
    progress, report_progress = rich_progress()
    with progress:
        options = IngestOptions(
            format=file_format,
            skip_bad=skip_bad,
            mapping=mapping,
            progress=report_progress,
            field_defaults=(("kind", article_kind),) if article_kind else (),
            field_overrides=(("language", language),) if language else (),
        )
        report = loader(files, options)
    for line in report.problems[:20]:
        console.print(f"[yellow]{line}[/yellow]")
    if len(report.problems) > 20:
        console.print(f"… and {len(report.problems) - 20} more problems")
    if report.report_path:
        console.print(f"Full report: {report.report_path}")
    if report.rejects_path:
        console.print(f"Rejected rows: {report.rejects_path}")
    if as_json:
        answer: dict[str, object] = dict(report.counts.as_dict())
        if report.by_type is not None:
            answer["by_type"] = {name: counts.as_dict() for name, counts in report.by_type.items()}
        print(json.dumps(answer))
    else:
        counts = ", ".join(f"{k} {v:,}" for k, v in report.counts.as_dict().items())
        console.print(("Loaded: " if report.accepted else "[red]Rejected, nothing stored:[/red] ") + counts)
    if not report.accepted:
        raise typer.Exit(1)


def _metric_options(args: list[str]) -> dict[str, str]:
    """`--window-days 3 --item=csat` (the words typer does not know) as {"window_days": "3", "item": "csat"}."""
    options: dict[str, str] = {}
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if not word.startswith("--") or len(word) == 2:
            raise ValueError(f"unexpected argument {word!r} (options are --NAME VALUE)")
        flag, has_value, value = word[2:].partition("=")
        if not has_value:
            if not rest or rest[0].startswith("--"):
                raise ValueError(f"option --{flag} needs a value")
            value = rest.pop(0)
        options[flag.replace("-", "_")] = value
    return options


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def metrics(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Metric name, e.g. contact-volume")],
    by: Annotated[list[str] | None, typer.Option("--by", help="Group by a dimension (repeatable)")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (full precision)")] = False,
    engine: Annotated[
        str | None, typer.Option(help="duckdb or spark (default: the HEARTLINE_ENGINE setting, else duckdb)")
    ] = None,
) -> None:
    """Compute a metric over the whole warehouse (operator scope) and print it, each figure with its 95%
    interval. --engine spark runs the same metric on Spark (HEARTLINE_SPARK_* settings; docs/deployment.md).

    A metric's options are flags named after them: --window-days 3 (one-and-done, repeat-contact-rate),
    --threshold-seconds 45 (service-level), --item csat (survey-answers); `GET /api/v1/metrics` and
    docs/metrics.md list every metric's options. The table rounds for reading; --json keeps full precision.
    """
    setup_django()
    from heartline.core.analytics import build_query, kept_answer, run_metric
    from heartline.core.figures import figure, number
    from heartline.core.scoping import OPERATOR
    from heartline.warehouse.catalog import MetricEntry
    from heartline.warehouse.queries import MetricQueryError

    try:
        options = _metric_options(ctx.args)
        # An answer the server (or an earlier command) kept for the tables as they are now is read
        # without loading the runners or the engine; anything else is computed.
        kept = kept_answer(OPERATOR, name, by or [], start, end, options, engine)
        if kept is not None:
            entry, result = kept
        else:
            from heartline.warehouse.runners import get_runner

            entry = MetricEntry.of(get_runner(name))
            result = run_metric(OPERATOR, name, build_query(name, by or [], start, end, options=options), engine)
    except (MetricQueryError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        out.print_json(json.dumps(result.as_dict()))
        return
    percent = entry.estimate == "proportion"
    shown = "value (95% CI)" if entry.estimate is not None else "value"
    columns = [c for c in (list(result.rows[0]) if result.rows else ["value", "n"]) if c not in ("ci_low", "ci_high")]
    table = Table(title=f"{result.metric}: {entry.title}")
    for column in columns:
        left = column not in {"value", "numerator", "denominator", "n"} and not all(
            isinstance(row.get(column), int | float | None) for row in result.rows
        )
        table.add_column(shown if column == "value" else column, justify="left" if left else "right")
    for row in result.rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if column == "value":
                cells.append(figure(row, percent))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(number(value))
            else:
                cells.append("" if value is None else str(value))
        table.add_row(*cells)
    out.print(table)


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Whose token")],
    label: Annotated[str, typer.Option(help="What the token is for")] = "",
    days: Annotated[int, typer.Option(help="Days until the token expires")] = 90,
) -> None:
    """Create a personal API token; it is printed once, on the last line."""
    setup_django()
    from heartline.core.services import TokenError, create_api_token

    try:
        raw = create_api_token(username, label=label, days=days)
    except TokenError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(
        f"API token for {username}, valid for {days} days (shown once; store it safely). "
        "Use it as 'Authorization: Bearer <token>':"
    )
    print(raw)


@token_app.command("revoke")
def token_revoke(username: Annotated[str, typer.Argument(help="Whose tokens")]) -> None:
    """Revoke every active token of USERNAME."""
    setup_django()
    from heartline.core.services import revoke_api_tokens

    count = revoke_api_tokens(username)
    console.print(f"Revoked {count} token(s) of {username}.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
