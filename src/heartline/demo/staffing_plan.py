"""The staffing-plan step: what a planner scheduled on each queue, per half hour, for the demo's days and
the eight weeks after them.

The planner staffs a typical week: for each queue, weekday and half hour of the (local) day, the agents
Erlang C asks for (80% answered within 30 s, 85% occupancy, 30% shrinkage) at the mean volume and
median handle time of that slot over the days outside the open-enrollment surges. So the schedule is about
right on ordinary days, a little short on busy Mondays and well short in the surge (three times the
volume), which is what the intraday page and `heartline workforce plan` show. Deterministic (no random
draws); written to the same `staffing_plan` table the `staffing-plan` ingest fills, `unit` from the
queue's unit as the ingest fills it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext
from heartline.demo.timeline import LOCAL_TIME, in_open_enrollment
from heartline.workforce.staffing import StaffingTarget, plan_staffing
from heartline.workforce.staffing_plan import STAFFING_PLAN

INTERVAL_SECONDS = 1_800
WEEKS_AHEAD = 8
TARGET = StaffingTarget(service_level=0.8, answer_within=30.0, max_occupancy=0.85, shrinkage=0.3)


def typical_week(contacts: pa.Table) -> pd.DataFrame:
    """Per queue, weekday and local half hour: the mean offered calls and median handle time of that slot
    over the days outside the surges (a slot without calls on a day counts as 0 calls that day)."""
    inbound = contacts.filter(pc.equal(contacts.column("direction"), "inbound")).select(
        ["queue", "started_at", "answered_at", "talk_seconds", "hold_seconds", "wrap_seconds"]
    )
    frame = inbound.to_pandas()
    frame["queue"] = frame["queue"].astype(str)
    local = pd.to_datetime(frame["started_at"], utc=True).dt.tz_convert(LOCAL_TIME)
    frame["day"] = local.dt.date
    frame["slot"] = local.dt.hour * 2 + local.dt.minute // 30
    frame["handle"] = frame[["talk_seconds", "hold_seconds", "wrap_seconds"]].fillna(0).sum(axis=1)
    frame.loc[frame["answered_at"].isna(), "handle"] = np.nan
    frame = frame[~frame["day"].map(in_open_enrollment)]
    per_day = frame.groupby(["queue", "day", "slot"], observed=True).agg(calls=("slot", "size"), aht=("handle", "mean"))
    per_day = per_day.reset_index()
    days = pd.Series(sorted(frame["day"].unique()))
    weekday_days = days.map(lambda d: d.weekday()).value_counts()
    per_day["weekday"] = per_day["day"].map(lambda d: d.weekday())
    # the mean over every ordinary day of that weekday, the days without a call in the slot counted as 0
    grouped = per_day.groupby(["queue", "weekday", "slot"], observed=True)
    rows = []
    for (queue, weekday, slot), group in grouped:
        counts = np.zeros(int(weekday_days.get(weekday, len(group))))
        counts[: len(group)] = group["calls"].to_numpy()
        handled = group["aht"].dropna()  # a slot whose calls were all abandoned has no handle time
        rows.append((queue, weekday, slot, float(counts.mean()), float(handled.median()) if len(handled) else np.nan))
    return pd.DataFrame(rows, columns=["queue", "weekday", "slot", "calls", "aht_seconds"])


def scheduled_agents(week: pd.DataFrame) -> pd.DataFrame:
    """`week` with the agents the planner rosters for each slot (Erlang C at the slot's mean volume)."""
    frame = week.assign(
        interval_start=pd.Timestamp("2000-01-01", tz="UTC"),
        interval_seconds=INTERVAL_SECONDS,
        aht_seconds=week["aht_seconds"].fillna(week["aht_seconds"].median()).fillna(300.0),
    )
    planned = plan_staffing(frame, TARGET)
    return planned.loc[planned["agents"] > 0, ["queue", "weekday", "slot", "agents"]]


def build_staffing_plan(ctx: DemoContext) -> None:
    """Emit the `staffing_plan` table: the typical week's agents on every demo day and 8 weeks after."""
    ctx.report(0, 1)
    pattern = scheduled_agents(typical_week(ctx.table(CONTACTS)))
    timeline = ctx.timeline
    days = [*timeline.days, *(timeline.last_day + dt.timedelta(days=k) for k in range(1, 7 * WEEKS_AHEAD + 1))]
    calendar = pd.DataFrame({"day": days, "weekday": [d.weekday() for d in days]})
    rows = calendar.merge(pattern, on="weekday")
    # wall-clock half hours: the hour clocks skip in spring and the one they repeat in autumn are left out
    wall = pd.to_datetime(rows["day"]) + pd.to_timedelta(rows["slot"] * INTERVAL_SECONDS, unit="s")
    local = wall.dt.tz_localize(LOCAL_TIME, ambiguous="NaT", nonexistent="NaT")
    rows = rows[local.notna().to_numpy()].reset_index(drop=True)
    starts = local.dropna().dt.tz_convert("UTC").reset_index(drop=True)
    stamps = starts.dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    queue_unit = {code: u.code for u in bp.UNITS for code in u.queues}
    order = np.lexsort((stamps, rows["queue"].to_numpy()))
    table = pa.table(
        {
            "queue": pa.array(rows["queue"].to_numpy()[order], pa.string()),
            "interval_start": pa.array(stamps[order], pa.timestamp("us", tz="UTC")),
            "interval_seconds": pa.array(np.full(len(rows), INTERVAL_SECONDS, np.int32)),
            "scheduled_agents": pa.array(rows["agents"].to_numpy()[order].astype(np.int32)),
            "unit": pa.array([queue_unit.get(q) for q in rows["queue"].to_numpy()[order]], pa.string()),
        },
        schema=STAFFING_PLAN.schema,
    )
    ctx.emit(STAFFING_PLAN, table)
    ctx.report(1, 1)
