"""The decision-clocks step: which demo cases are grievances, determinations and appeals under a
regulation, and when each was received, extended, decided and notified.

Grievances are grievances; pharmacy exceptions are coverage determinations (Part D for Medicare
members); claim reprocessing requests are payment appeals. The line of business follows the member's
plan. Standard grievances and appeals are notified soon after the case closed, so before the
rapid-resolution team about a quarter run past 30 days — half of those got an extension first, with
a reason — and after it almost none do. Expedited cases and initial determinations, which run on short
clocks, are notified within their limit but for about one in twenty. A fifth of cases arrived in
writing a day or three before anyone opened them, which is when their clock started. Every case has
an owner: a representative of its unit. Draws come from this step's own stream, so the cases step's
own columns are the same with or without it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.compliance.clocks import due_at
from heartline.compliance.rules import load_ruleset
from heartline.contacts.tables import CASE_OUTCOMES, CASES
from heartline.core import clock
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext

HOUR_US = 3_600 * 1_000_000
DAY_US = 24 * HOUR_US
WRITTEN_SHARE = 0.2  # cases that arrived by mail or fax before they were opened
EXTENDED_SHARE = 0.5  # of cases running late on a clock that allows an extension
OUTCOME_SHARES = (0.55, 0.30, 0.08, 0.05, 0.02)  # CASE_OUTCOMES order
EXTENSION_REASONS = (
    "awaiting medical records from the provider",
    "the member asked for time to send more information",
    "waiting for the pharmacy's claim history",
    "need the provider's statement of medical necessity",
)


def _category_and_request(case_type: str) -> tuple[str, str] | None:
    return {
        "grievance": ("grievance", "service"),
        "pharmacy_exception": ("initial_determination", "service"),
        "claim_reprocessing": ("appeal", "payment"),
    }.get(case_type)


def _line(plan: str, case_type: str) -> str:
    if plan == "medicare_advantage":
        return "medicare_part_d" if case_type == "pharmacy_exception" else "medicare_part_c"
    return "medicaid" if plan == "medicaid_managed_care" else "commercial"


def build_decision_clocks(ctx: DemoContext) -> None:
    """Add the regulatory-clock columns to the cases the cases step emitted."""
    cases = ctx.table(CASES)
    members, org = ctx.require_members(), ctx.require_org()
    rng = ctx.rng("decision_clocks")
    n = cases.num_rows
    ctx.report(0, n)
    member_index = {member_id: i for i, member_id in enumerate(members.member_ids)}
    types = cases.column("type").to_pylist()
    member_ids = cases.column("member_id").to_pylist()
    units = cases.column("unit").to_pylist()
    priorities = cases.column("priority").to_pylist()
    opened = pc.cast(cases.column("opened_at"), pa.int64()).to_numpy()
    closed_us = pc.cast(cases.column("closed_at"), pa.int64())
    is_open = pc.is_null(closed_us).to_numpy(zero_copy_only=False)
    closed = pc.fill_null(closed_us, 0).to_numpy()

    written = rng.random(n) < WRITTEN_SHARE
    received = opened - np.where(written, rng.integers(1 * DAY_US, 3 * DAY_US, n), 0)
    notice_lag = np.where(
        rng.random(n) < 0.3, rng.integers(DAY_US // 2, 2 * DAY_US, n), rng.integers(0, 4 * HOUR_US, n)
    )
    share_of_limit = rng.beta(5.0, 2.0, n) * 1.09  # about 5% past 1: late
    extend = rng.random(n) < EXTENDED_SHARE
    reasons = rng.integers(0, len(EXTENSION_REASONS), n)
    outcomes = rng.choice(len(CASE_OUTCOMES), size=n, p=OUTCOME_SHARES)
    owner_pick = rng.random(n)

    reps_by_unit: dict[str, list[str]] = {}
    for code, unit in zip(org.reps.codes, org.reps.unit.tolist(), strict=True):
        reps_by_unit.setdefault(bp.UNITS[unit].code, []).append(code)

    ruleset, zone = load_ruleset(), clock.organization_zone()  # the plan's calendar
    columns: dict[str, list[object]] = {
        name: [None] * n
        for name in (
            "owner_id",
            "line_of_business",
            "category",
            "request",
            "extension_days",
            "extension_reason",
            "decided_at",
            "notified_at",
            "outcome",
        )
    }
    received_at: list[int] = opened.tolist()
    for i in range(n):
        reps = reps_by_unit.get(units[i] or "", [])
        if reps:
            columns["owner_id"][i] = reps[int(owner_pick[i] * len(reps))]
        kind = _category_and_request(types[i] or "")
        if kind is None or member_ids[i] not in member_index:
            continue
        category, request = kind
        line = _line(bp.MEMBER_PLANS[int(members.plan[member_index[member_ids[i]]])], types[i])
        start = int(received[i])
        start_dt = dt.datetime.fromtimestamp(start / 1e6, tz=dt.UTC)
        rule = ruleset.rule_for(line, category, priorities[i], request, start_dt.astimezone(zone).date())
        columns["line_of_business"][i], columns["category"][i], columns["request"][i] = line, category, request
        received_at[i] = start
        columns["extension_days"][i] = 0
        if is_open[i] or rule is None:
            continue
        short_clock = rule.unit == "hours" or category == "initial_determination"
        if short_clock:
            limit_us = due_at(rule, start_dt, 0, zone).timestamp() * 1e6 - start
            notified = start + int(limit_us * share_of_limit[i])
        else:
            notified = max(int(closed[i]), start) + int(notice_lag[i])
            due = due_at(rule, start_dt, 0, zone).timestamp() * 1e6
            if notified > due and rule.max_extension_days and extend[i]:
                columns["extension_days"][i] = rule.max_extension_days
                columns["extension_reason"][i] = EXTENSION_REASONS[int(reasons[i])]
        columns["notified_at"][i] = notified
        columns["decided_at"][i] = max(start, notified - int(notice_lag[i] // 2))
        columns["outcome"][i] = CASE_OUTCOMES[int(outcomes[i])]
    ctx.report(n, n)

    def times(values: list[object]) -> pa.Array:
        return pa.array(values, pa.int64()).cast(CASES.schema.field("notified_at").type)

    added = {
        "owner_id": pa.array(columns["owner_id"], pa.string()),
        "line_of_business": pa.array(columns["line_of_business"], pa.string()),
        "category": pa.array(columns["category"], pa.string()),
        "request": pa.array(columns["request"], pa.string()),
        "received_at": times(list(received_at)),
        "extension_days": pa.array(columns["extension_days"], pa.int16()),
        "extension_reason": pa.array(columns["extension_reason"], pa.string()),
        "decided_at": times(columns["decided_at"]),
        "notified_at": times(columns["notified_at"]),
        "outcome": pa.array(columns["outcome"], pa.string()),
    }
    for name, values in added.items():
        if name in cases.column_names:
            cases = cases.set_column(cases.column_names.index(name), name, values)
        else:
            cases = cases.append_column(name, values)
    ctx.emit(CASES, cases)
