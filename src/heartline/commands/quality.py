"""`heartline quality …`: auditor agreement, sampling plans, scores, calibration, auto-QA training and scoring."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, setup_django

app = typer.Typer(help="Call quality: audits, scorecards and auditor agreement.", no_args_is_help=True)


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


@app.command()
def agreement(
    file: Annotated[
        Path, typer.Argument(help="CSV: wide (unit column, then one column per rater) or long (unit,rater,value)")
    ],
    level: Annotated[str, typer.Option(help="nominal, ordinal, interval or ratio")] = "nominal",
    value_order: Annotated[
        str, typer.Option(help="Ordered words for ordinal labels, comma-separated (e.g. low,mid,high)")
    ] = "",
    draws: Annotated[int, typer.Option(help="Bootstrap resamples for the 95% interval (0: none)")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap")] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print alpha, ci_low, ci_high, level, units, raters, pairable_values as JSON")
    ] = False,
) -> None:
    """Krippendorff's alpha of the scores in FILE, with a unit-bootstrap 95% interval."""
    from heartline.stats.agreement import LEVELS, krippendorff_alpha, read_reliability_csv

    if level not in LEVELS:
        console.print(f"[red]--level must be one of {', '.join(LEVELS)}[/red]")
        raise typer.Exit(2)
    if not file.exists():
        console.print(f"{file}: no such file", style="red", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    order = [w.strip() for w in value_order.split(",") if w.strip()] or None
    try:
        data = read_reliability_csv(file, level, value_order=order)  # type: ignore[arg-type]
        result = krippendorff_alpha(data.matrix, level, draws=draws, seed=seed)  # type: ignore[arg-type]
    except ValueError as exc:
        console.print(str(exc), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    if result.units == 0:
        # Nothing pairable means the file was not reliability data in either shape (a file of another
        # kind, a one-rater sheet, a long file under other column names): say what was expected.
        console.print(_unrecognised(file, data.unit_ids, data.rater_ids), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    figures = {
        "alpha": _number(result.alpha),
        "ci_low": _number(result.ci_low),
        "ci_high": _number(result.ci_high),
        "level": result.level,
        "units": result.units,
        "raters": result.raters,
        "pairable_values": result.pairable_values,
    }
    if as_json:
        out.print_json(json.dumps(figures))
        return
    alpha = "undefined (every score is the same value)" if figures["alpha"] is None else f"{result.alpha:.3f}"
    interval = "" if figures["ci_low"] is None else f" (95% CI {result.ci_low:.3f}–{result.ci_high:.3f})"
    out.print(f"Krippendorff's alpha ({result.level}) = {alpha}{interval}")
    out.print(
        f"{result.units} units scored by at least two raters, {result.raters} raters, "
        f"{result.pairable_values} pairable scores"
    )


def _unrecognised(file: Path, unit_ids: tuple[str, ...], rater_ids: tuple[str, ...]) -> str:
    return (
        f"{file}: no unit is scored by two or more raters, so there is no agreement to measure. "
        "Expected a CSV either wide — a unit column, then one column per rater (header like unit,A,B) — "
        "or long — the header unit,rater,value and one score per row. "
        f"Read {len(unit_ids)} unit(s) and {len(rater_ids)} rater column(s)"
        + (f" ({', '.join(rater_ids[:5])}{', …' if len(rater_ids) > 5 else ''})." if rater_ids else ".")
    )


@app.command()
def sample(
    unit: Annotated[str, typer.Option(help="Unit code")],
    month: Annotated[str, typer.Option(help="Any day of the month to sample, YYYY-MM-DD")],
    scorecard: Annotated[str, typer.Option(help="Scorecard code")] = "cqa",
    per_agent: Annotated[int, typer.Option(help="Contacts per representative")] = 4,
    method: Annotated[str, typer.Option(help="random or risk (handoffs, repeat contacts)")] = "risk",
    channel: Annotated[str, typer.Option(help="Only these channels, comma-separated (default all)")] = "",
) -> None:
    """Draw a unit's contacts to audit for a month (asking again returns the plan already drawn)."""
    setup_django()
    migrate()
    from heartline.core.scoping import OPERATOR
    from heartline.quality.services import QualityError
    from heartline.quality.services.sampling import create_sampling_plan

    try:
        plan = create_sampling_plan(
            OPERATOR,
            unit_code=unit,
            month=dt.date.fromisoformat(month),
            per_agent=per_agent,
            method=method,
            scorecard_code=scorecard,
            channels=[c for c in channel.split(",") if c],
        )
    except (QualityError, ValueError) as exc:
        console.print(str(exc), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    out.print(f"Plan {plan.pk}: {plan.contacts.count()} contacts of {unit} for {plan.month:%Y-%m} ({plan.method})")


@app.command()
def scores(
    by: Annotated[str, typer.Option(help="agent, team, unit, month, behavior or scorecard")] = "unit",
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (date of the contact)")] = "",
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON")] = False,
) -> None:
    """Mean audit score (behaviors: share shown) per group, with n and the 95% interval (operator: everything)."""
    setup_django()
    from heartline.core.scoping import OPERATOR
    from heartline.quality.selectors.scores import ScoreFilters, ScoreQueryError, scores_by

    try:
        filters = ScoreFilters(
            start=dt.date.fromisoformat(start) if start else None, end=dt.date.fromisoformat(end) if end else None
        )
        rows = scores_by(OPERATOR, by, filters)
    except (ScoreQueryError, ValueError) as exc:
        console.print(str(exc), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "key": r.key,
                        "label": r.label,
                        "n": r.n,
                        "value": _number(r.value),
                        "ci_low": _number(r.ci_low),
                        "ci_high": _number(r.ci_high),
                        "below_min": r.below_min,
                        "rank": r.rank,
                    }
                    for r in rows
                ]
            )
        )
        return
    table = Table("rank", by, "value", "95% CI", "n")
    for r in rows:
        table.add_row(str(r.rank or "—"), r.label, f"{r.value:.3f}", f"{r.ci_low:.3f}–{r.ci_high:.3f}", str(r.n))
    out.print(table)


@app.command("train-auto")
def train_auto(
    source: Annotated[str, typer.Option(help="stored (transcripts × human audits) or synthetic")] = "stored",
    held_out: Annotated[float, typer.Option(help="Share of contacts held out to measure agreement")] = 0.25,
    seed: Annotated[int, typer.Option(help="Seed of the held-out split and the bootstrap")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the per-item agreement as JSON")] = False,
) -> None:
    """Train auto-QA on human-audited transcripts; save it to HEARTLINE_HOME with per-item agreement."""
    setup_django()
    from heartline.quality.auto_qa import model as auto_model
    from heartline.quality.auto_qa.sources import SOURCES
    from heartline.quality.auto_qa.training import TrainingError, train

    if source not in SOURCES:
        console.print(f"[red]--source must be one of {', '.join(SOURCES)}[/red]")
        raise typer.Exit(2)
    found = SOURCES[source]()
    if not found.pairs:
        console.print(found.message, style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    try:
        trained = train(found.pairs, held_out_share=held_out, seed=seed)
    except TrainingError as exc:
        console.print(str(exc), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    path = auto_model.save(trained)
    items = [
        {
            "item": t.item,
            "alpha": _number(t.alpha),
            "ci_low": _number(t.ci_low),
            "ci_high": _number(t.ci_high),
            "n": t.n,
            "status": t.status,
            "confusion": t.confusion,
        }
        for t in trained.trust.values()
    ]
    if as_json:
        figures = {
            "path": str(path),
            "version": trained.version,
            "trained_on": trained.trained_on.isoformat(),
            "n_train": trained.n_train,
            "n_held_out": trained.n_held_out,
            "items": items,
        }
        out.print_json(json.dumps(figures))
        return
    out.print(f"{found.message}; trained on {trained.n_train}, measured on {trained.n_held_out} held out → {path}")
    table = Table("item", "alpha", "95% CI", "n", "status")
    for t in trained.trust.values():
        alpha = "—" if math.isnan(t.alpha) else f"{t.alpha:.3f}"
        interval = "—" if math.isnan(t.ci_low) else f"{t.ci_low:.3f}–{t.ci_high:.3f}"
        table.add_row(t.item, alpha, interval, str(t.n), t.status)
    out.print(table)


@app.command("score-auto")
def score_auto(
    rescore: Annotated[
        bool,
        typer.Option("--all", help="Score every transcribed contact again (after train-auto), not only the backlog"),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print scored, answers and model_version as JSON")] = False,
) -> None:
    """Score transcribed contacts with auto-QA (the saved model, else the rules) and store the answers."""
    setup_django()
    from heartline.commands.common import rich_progress
    from heartline.quality.auto_qa import model as auto_model
    from heartline.quality.auto_qa.model import ModelFileError
    from heartline.quality.selectors.auto_qa import transcribed_contact_ids
    from heartline.quality.services.auto_qa import backlog, score_contacts
    from heartline.warehouse.store import Warehouse

    try:
        model = auto_model.load()
    except ModelFileError as exc:
        console.print(str(exc), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    warehouse = Warehouse.default()
    wanted = transcribed_contact_ids(warehouse) if rescore else backlog(warehouse)
    progress, report = rich_progress()
    with progress:
        report("Scoring transcripts", 0, len(wanted))
        run = (
            score_contacts(
                wanted,
                warehouse=warehouse,
                model=model,
                progress=lambda done, total: report("Scoring transcripts", done, total),
                total=len(wanted),
            )
            if wanted
            else None
        )
    scored, answers = (run.scored, run.answers) if run else (0, 0)
    version = model.version if model is not None else 0
    if as_json:
        out.print_json(json.dumps({"scored": scored, "answers": answers, "model_version": version}))
        return
    scorer = (
        f"model v{version} trained {model.trained_on}" if model is not None else "the rules alone (no model trained)"
    )
    out.print(f"Scored {scored:,} transcribed contact(s), {answers:,} answers, with {scorer}.")
