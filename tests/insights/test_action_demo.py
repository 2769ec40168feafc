"""On the small demo, members with a claim denied in the last 30 days are offered "explain a denied
claim" with the denial in the reasons, unless their consent refuses the phone for service (then it
is held back, saying so). Asked on the demo's last day of claims at 18:00 UTC: between 11:00 and
14:00 in every demo member's zone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest

from heartline.core.scoping import OPERATOR
from heartline.insights.actions.selectors import next_best_actions
from heartline.members.tables import CLAIM_LINES
from tests.support.shared_demo import BuiltDemo

pytestmark = pytest.mark.django_db
SAMPLE = 25


@pytest.fixture
def demo_reads(small_demo: BuiltDemo, settings: Any) -> Iterator[BuiltDemo]:
    from heartline.core.analytics import warehouse_source

    settings.WAREHOUSE_DIR = small_demo.warehouse.root
    warehouse_source.cache_clear()
    yield small_demo
    warehouse_source.cache_clear()


def denied_recently(demo: BuiltDemo) -> tuple[dt.date, list[str]]:
    """The demo's last day of claims, and the members with a claim denied in the 30 days before."""
    con = duckdb.connect()
    con.read_parquet(demo.warehouse.parquet_files(CLAIM_LINES)).create_view("lines")
    last = con.execute("SELECT max(coalesce(billed_on, service_end, service_start)) FROM lines").fetchone()
    assert last is not None
    today: dt.date = last[0]
    rows = con.execute(
        "SELECT DISTINCT member_id FROM lines WHERE denied"
        " AND coalesce(billed_on, service_end, service_start) BETWEEN ? AND ? ORDER BY member_id",
        [today - dt.timedelta(days=30), today],
    ).fetchall()
    return today, [str(r[0]) for r in rows]


def test_members_with_a_denied_claim_are_offered_an_explanation_with_the_reason(demo_reads: BuiltDemo) -> None:
    today, members = denied_recently(demo_reads)
    at = dt.datetime.combine(today, dt.time(18), tzinfo=dt.UTC)
    assert len(members) >= SAMPLE, f"the small demo has only {len(members)} members with a recent denial"
    offered = held = 0
    for member_id in members[:: max(1, len(members) // SAMPLE)][:SAMPLE]:
        found = next_best_actions(OPERATOR, member_id, at, channel="cli")
        explain = [p for p in found.actions if p.action == "explain_denied_claim"]
        if explain:
            offered += 1
            assert explain[0].reasons[0].startswith("denied claim ")
            assert re.match(r"denied claim \S+ (today|yesterday|\d+ days ago)( \(.+\))?$", explain[0].reasons[0])
            assert explain[0].send_at is None
        else:
            withheld = next(w for w in found.withheld if w.action == "explain_denied_claim")
            assert withheld.stage == "suitability"
            assert "phone" in withheld.reason
            held += 1
    assert offered >= 0.8 * (offered + held), (offered, held)
