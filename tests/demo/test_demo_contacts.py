"""The demo's contacts and cases: consistent with the org, shaped by the seasons, telling the story."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest

from heartline.contacts.metrics import ContactVolume, HandoffRate, OneAndDone
from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.models import Employee, Queue
from heartline.demo import blueprint
from heartline.demo.timeline import FIRST_DAY, LAST_DAY, OPEN_ENROLLMENT, RAPID_RESOLUTION_LAUNCH
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.tables import TableSpec
from tests.support.shared_demo import BuiltDemo

WEEK = dt.timedelta(days=7)


def query(demo: BuiltDemo, sql: str, **params: object) -> tuple[Any, ...]:
    """The one row `sql` returns over the demo's `contacts` and `cases` tables."""
    con = duckdb.connect()
    for spec in (CONTACTS, CASES):
        con.read_parquet(demo.warehouse.parquet_files(spec)).create_view(spec.name)
    return tuple(con.execute(sql, params).fetchall()[0])


def rows(demo: BuiltDemo, sql: str) -> set[tuple[Any, ...]]:
    con = duckdb.connect()
    con.read_parquet(demo.warehouse.parquet_files(CONTACTS)).create_view(CONTACTS.name)
    return set(con.execute(sql).fetchall())


@pytest.mark.parametrize("spec", [CONTACTS, CASES], ids=lambda s: s.name)
def test_written_tables_have_the_registered_schema(small_demo: BuiltDemo, spec: TableSpec) -> None:
    delta = small_demo.warehouse.open(spec)
    assert delta is not None

    assert delta.to_pyarrow_table().schema == spec.schema


def test_every_handled_contact_names_a_representative_of_its_unit_and_team(small_demo: BuiltDemo, db: None) -> None:
    handled = rows(small_demo, "SELECT DISTINCT agent_id, unit, team FROM contacts WHERE agent_id IS NOT NULL")
    staff = {
        e.code: (e.code, e.unit.code, e.team.code)  # type: ignore[union-attr]
        for e in Employee.objects.filter(role="agent").select_related("unit", "team")
    }

    assert {staff.get(agent) for agent, _, _ in handled} == set(handled)


def test_every_contact_enters_a_queue_of_its_unit(small_demo: BuiltDemo, db: None) -> None:
    routed = rows(small_demo, "SELECT DISTINCT queue, unit FROM contacts")
    queues = set(Queue.objects.values_list("code", "unit__code"))

    assert routed <= queues


def test_abandoned_contacts_have_no_answer_and_no_representative(small_demo: BuiltDemo) -> None:
    answered_anyway, abandoned = query(
        small_demo,
        """SELECT count(*) FILTER (WHERE answered_at IS NOT NULL OR agent_id IS NOT NULL OR team IS NOT NULL),
                  count(*)
           FROM contacts WHERE abandoned""",
    )

    assert answered_anyway == 0
    assert abandoned > 0


def test_contacts_fall_within_the_eighteen_months_in_time_order(small_demo: BuiltDemo) -> None:
    first, last, out_of_order = query(
        small_demo,
        """SELECT min(started_at), max(started_at),
                  count(*) FILTER (WHERE answered_at < started_at OR ended_at < coalesce(answered_at, started_at))
           FROM contacts""",
    )

    assert (first.date() >= FIRST_DAY, last.astimezone(dt.UTC).date() <= LAST_DAY, out_of_order) == (True, True, 0)


def test_open_enrollment_weeks_are_about_three_times_busier(small_demo: BuiltDemo) -> None:
    result = ContactVolume(MetricQuery(by=("week",)), Scope.everything(), small_demo.source()).run()
    weekly = {dt.date.fromisoformat(row["week"]): row["n"] for row in result.rows}

    def in_surge(monday: dt.date) -> bool:
        return any(start <= monday and monday + WEEK - dt.timedelta(days=1) <= end for start, end in OPEN_ENROLLMENT)

    def touches_surge(monday: dt.date) -> bool:
        return any(monday <= end and start < monday + WEEK for start, end in OPEN_ENROLLMENT)

    whole = [m for m in weekly if m >= FIRST_DAY and m + WEEK - dt.timedelta(days=1) <= LAST_DAY]
    surge = [weekly[m] for m in whole if in_surge(m)]
    normal = [weekly[m] for m in whole if not touches_surge(m)]
    ratio = (sum(surge) / len(surge)) / (sum(normal) / len(normal))

    assert 2.5 <= ratio <= 3.5


def test_most_answered_contacts_are_resolved_at_first_contact(small_demo: BuiltDemo) -> None:
    result = OneAndDone(MetricQuery(), Scope.everything(), small_demo.source()).run()

    assert 0.70 <= result.rows[0]["value"] <= 0.82


def handoff_rate(source: DuckDBSource, start: dt.date, end: dt.date) -> float:
    result = HandoffRate(MetricQuery(start=start, end=end), Scope.everything(), source).run()
    return float(result.rows[0]["value"])


def test_handoffs_fall_by_more_than_half_once_the_rapid_resolution_team_opens(small_demo: BuiltDemo) -> None:
    source = small_demo.source()
    launch = RAPID_RESOLUTION_LAUNCH
    before = handoff_rate(source, launch - dt.timedelta(days=240), launch - dt.timedelta(days=1))
    after = handoff_rate(source, launch + dt.timedelta(days=60), LAST_DAY)

    assert 0.10 <= before <= 0.16
    assert after <= 0.5 * before


def test_consults_start_with_the_rapid_resolution_team(small_demo: BuiltDemo) -> None:
    early, consulted = query(
        small_demo,
        """SELECT count(*) FILTER (WHERE consult_count > 0 AND started_at < $launch),
                  count(*) FILTER (WHERE consult_count > 0)
           FROM contacts""",
        launch=RAPID_RESOLUTION_LAUNCH,
    )

    assert early == 0
    assert consulted > 0


def test_case_processing_falls_from_about_26_days_to_about_3(small_demo: BuiltDemo) -> None:
    launch = RAPID_RESOLUTION_LAUNCH
    before, after = query(
        small_demo,
        """SELECT avg(epoch(closed_at - opened_at) / 86400) FILTER (WHERE opened_at BETWEEN $before AND $launch),
                  avg(epoch(closed_at - opened_at) / 86400) FILTER (WHERE opened_at >= $settled)
           FROM cases WHERE status = 'closed' AND priority = 'standard'""",
        before=launch - dt.timedelta(days=100),
        launch=launch,
        settled=launch + dt.timedelta(days=90),
    )

    assert 20 <= before <= 34
    assert 2 <= after <= 4.5


def test_contacts_with_a_case_carry_a_case_that_exists(small_demo: BuiltDemo) -> None:
    dangling, cited, cases = query(
        small_demo,
        """SELECT count(*) FILTER (WHERE c.case_id IS NOT NULL AND k.case_id IS NULL),
                  count(DISTINCT c.case_id), (SELECT count(*) FROM cases)
           FROM contacts c LEFT JOIN cases k USING (case_id)""",
    )

    assert (dangling, cited) == (0, cases)


def test_contact_codes_are_the_documented_ones(small_demo: BuiltDemo) -> None:
    reasons, channels, languages, units = query(
        small_demo,
        """SELECT list(DISTINCT reason ORDER BY reason), list(DISTINCT channel ORDER BY channel),
                  list(DISTINCT language ORDER BY language), list(DISTINCT unit ORDER BY unit)
           FROM contacts""",
    )

    assert reasons == sorted(blueprint.REASONS)
    assert channels == sorted(blueprint.CHANNELS)
    assert languages == sorted(blueprint.LANGUAGES)
    assert units == sorted(u.code for u in blueprint.UNITS)
