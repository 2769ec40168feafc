"""`heartline workforce …`: the interval forecast and the planning calendar.

Like every command they run as the operator (unrestricted scope); --json prints full precision."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from heartline.commands.common import console, out, setup_django

app = typer.Typer(help="Workforce: interval forecasts, the planning calendar, staffing.", no_args_is_help=True)


def _day(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or value != value else f"{value:.{digits}f}"  # NaN: no calls that day


@app.command()
def forecast(
    queue: Annotated[str, typer.Option("--queue", help="The queue to forecast")],
    weeks: Annotated[int, typer.Option("--weeks", help="Weeks ahead (1–26)")] = 8,
    start: Annotated[str | None, typer.Option("--from", help="First forecast day, YYYY-MM-DD (default: today)")] = None,
    level: Annotated[int, typer.Option("--level", help="Prediction interval, percent")] = 80,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON: every interval, the days and the backtest")
    ] = False,
) -> None:
    """Volume and handle time of QUEUE per interval for the next WEEKS weeks, with prediction
    intervals, from the interval table and the planning calendar; the rolling-origin backtest beside it."""
    first_day = _day(start, "--from")
    setup_django()
    from heartline.workforce.forecast import ForecastError, forecast_for
    from heartline.workforce.forecast import as_json as forecast_json

    try:
        result = forecast_for(queue, weeks, first_day=first_day, level=level)
    except ForecastError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        out.print_json(json.dumps(forecast_json(result)))
        return
    intervals = result.intervals
    local_day = intervals["interval_start"].dt.tz_convert(_zone()).dt.date
    aht = (intervals["aht_seconds"] * intervals["calls"]).groupby(local_day).sum() / intervals["calls"].groupby(
        local_day
    ).sum()
    table = Table(title=f"Queue {queue}: calls per day, next {weeks} weeks ({result.level}% prediction interval)")
    for heading in ("day", "calls", "low", "high", "AHT s"):
        table.add_column(heading, justify="right" if heading != "day" else "left")
    for row in result.daily.itertuples(index=False):
        table.add_row(
            f"{row.day:%a %Y-%m-%d}",
            f"{row.calls:,.0f}",
            f"{row.calls_low:,.0f}",
            f"{row.calls_high:,.0f}",
            _num(aht.get(row.day), 0),
        )
    out.print(table)
    scores = Table(
        title=f"Backtest: {result.backtest_windows} rolling origins × {result.backtest_horizon_days} days, daily totals"
    )
    for heading in ("method", "n days", "MASE", "WAPE", "coverage"):
        scores.add_column(heading)
    for s in result.backtest:
        scores.add_row(s.method, str(s.n), _num(s.mase), _num(s.wape), _num(s.coverage))
    out.print(scores)
    out.print(f"History to {result.history_ends}; events as regressors: {', '.join(result.regressors) or 'none'}")


def _zone() -> str:
    from django.conf import settings

    return str(settings.TIME_ZONE)


@app.command()
def events(
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today)")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: a year after the first)")] = None,
    queue: Annotated[str | None, typer.Option("--queue", help="Only the events of this queue")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """The planning calendar: built-in enrollment periods and holidays, and the planner's events."""
    first = _day(start, "--from")
    last = _day(end, "--to")
    setup_django()
    from heartline.core import clock
    from heartline.workforce.selectors import calendar_events

    first = first or clock.today()
    last = last or first + dt.timedelta(days=365)
    found = calendar_events(first, last, queue)
    if as_json:
        out.print_json(json.dumps({"events": [e.as_json() for e in found]}))
        return
    table = Table(title=f"Planning calendar {first} to {last}")
    for heading in ("name", "kind", "from", "to", "queues"):
        table.add_column(heading)
    for e in found:
        table.add_row(
            e.name, e.kind, e.starts_on.isoformat(), e.ends_on.isoformat(), ", ".join(sorted(e.queues)) or "all"
        )
    out.print(table)
