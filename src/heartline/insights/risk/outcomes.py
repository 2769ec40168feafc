"""What each risk model predicts: who is in its population on a day, and who had the outcome after it.

Each outcome reads only what happened in [as_of, as_of + horizon): features read only what happened
before as_of (heartline.insights.features), so no snapshot sees its own future. docs/insights.md
("Risk models") states each definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from heartline.contacts.tables import CASES, CONTACTS
from heartline.insights.features import PDC_ADHERENT, dispensed, enrolled_on, midnight, proportion_of_days_covered
from heartline.members.contracts import MemberProfile
from heartline.warehouse.reader import TableSource


@dataclass(frozen=True)
class Snapshot:
    """What an outcome needs on one day: the source, the members, their features as of that day."""

    source: TableSource
    profiles: Sequence[MemberProfile]
    as_of: dt.date
    features: pd.DataFrame


@dataclass(frozen=True)
class Outcome:
    name: str
    title: str
    description: str
    horizon_days: int
    population: Callable[[Snapshot], pd.Index]
    happened: Callable[[Snapshot, int], set[str]]


def _enrolled(snapshot: Snapshot) -> pd.Index:
    return pd.Index([p.member_id for p in snapshot.profiles if enrolled_on(p, snapshot.as_of) is not None])


def _disenrolled(snapshot: Snapshot, horizon: int) -> set[str]:
    end = snapshot.as_of + dt.timedelta(days=horizon)
    found = set()
    for p in snapshot.profiles:
        period = enrolled_on(p, snapshot.as_of)
        if period is not None and period[1] is not None and period[1] < end:
            found.add(p.member_id)
    return found


def _recent_contact(snapshot: Snapshot) -> pd.Index:
    days = snapshot.features["days_since_contact"]
    return days.index[days.fillna(10_000) < 7]


def _contacted(snapshot: Snapshot, horizon: int) -> set[str]:
    contacts = snapshot.source.table(CONTACTS)
    start = midnight(snapshot.as_of)
    end = midnight(snapshot.as_of + dt.timedelta(days=horizon))
    rows = contacts.filter(contacts.member_id.notnull(), contacts.started_at >= start, contacts.started_at < end)
    return set(rows.select("member_id").distinct().execute()["member_id"])


def _grieved(snapshot: Snapshot, horizon: int) -> set[str]:
    start = midnight(snapshot.as_of)
    end = midnight(snapshot.as_of + dt.timedelta(days=horizon))
    cases = snapshot.source.table(CASES)
    grievances = cases.filter(
        cases.member_id.notnull(),
        (cases.category == "grievance") | (cases.type == "grievance"),
        cases.opened_at >= start,
        cases.opened_at < end,
    )
    contacts = snapshot.source.table(CONTACTS)
    about = contacts.filter(
        contacts.member_id.notnull(),
        contacts.reason == "grievance",
        contacts.started_at >= start,
        contacts.started_at < end,
    )
    return set(grievances.select("member_id").execute()["member_id"]) | set(
        about.select("member_id").execute()["member_id"]
    )


def _on_maintenance_drugs(snapshot: Snapshot) -> pd.Index:
    pdc = snapshot.features["pdc_90d"]
    return pdc.index[pdc.notna()]


def _non_adherent(snapshot: Snapshot, horizon: int) -> set[str]:
    start, end = snapshot.as_of, snapshot.as_of + dt.timedelta(days=horizon)
    fills = dispensed(snapshot.source, start - dt.timedelta(days=horizon), end)
    established = fills[pd.to_datetime(fills["on_date"]).dt.date < start][["member_id", "drug"]].drop_duplicates()
    fills = fills.merge(established, on=["member_id", "drug"])
    pdc = proportion_of_days_covered(fills, start, end)
    return set(pdc.index[pdc < PDC_ADHERENT])


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disenrollment_90d",
        "Disenrollment within 90 days",
        "Of the members covered on the day, those whose coverage ends within the next 90 days "
        "(the next enrollment period or a mid-year disenrollment).",
        90,
        _enrolled,
        _disenrolled,
    ),
    Outcome(
        "repeat_contact_7d",
        "Repeat contact within 7 days",
        "Of the members who got in touch in the 7 days before the day, those who get in touch again "
        "within the next 7 days (any channel).",
        7,
        _recent_contact,
        _contacted,
    ),
    Outcome(
        "grievance_30d",
        "Grievance within 30 days",
        "Of the members covered on the day, those who file a grievance (a grievance case, or a contact "
        "about a grievance) within the next 30 days.",
        30,
        _enrolled,
        _grieved,
    ),
    Outcome(
        "non_adherence_90d",
        "Medication non-adherence over 90 days",
        "Of the members filling maintenance drugs in the 90 days before the day, those whose PDC over the "
        "next 90 days falls below 80% for at least one drug they were already taking.",
        90,
        _on_maintenance_drugs,
        _non_adherent,
    ),
)
OUTCOMES_BY_NAME = {o.name: o for o in OUTCOMES}
