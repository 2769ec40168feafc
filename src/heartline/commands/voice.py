"""`heartline voice …`: Voice of the member: survey scores, key drivers and themes from a file."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, setup_django
from heartline.commands.voice_follow_ups import app as follow_ups_app

if TYPE_CHECKING:
    from heartline.core.redaction import Redactor

app = typer.Typer(help="Voice of the member: survey scores and key drivers.", no_args_is_help=True)
app.add_typer(follow_ups_app, name="follow-ups")


def _clean(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]{exc}[/red]")
    return typer.Exit(2)


@app.command()
def nps(
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or JSON Lines file")],
    column: Annotated[str, typer.Option(help="The column of 0–10 likelihood-to-recommend ratings")] = "nps",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Net Promoter Score of a column of 0–10 ratings, with its 95% interval and n (blank cells skipped)."""
    from heartline.voice.files import FileProblem, nps_from_file

    try:
        result = nps_from_file(file, column)
    except FileProblem as exc:
        raise _fail(exc) from exc
    answer = {
        "nps": _clean(result.nps),
        "ci_low": _clean(result.ci_low),
        "ci_high": _clean(result.ci_high),
        "n": result.n,
        "promoters": result.promoters,
        "passives": result.passives,
        "detractors": result.detractors,
    }
    if as_json:
        out.print_json(json.dumps(answer))
        return
    if result.n == 0:
        out.print("No ratings: NPS is undefined (n = 0).")
        return
    out.print(
        f"NPS [bold]{result.nps:.1f}[/bold] (95% CI {result.ci_low:.1f} to {result.ci_high:.1f}), n = {result.n:,}: "
        f"{result.promoters:,} promoters, {result.passives:,} passives, {result.detractors:,} detractors"
    )


@app.command()
def drivers(
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or JSON Lines file, one row per respondent")],
    outcome: Annotated[str, typer.Option(help="The outcome column (nps, csat, an overall rating)")],
    driver_columns: Annotated[
        str | None,
        typer.Option("--drivers", help="Driver columns, comma-separated (default: the survey's driver items)"),
    ] = None,
    method: Annotated[str, typer.Option(help="relative-weights (Johnson 2000) or shapley (LMG, ≤ 12 drivers)")] = (
        "relative-weights"
    ),
    draws: Annotated[int, typer.Option(help="Bootstrap resamples for the 95% intervals (0: none)")] = 1000,
    seed: Annotated[int, typer.Option(help="Bootstrap seed; the same seed gives the same intervals")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Key drivers of an outcome: each driver's part of R² (weight), its percent of R² (share) and a 95% CI."""
    from heartline.voice.files import FileProblem, drivers_from_file

    names = [d.strip() for d in driver_columns.split(",") if d.strip()] if driver_columns else None
    try:
        result = drivers_from_file(file, outcome, names, method, draws=draws, seed=seed)
    except FileProblem as exc:
        raise _fail(exc) from exc
    answer = {
        "method": method,
        "r2": result.r2,
        "n": result.n,
        "drivers": [
            {
                "name": d.name,
                "weight": d.weight,
                "share": d.share,
                "ci_low": _clean(d.ci_low),
                "ci_high": _clean(d.ci_high),
            }
            for d in result.drivers
        ],
    }
    if as_json:
        out.print_json(json.dumps(answer))
        return
    table = Table(title=f"Key drivers of {outcome} ({method}): R² = {result.r2:.3f}, n = {result.n:,}")
    for heading in ("driver", "weight", "share of R²", "95% CI of weight"):
        table.add_column(heading, justify="left" if heading == "driver" else "right")
    for d in sorted(result.drivers, key=lambda d: -d.weight):
        ci = "—" if math.isnan(d.ci_low) else f"{d.ci_low:.3f} to {d.ci_high:.3f}"
        table.add_row(d.name, f"{d.weight:.3f}", f"{d.share:.1f}%", ci)
    out.print(table)


def _redactor(names_file: Path | None) -> Redactor:
    """The quotes' redactor: PHI patterns and known names. Without the names a quote could show a member
    of staff by name, so when the database cannot be read the command stops rather than go on without them."""
    from heartline.core.redaction import Redactor  # here: compiling its patterns slows every command's start

    if names_file is not None:
        try:
            lines = names_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise _fail(exc) from exc
        return Redactor(line.strip() for line in lines if line.strip())
    setup_django()
    from django.db import DatabaseError

    from heartline.core.selectors import phi_redactor

    try:
        return phi_redactor()
    except DatabaseError as exc:
        raise _fail(
            RuntimeError(f"cannot read the staff's names to redact from the database ({exc}); pass --names FILE")
        ) from exc


@app.command()
def themes(
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or JSON Lines file of verbatims")],
    column: Annotated[str, typer.Option(help="The verbatim column")] = "verbatim",
    language_column: Annotated[str, typer.Option(help="The language column (en, es, zh); guessed when absent")] = (
        "language"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    names: Annotated[
        Path | None,
        typer.Option(help="A file of names to redact, one a line, instead of the staff's names from the database"),
    ] = None,
) -> None:
    """Themes of verbatims (taxonomy and discovered), with n, share and 95% CI, sentiment and redacted quotes.

    Quotes are cleared of PHI patterns and of the staff's names, read from the database (or `--names`)."""
    from heartline.voice.files import FileProblem, themes_from_file

    redactor = _redactor(names)
    try:
        report = themes_from_file(file, column, language_column, redactor)
    except FileProblem as exc:
        raise _fail(exc) from exc
    answer = {
        "verbatims": report.verbatims,
        "themes": [
            {
                "theme": t.code,
                "label": t.label,
                "n": t.n,
                "share": t.share,
                "ci_low": t.share_ci[0],
                "ci_high": t.share_ci[1],
                "negative_share": t.negative_share,
                "quotes": t.quotes,
            }
            for t in report.themes
        ],
        "discovered": [{"term": d.term, "language": d.language, "n": d.n, "share": d.share} for d in report.discovered],
    }
    if as_json:
        out.print_json(json.dumps(answer, ensure_ascii=False))
        return
    table = Table(title=f"Themes in {report.verbatims:,} verbatims")
    for heading in ("theme", "n", "share (95% CI)", "negative"):
        table.add_column(heading, justify="left" if heading == "theme" else "right")
    for t in report.themes:
        low, high = t.share_ci
        table.add_row(t.label, f"{t.n:,}", f"{t.share:.0%} ({low:.0%}–{high:.0%})", f"{t.negative_share:.0%}")
    out.print(table)
    if report.discovered:
        out.print("Discovered (not in the taxonomy): " + ", ".join(f"{d.term} ({d.n})" for d in report.discovered))


benchmarks_app = typer.Typer(
    help="Outside benchmarks (CMS HCAHPS/CAHPS results) beside our survey.", no_args_is_help=True
)
app.add_typer(benchmarks_app, name="benchmarks")


@benchmarks_app.command("load")
def load_benchmarks(
    files: Annotated[
        list[Path], typer.Argument(help="CMS Care Compare HCAHPS CSV files, or CSVs in the generic layout")
    ],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Load valid rows; write invalid ones to a rejects file")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON")] = False,
) -> None:
    """Load public benchmark files; the layout (CMS HCAHPS or generic) is read from each file's header.
    Re-running the same file changes nothing."""

    setup_django()
    migrate()  # the access log each ingest writes lives in the app database
    from heartline.ingest.outcome import IngestOptions
    from heartline.voice.benchmarks import layout_of, load_benchmarks

    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise _fail(FileNotFoundError(f"No such file(s): {', '.join(missing)}"))
    layouts = {layout_of(f) for f in files}
    if len(layouts) > 1:
        raise _fail(ValueError("load CMS HCAHPS files and generic-layout files in separate runs"))
    report = load_benchmarks(files, IngestOptions(format=layouts.pop(), skip_bad=skip_bad))
    for line in report.problems[:20]:
        console.print(f"[yellow]{line}[/yellow]")
    if len(report.problems) > 20:
        console.print(f"… and {len(report.problems) - 20} more problems")
    if report.report_path:
        console.print(f"Full report: {report.report_path}")
    if as_json:
        out.print_json(json.dumps({"accepted": report.accepted, **report.counts.as_dict()}))
    else:
        counts = ", ".join(f"{k} {v:,}" for k, v in report.counts.as_dict().items())
        out.print(("Loaded: " if report.accepted else "Rejected, nothing stored: ") + counts)
    if not report.accepted:
        raise typer.Exit(1)
