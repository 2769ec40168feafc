"""`heartline insights …`: segments, risk models and next-best-actions (issue 18)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, setup_django

app = typer.Typer(help="Insights: segments, risk models, next-best-actions and campaigns.", no_args_is_help=True)


# -- next-best-actions ------------------------------------------------------------------------------


@app.command("next-best-actions")
def next_best_actions(
    member_id: Annotated[str, typer.Argument(help="The member's id")],
    at: Annotated[str | None, typer.Option("--at", help="An ISO instant with its offset; default now")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """A member's next best actions, best first, each with its channel, send time and reasons; never
    one the member's consent refuses. `--json` prints {"member_id", "actions": [{"action", "channel",
    "send_at", "score", "reasons"}]}."""
    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.actions.contracts import as_contract
    from heartline.insights.actions.selectors import next_best_actions as propose
    from heartline.insights.actions.selectors import parse_at

    try:
        found = propose(OPERATOR, member_id, parse_at(at), channel="cli")
    except ActionRefused as exc:  # NotFound included
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(as_contract(found)))
        return
    out.print(f"[bold]{member_id}[/bold]: {len(found.actions)} next best action(s) at {found.at.isoformat()}")
    for rank, p in enumerate(found.actions, 1):
        when = p.send_at.isoformat() if p.send_at else "on the next contact"
        out.print(f"{rank}. {p.title} — {p.channel}, {when}, score {p.score:.2f}")
        out.print(f"   because: {'; '.join(p.reasons)}")
    for w in found.withheld:
        out.print(f"   held back: {w.title} ({w.stage}): {w.reason}")


# -- risk models (the risk helper's commands) -----------------------------------------------------

# The keys `train --json` prints for each model: a contract (docs/insights.md, "Risk models").
TRAIN_KEYS = ("name", "auc", "auc_ci_low", "auc_ci_high", "brier", "n_train", "n_test")


@app.command("train")
def train(as_json: Annotated[bool, typer.Option("--json", help="Print the models' metrics as JSON")] = False) -> None:
    """Train the risk models on the warehouse (time-based split) and store a model card for each."""
    from heartline.commands.common import console, migrate, out, rich_progress, setup_django

    setup_django()
    migrate()
    from heartline.core.scoping import OPERATOR
    from heartline.insights.features import NoHistory
    from heartline.insights.risk.services import train_risk_models

    progress, report = rich_progress()
    try:
        with progress:
            cards = train_risk_models(OPERATOR, progress=report)
    except NoHistory as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    rows = [{key: card.name if key == "name" else card.metrics.get(key) for key in TRAIN_KEYS} for card in cards]
    if as_json:
        out.print_json(json.dumps({"models": rows}))
        return
    table = Table(title="Risk models (test period; AUC with its 95% bootstrap CI)")
    for key in TRAIN_KEYS:
        table.add_column(key)
    for row in rows:
        table.add_row(*("—" if row[key] is None else str(row[key]) for key in TRAIN_KEYS))
    out.print(table)


# -- segments (the risk helper's commands) --------------------------------------------------------

segments_app = typer.Typer(help="Segments: discover them by clustering, refresh a rule segment's membership.")
app.add_typer(segments_app, name="segments")


@segments_app.command("discover")
def discover_segments_command(
    count: Annotated[int, typer.Option("--count", min=2, max=20, help="How many segments")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Cluster the members into segments (seeded k-means), retiring the previous discovered ones."""
    from heartline.commands.common import console, migrate, out, setup_django

    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.segments_services import discover_segments

    try:
        found = discover_segments(OPERATOR, count)
    except ActionRefused as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    rows = [
        {"segment_id": s.pk, "name": s.name, "n": s.versions.get().size, "description": s.description} for s in found
    ]
    if as_json:
        out.print_json(json.dumps({"segments": rows}))
        return
    for row in rows:
        out.print(f"{row['name']} (n = {row['n']}): {row['description']}")


@segments_app.command("refresh")
def refresh_segment_command(segment_id: int) -> None:
    """Store a new membership version of rule segment SEGMENT_ID, as of the latest day."""
    from heartline.commands.common import console, migrate, out, setup_django

    setup_django()
    migrate()
    from django.core.exceptions import ObjectDoesNotExist

    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.segments_services import refresh_segment

    try:
        version = refresh_segment(OPERATOR, segment_id)
    except ObjectDoesNotExist as exc:
        console.print(f"[red]no rule segment {segment_id}[/red]")
        raise typer.Exit(1) from exc
    except ActionRefused as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(
        f"segment {segment_id} v{version.number}: {version.size} of {version.population} members as of {version.as_of}"
    )


# -- campaigns ------------------------------------------------------------------------------------

campaigns_app = typer.Typer(help="Campaigns: launch one on a segment, export its send list, read its results.")
app.add_typer(campaigns_app, name="campaigns")


def _refused(exc: Exception) -> typer.Exit:
    console.print(f"[red]{exc}[/red]")
    return typer.Exit(2)


@campaigns_app.command("launch")
def launch_campaign_command(
    name: Annotated[str, typer.Argument(help="The campaign's name")],
    segment_id: Annotated[int, typer.Argument(help="The saved segment to target (its latest version)")],
    action: Annotated[str, typer.Argument(help="An outreach action of the catalog, e.g. annual_wellness_visit")],
    holdout: Annotated[float, typer.Option("--holdout", help="The share held out")] = 0.1,
    seed: Annotated[int, typer.Option("--seed", help="The holdout's seed")] = 2026,
    channel: Annotated[str, typer.Option("--channel", help="Only this channel of the action")] = "",
    starts_at: Annotated[
        str | None, typer.Option("--starts-at", help="An ISO instant with its offset; default now")
    ] = None,
) -> None:
    """Schedule every member of the segment within their consent and window, draw the seeded holdout
    and store each member's place (the same name and settings again change nothing)."""
    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.actions.selectors import parse_at
    from heartline.insights.campaigns_selectors import campaign_results
    from heartline.insights.campaigns_services import launch_campaign

    try:
        campaign = launch_campaign(
            OPERATOR,
            name,
            segment_id,
            action,
            holdout_share=holdout,
            seed=seed,
            channel=channel,
            starts_at=parse_at(starts_at),
        )
    except ActionRefused as exc:
        raise _refused(exc) from exc
    c = campaign_results(OPERATOR, campaign.pk).campaign
    out.print(
        f"campaign {c.campaign_id} {c.name!r}: {c.targeted} members targeted; treated n = {c.treated}, "
        f"holdout n = {c.holdout}, excluded n = {c.excluded} (no channel may reach them)"
    )


@campaigns_app.command("send-list")
def send_list_command(
    campaign_id: Annotated[int, typer.Argument(help="The campaign's number")],
    output: Annotated[str | None, typer.Option("--out", help="Write the CSV here; default stdout")] = None,
) -> None:
    """The send list as CSV: treated members, each send checked again for consent and cool-offs (access-logged)."""
    setup_django()
    migrate()
    from pathlib import Path

    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.campaign_send_list import send_list, send_list_csv

    try:
        found = send_list(OPERATOR, campaign_id, channel="cli")
    except ActionRefused as exc:
        raise _refused(exc) from exc
    if output is None:
        typer.echo(send_list_csv(found), nl=False)
    else:
        Path(output).write_text(send_list_csv(found), encoding="utf-8")
        out.print(f"{len(found.rows)} sends written to {output}")
    for member_id, reason in found.withheld:
        console.print(f"withheld {member_id}: {reason}")


@campaigns_app.command("results")
def campaign_results_command(
    campaign_id: Annotated[int, typer.Argument(help="The campaign's number")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """The uplift (treated − holdout conversion) with its 95% CI and n, overall, by segment, by channel."""
    setup_django()
    migrate()
    from dataclasses import asdict

    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.insights.campaigns_selectors import campaign_results

    try:
        found = campaign_results(OPERATOR, campaign_id)
    except ActionRefused as exc:
        raise _refused(exc) from exc
    if as_json:
        typer.echo(json.dumps(asdict(found), default=str))
        return
    for group in [found.overall, *found.by_segment, *found.by_channel]:
        if group.uplift is None or group.ci_low is None or group.ci_high is None:
            out.print(f"{group.label}: not measurable (treated n = {group.treated_n}, holdout n = {group.holdout_n})")
            continue
        out.print(
            f"{group.label}: uplift {group.uplift * 100:+.1f} pts (95% CI {group.ci_low * 100:+.1f} to "
            f"{group.ci_high * 100:+.1f}); treated {group.treated_converted}/{group.treated_n}, "
            f"holdout {group.holdout_converted}/{group.holdout_n}"
        )
