"""`contact_handle_days`: handle time read from the per-day histogram of handle seconds gives the mean,
sd and median counting every answered contact gives — by each kept dimension and period, with filters,
and in a worked example — is not read when it could be wrong, and is brought up to date by an ingest."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from heartline.contacts.handle_days import CONTACT_HANDLE_DAYS, HANDLE_DAYS
from heartline.warehouse.derived import is_current, refresh
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from tests.contacts.day_fixtures import CONTACTS_ROWS, QUERIES, calls, new_york_warehouse, runner, write
from tests.contacts.ingest_fixtures import stored
from tests.contacts.metric_fixtures import contact, utc

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings


@pytest.fixture
def warehouse(tmp_path: Path, settings: Settings) -> Warehouse:
    return new_york_warehouse(tmp_path, settings)


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the mean, sd and interval to 9 significant digits (two exact sums may differ in the last bit)."""
    return [
        {
            k: float(f"{v:.9g}") if k in ("value", "sd", "ci_low", "ci_high") and v is not None else v
            for k, v in r.items()
        }
        for r in rows
    ]


def _handle_time(warehouse: Warehouse, query: MetricQuery, scope: Scope | None = None) -> Any:
    return runner(warehouse, "handle-time", query, scope)


def test_the_histogram_gives_the_figures_counting_every_answered_contact_gives(warehouse: Warehouse) -> None:
    from_contacts = [_rounded(_handle_time(warehouse, q).run().rows) for q in QUERIES]
    refresh(warehouse, CONTACT_HANDLE_DAYS)

    runners = [_handle_time(warehouse, q) for q in QUERIES]
    assert all(r.days(CONTACT_HANDLE_DAYS) is not None for r in runners)  # each read from the histogram
    assert [_rounded(r.run().rows) for r in runners] == from_contacts
    medians = [row["median"] for rows in from_contacts for row in rows if row["n"]]
    assert len(medians) > 30
    assert any(m != int(m) for m in medians)  # even counts: the mean of the two middle values


def test_a_worked_example_of_four_calls(tmp_path: Path, settings: Settings) -> None:
    # Handle times 60, 120, 180 and 600 s: mean 240, median (120 + 180) / 2 = 150, and sample
    # variance (180² + 120² + 60² + 360²) / 3 = 60,000, so sd = √60,000 ≈ 244.949. The first three are
    # on 4 May (mean = median = 120, sd 60), the last on 5 May (alone: no sample sd).
    settings.TIME_ZONE = "America/New_York"
    warehouse = Warehouse(tmp_path / "warehouse")
    at = utc("2026-05-04 14:00:00")
    parts = [(40, 10, 10), (100, None, 20), (150, 30, None), (540, 0, 60)]
    write(
        warehouse,
        [
            contact(
                f"w-{i}", at + dt.timedelta(hours=i if i < 3 else 24), talk_seconds=t, hold_seconds=h, wrap_seconds=w
            )
            for i, (t, h, w) in enumerate(parts)
        ],
    )
    refresh(warehouse, CONTACT_HANDLE_DAYS)

    counted = _handle_time(warehouse, MetricQuery())
    (row,) = counted.run().rows

    assert counted.days(CONTACT_HANDLE_DAYS) is not None
    assert (row["n"], row["value"], row["median"]) == (4, 240.0, 150.0)
    assert math.isclose(row["sd"], math.sqrt(60_000), rel_tol=1e-12)
    by_day = {
        r["day"]: (r["n"], r["value"], r["median"], r["sd"])
        for r in _handle_time(warehouse, MetricQuery(by=("day",))).run().rows
    }
    assert by_day == {"2026-05-04": (3, 120.0, 120.0, 60.0), "2026-05-05": (1, 600.0, 600.0, None)}


@pytest.mark.parametrize(
    ("why", "query", "scope"),
    [
        ("by agent", MetricQuery(by=("agent",)), None),
        ("an agent's scope", MetricQuery(by=("unit",)), Scope(agent_ids=frozenset({"a-1"}))),
    ],
)
def test_what_the_histogram_cannot_answer_is_counted_from_contacts(
    warehouse: Warehouse, why: str, query: MetricQuery, scope: Scope | None
) -> None:
    before = _handle_time(warehouse, query, scope).run().rows
    refresh(warehouse, CONTACT_HANDLE_DAYS)

    counter = _handle_time(warehouse, query, scope)

    assert counter.days(CONTACT_HANDLE_DAYS) is None, why
    assert counter.run().rows == before
    assert before
    assert before[0]["n"]


def test_a_unit_scope_reads_only_its_units_rows(warehouse: Warehouse) -> None:
    refresh(warehouse, CONTACT_HANDLE_DAYS)
    scope = Scope(unit_codes=frozenset({"medicare"}))

    scoped = _handle_time(warehouse, MetricQuery(by=("unit",)), scope)

    assert scoped.days(CONTACT_HANDLE_DAYS) is not None
    rows = scoped.run().rows
    assert [r["unit"] for r in rows] == ["medicare"]
    everyone = _handle_time(warehouse, MetricQuery(by=("unit",))).run().rows
    assert rows == [r for r in everyone if r["unit"] == "medicare"]


def test_an_ingest_counts_again_only_the_days_it_touched_and_equals_a_rebuild(warehouse: Warehouse) -> None:
    refresh(warehouse, CONTACT_HANDLE_DAYS)
    later = calls("e", utc("2026-04-02 12:00:00"), 15)  # to 23:00 in New York, 03:00 UTC the next day
    longer = dict(CONTACTS_ROWS[1], talk_seconds=1_234)  # a correction changes a call's handle time
    moved = dict(CONTACTS_ROWS[3], started_at=utc("2026-04-02 15:00:00"))  # and another's day

    write(warehouse, [*later, longer, moved])

    assert is_current(warehouse, CONTACT_HANDLE_DAYS)  # brought up to date by the ingest itself
    keys = [(k, "ascending") for k in HANDLE_DAYS.natural_key]
    incremental = stored(warehouse, HANDLE_DAYS).sort_by(keys)
    refresh(warehouse, CONTACT_HANDLE_DAYS)
    rebuilt = stored(warehouse, HANDLE_DAYS).sort_by(keys)
    assert incremental.to_pylist() == rebuilt.to_pylist()
    corrected = 1_234 + (longer["hold_seconds"] or 0) + (longer["wrap_seconds"] or 0)
    assert corrected in {r["handle_seconds"] for r in incremental.to_pylist()}
