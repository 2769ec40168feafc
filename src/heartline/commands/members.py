"""`heartline members …`: members' preferences and consent, the member list, a member's disclosures.

The command line acts as the operator: it may do everything, and every read and change is written
to the access log as the operator's, through channel `cli`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, setup_django

if TYPE_CHECKING:
    from heartline.members.contracts import MemberPreferences

app = typer.Typer(
    help="Members: preferences and consent, the member list, accounting of disclosures.", no_args_is_help=True
)


def _fail(exc: Exception, code: int = 2) -> typer.Exit:
    console.print(f"[red]{exc}[/red]")
    return typer.Exit(code)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _jsonable(item) for name, item in dataclasses.asdict(value).items()}
    return value


def preferences_as_dict(found: MemberPreferences) -> dict[str, Any]:
    """What `--json` prints: member_id, preferred_channel, language, time_zone, quiet_hours (None when
    none), consent (one object per channel and purpose decided) and history (newest first)."""
    return {
        "member_id": found.member_id,
        "preferred_channel": found.preferred_channel,
        "language": found.language,
        "time_zone": found.time_zone,
        "quiet_hours": found.quiet_hours or None,
        "consent": _jsonable(found.consent),
        "history": _jsonable(found.history),
    }


def _targets(raw: str) -> list[tuple[str, str]]:
    """`sms:marketing` → [("sms", "marketing")]; `sms` → sms for every purpose."""
    from heartline.members.models import Channel, Purpose

    channel, _, purpose = raw.partition(":")
    channel, purpose = channel.strip(), purpose.strip()
    if channel not in Channel.values:
        raise typer.BadParameter(f"{channel!r} is not a channel; choose one of: {', '.join(Channel.values)}")
    if purpose and purpose not in Purpose.values:
        raise typer.BadParameter(f"{purpose!r} is not a purpose; choose one of: {', '.join(Purpose.values)}")
    return [(channel, p) for p in ([purpose] if purpose else list(Purpose.values))]


@app.command()
def preferences(
    member_id: Annotated[str, typer.Argument(help="The member's id")],
    opt_out: Annotated[
        list[str] | None,
        typer.Option("--opt-out", help="CHANNEL[:PURPOSE] the member refuses (all purposes without one)"),
    ] = None,
    opt_in: Annotated[
        list[str] | None,
        typer.Option("--opt-in", help="CHANNEL[:PURPOSE] the member agrees to (all purposes without one)"),
    ] = None,
    express: Annotated[
        bool, typer.Option("--express", help="The opt-ins are express (written) consent, as SMS and autodialing need")
    ] = False,
    source: Annotated[str, typer.Option(help="Where the change came from: call, portal, fhir, import")] = "import",
    reference: Annotated[str, typer.Option(help="What the change rests on, e.g. a form's or contact's id")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Show a member's preferences and consent per channel and purpose; record opt-ins and opt-outs first."""
    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.members.preference_selectors import member_preferences
    from heartline.members.preferences import record_consent

    changes = [(target, False) for raw in opt_out or [] for target in _targets(raw)]
    changes += [(target, True) for raw in opt_in or [] for target in _targets(raw)]
    try:
        recorded = sum(
            record_consent(OPERATOR, member_id, channel, purpose, granted, express, source, reference)
            for (channel, purpose), granted in changes
        )
        found = member_preferences(OPERATOR, member_id, channel="cli")
    except ActionRefused as exc:  # NotFound included
        raise _fail(exc) from exc
    if changes:
        console.print(f"Recorded {recorded} change(s) of consent; {len(changes) - recorded} already on record.")
    if as_json:
        typer.echo(json.dumps(preferences_as_dict(found)))
        return
    out.print(
        f"[bold]{found.member_id}[/bold]: prefers {found.preferred_channel}, language {found.language}, "
        f"time zone {found.time_zone or '(the organization’s)'}, quiet hours {found.quiet_hours or 'none'}"
    )
    table = Table(title=f"Consent of {found.member_id} ({len(found.consent)} channel and purpose pairs decided)")
    for column in ("channel", "purpose", "answer", "source", "recorded", "by"):
        table.add_column(column)
    for state in found.consent:
        answer = ("yes (express)" if state.express else "yes") if state.granted else "no"
        table.add_row(
            state.channel,
            state.purpose,
            answer,
            state.source,
            f"{state.recorded_at:%Y-%m-%d %H:%M} UTC",
            state.recorded_by,
        )
    out.print(table)


@app.command("list")
def list_members(
    limit: Annotated[int, typer.Option(help="How many members, by member id")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: a list of objects")] = False,
) -> None:
    """List members by id with plan, language and preferred channel."""
    setup_django()
    migrate()
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR
    from heartline.members.preference_selectors import member_index

    try:
        found = member_index(OPERATOR, limit=limit, channel="cli")
    except ActionRefused as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(_jsonable(found)))
        return
    table = Table(title=f"Members (first {len(found):,} by id)")
    for column in ("member_id", "plan", "language", "preferred_channel"):
        table.add_column(column)
    for member in found:
        table.add_row(member.member_id, member.plan, member.language, member.preferred_channel)
    out.print(table)


@app.command()
def disclosures(
    member_id: Annotated[str, typer.Argument(help="The member's id")],
    since: Annotated[str | None, typer.Option(help="From this day on, YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: a list of objects")] = False,
) -> None:
    """A member's accounting of disclosures (HIPAA §164.528): each time their data was shown, to whom,
    what and how, oldest first."""
    setup_django()
    migrate()
    from heartline.core.access_log import disclosures as accounting
    from heartline.core.access_log import parse_day
    from heartline.core.errors import ActionRefused
    from heartline.core.scoping import OPERATOR

    try:
        found = accounting(OPERATOR, member_id, since=parse_day(since, "--since"), channel="cli")
    except ActionRefused as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(_jsonable(found)))
        return
    table = Table(title=f"Disclosures of {member_id}: {len(found):,}")
    for column in ("date (UTC)", "recipient", "disclosed", "purpose", "channel"):
        table.add_column(column)
    for row in found:
        table.add_row(
            f"{row.at.astimezone(dt.UTC):%Y-%m-%d %H:%M}",
            row.recipient,
            ", ".join(row.disclosed),
            row.purpose,
            row.channel,
        )
    out.print(table)
