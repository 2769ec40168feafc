"""`heartline workforce …`: Erlang C/A staffing for one interval, what-if scenarios over a forecast file,
the interval forecast, the planning calendar and the staffing plan against the forecast.

`erlang` and `scenario` compute from their arguments (and a file the operator names); `forecast`,
`events` and `plan` read the warehouse and the calendar as the operator (unrestricted scope). None reads
member data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from heartline.commands.common import console, out, setup_django

app = typer.Typer(
    help="Workforce: interval forecasts, the planning calendar, agents per interval (Erlang C, A), what-ifs.",
    no_args_is_help=True,
)

OPTION_OF = {
    "calls": "--calls",
    "aht": "--aht",
    "interval": "--interval",
    "service_level": "--service-level",
    "answer_within": "--answer-within",
    "asa": "--asa",
    "max_occupancy": "--max-occupancy",
    "shrinkage": "--shrinkage",
    "patience": "--patience",
}


def _number(value: float) -> float | None:
    """JSON has no infinity: an unbounded wait is null."""
    return None if math.isinf(value) or math.isnan(value) else value


@app.command()
def erlang(
    calls: Annotated[float, typer.Option(help="Calls offered in the interval")],
    aht: Annotated[float, typer.Option(help="Average handle time, seconds")],
    interval: Annotated[float, typer.Option(help="Interval length, seconds (1800 for a half hour)")],
    service_level: Annotated[float, typer.Option(help="Target share answered within --answer-within, e.g. 0.8")],
    answer_within: Annotated[float, typer.Option(help="Service-level threshold T, seconds")],
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones, in [0, 1)")] = 0.0,
    max_occupancy: Annotated[float, typer.Option(help="Highest share of time agents may spend on calls")] = 1.0,
    patience: Annotated[
        float | None, typer.Option(help="Callers' mean patience, seconds: Erlang A (without it Erlang C)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Agents needed for one interval: raw_agents on the phones, agents rostered after shrinkage (rounded up)."""
    from heartline.stats.erlang import ErlangInputError, required_agents

    try:
        plan = required_agents(
            calls,
            aht,
            interval,
            service_level=service_level,
            answer_within=answer_within,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
            patience=patience,
        )
    except ErlangInputError as error:
        message = str(error).partition(": ")[2]
        raise typer.BadParameter(message, param_hint=f"'{OPTION_OF.get(error.field, error.field)}'") from error
    figures = plan.figures
    answer: dict[str, Any] = {
        "raw_agents": int(plan.raw_agents[0]),
        "agents": int(plan.agents[0]),
        "service_level": float(figures.service_level[0]),
        "occupancy": float(figures.occupancy[0]),
        "wait_probability": float(figures.wait_probability[0]),
        "asa": _number(float(figures.asa[0])),
    }
    if patience is not None:
        answer["abandon_share"] = float(figures.abandon_share[0])
    if as_json:
        out.print_json(json.dumps(answer))
        return
    model = "Erlang A" if patience is not None else "Erlang C"
    table = Table(title=f"{model}: {calls:g} calls in {interval:g} s at {aht:g} s each")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("agents on the phones (raw_agents)", str(answer["raw_agents"]))
    table.add_row(f"agents rostered at {shrinkage:.0%} shrinkage", str(answer["agents"]))
    table.add_row(f"service level ({answer_within:g} s)", f"{answer['service_level']:.1%}")
    table.add_row("average speed of answer", f"{figures.asa[0]:.1f} s")
    table.add_row("occupancy", f"{answer['occupancy']:.1%}")
    table.add_row("calls that wait", f"{answer['wait_probability']:.1%}")
    if patience is not None:
        table.add_row("calls abandoned", f"{answer['abandon_share']:.1%}")
    out.print(table)


def _read_forecast(path: Path) -> Any:
    import pandas as pd

    if not path.exists():
        raise typer.BadParameter(f"no such file: {path}", param_hint="'--forecast'")
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    if "interval_start" in frame.columns:
        frame["interval_start"] = pd.to_datetime(frame["interval_start"], utc=True)
    return frame


@app.command()
def scenario(
    forecast: Annotated[
        Path, typer.Option(help="Forecast CSV/Parquet: queue, interval_start, interval_seconds, calls, aht_seconds")
    ],
    service_level: Annotated[float, typer.Option(help="Target share answered within --answer-within")] = 0.8,
    answer_within: Annotated[float, typer.Option(help="Service-level threshold T, seconds")] = 20.0,
    volume: Annotated[float, typer.Option(help="Multiply calls by this, e.g. 3")] = 1.0,
    aht_change: Annotated[float, typer.Option(help="Multiply handle time by this, e.g. 0.9")] = 1.0,
    first_day: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD (UTC)")] = None,
    last_day: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (UTC)")] = None,
    queue: Annotated[str | None, typer.Option(help="Only this queue")] = None,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones, in [0, 1)")] = 0.0,
    max_occupancy: Annotated[float, typer.Option(help="Highest share of time agents may spend on calls")] = 1.0,
    patience: Annotated[float | None, typer.Option(help="Callers' mean patience, seconds (Erlang A)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """What if calls or handle time change over some days: agents needed, overtime hours against the schedule
    (the file's scheduled_agents column, else the plan for the unchanged forecast), and the service to expect
    if the schedule stays."""
    from heartline.workforce.scenarios import Scenario, run_scenario
    from heartline.workforce.staffing import StaffingInputError, StaffingTarget

    try:
        days = [date.fromisoformat(day) if day else None for day in (first_day, last_day)]
    except ValueError as error:
        raise typer.BadParameter(f"{error}; use YYYY-MM-DD", param_hint="'--from'/'--to'") from error
    try:
        what_if = Scenario(
            volume_multiplier=volume, aht_multiplier=aht_change, first_day=days[0], last_day=days[1], queue=queue
        )
        target = StaffingTarget(
            service_level=service_level,
            answer_within=answer_within,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
            patience=patience,
        )
        outcome = run_scenario(_read_forecast(forecast), what_if, target)
    except StaffingInputError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    intervals = outcome.intervals[outcome.intervals["in_scenario"]]
    answer = {
        "affected_intervals": outcome.affected_intervals,
        "calls": outcome.calls,
        "peak_agents": int(intervals["agents"].max()) if len(intervals) else 0,
        "overtime_hours": outcome.overtime_hours,
        "service_level": _number(outcome.service_level),
        "asa": _number(outcome.asa),
        "abandon_share": _number(outcome.abandon_share),
    }
    if as_json:
        out.print_json(json.dumps(answer))
        return
    table = Table(title=f"Scenario over {outcome.affected_intervals} intervals, {outcome.calls:,.0f} calls")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("most agents needed in an interval", str(answer["peak_agents"]))
    table.add_row("overtime (agent-hours beyond the schedule)", f"{outcome.overtime_hours:,.1f}")
    table.add_row(f"service level if the schedule stays ({answer_within:g} s)", f"{outcome.service_level:.1%}")
    table.add_row("average speed of answer if it stays", f"{outcome.asa:.1f} s")
    table.add_row("calls abandoned if it stays", f"{outcome.abandon_share:.1%}")
    out.print(table)


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


@app.command()
def plan(
    queue: Annotated[
        list[str] | None, typer.Option("--queue", help="Only this queue (repeatable; default: all)")
    ] = None,
    weeks: Annotated[int, typer.Option(help="Weeks ahead (1–26)")] = 8,
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: today)")] = None,
    service_level: Annotated[float, typer.Option(help="Target share answered within --answer-within")] = 0.8,
    answer_within: Annotated[float, typer.Option(help="Service-level threshold T, seconds")] = 30.0,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones, in [0, 1)")] = 0.3,
    max_occupancy: Annotated[float, typer.Option(help="Highest share of time agents may spend on calls")] = 0.85,
    patience: Annotated[float | None, typer.Option(help="Callers' mean patience, seconds (Erlang A)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: every interval of every queue")] = False,
) -> None:
    """The forecast of the next WEEKS weeks per queue against the loaded staffing plan: agents required per
    interval, agents scheduled, the gap, and the service the schedule delivers."""
    first_day = _day(start, "--from")
    setup_django()
    from heartline.core import clock
    from heartline.core.scoping import OPERATOR
    from heartline.workforce.forecast import MAX_WEEKS, ForecastError, queues
    from heartline.workforce.plan import staffing_plan_for
    from heartline.workforce.staffing import StaffingInputError, StaffingTarget

    if not 1 <= weeks <= MAX_WEEKS:
        raise typer.BadParameter(f"weeks must be between 1 and {MAX_WEEKS}", param_hint="'--weeks'")
    first_day = first_day or clock.today()
    chosen = list(queue or [q["queue"] for q in queues(OPERATOR, first_day - dt.timedelta(days=365), first_day)])
    try:
        target = StaffingTarget(
            service_level=service_level,
            answer_within=answer_within,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
            patience=patience,
        )
        answer = staffing_plan_for(OPERATOR, chosen, weeks, target, first_day=first_day)
    except (StaffingInputError, ForecastError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    if as_json:
        out.print_json(json.dumps(answer))
        return
    if not answer["queues"]:
        out.print("No queue with contacts in the last year: nothing to plan.")
    for entry in answer["queues"]:
        _print_plan(entry, _zone())


def _print_plan(entry: dict[str, Any], zone: str) -> None:
    import pandas as pd

    frame = pd.DataFrame(entry["intervals"])
    summary = entry["summary"]
    table = Table(
        title=f"Queue {entry['queue']}: {summary['calls']:,.0f} calls forecast; {summary['short_intervals']} of "
        f"{summary['intervals']} intervals short, {summary['overtime_hours']:,.1f} overtime hours",
        caption="agent-hours needed (Erlang C at the forecast) and scheduled (the loaded plan); short: intervals "
        "with fewer scheduled than needed; service: share answered in time the schedule delivers",
    )
    for heading in ("day", "calls", "agent-h needed", "scheduled", "short", "service"):
        table.add_column(heading, justify="left" if heading == "day" else "right")
    if frame.empty:
        out.print(table)
        return
    hours = frame["interval_seconds"] / 3600.0
    frame["day"] = pd.to_datetime(frame["interval_start"], utc=True).dt.tz_convert(zone).dt.date
    frame["required_hours"] = frame["agents"] * hours
    frame["scheduled_hours"] = frame["scheduled_agents"] * hours
    frame["answered_in_time"] = frame["expected_service_level"] * frame["calls"]
    for day, rows in frame.groupby("day"):
        calls = float(rows["calls"].sum())
        service = f"{rows['answered_in_time'].sum() / calls:.1%}" if calls > 0 else "—"
        table.add_row(
            f"{day:%a %Y-%m-%d}",
            f"{calls:,.0f}",
            f"{rows['required_hours'].sum():,.1f}",
            f"{rows['scheduled_hours'].sum():,.1f}",
            str(int((rows["gap"] < 0).sum())),
            service,
        )
    out.print(table)
