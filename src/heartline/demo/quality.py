"""Demo steps for call quality: the Call Quality Audit and HEART coaching form, ~4 audits per
representative per month, disputes and the audit queue (`audits`). The behaviors, calibration and
coaching steps are in demo.behaviors, demo.calibration and demo.coaching.

`audits` writes the two scorecards, then audits about AUDITS_PER_MONTH answered inbound phone calls
of every representative each month, read from the contacts the contacts step produced. Each audit's
expected score is the unit's baseline (the units the learning step trains first are the weakest)
plus the representative's own level and a monthly wobble; when the learning step left
`training_start_by_agent` and `program_effect_points` in `context.extras`, calls on or after the
representative's wave start get that effect added. Items are drawn from the expected score
(critical items pass at a fixed CRITICAL_PASS, so the planted effect is the effect on scores), and
the score is computed by quality.scoring, the same as a real audit. A few audits are disputed and
resolved by a second auditor; the last month of the persona unit is left as a sampling plan for the
audit queue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow.compute as pc
from django.db import connection
from django.db.models import Q

from heartline.behaviors.models import Behavior
from heartline.coaching.models import CoachingSession
from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.models import Employee, Unit
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext
from heartline.quality import scoring, standard_forms
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    CalibrationSession,
    Dispute,
    SampledContact,
    SamplingPlan,
    Scorecard,
    ScorecardItem,
    ScorecardSection,
    ScorecardVersion,
)

AUDITS_PER_MONTH = 4
UNIT_BASELINE = {
    "medicaid": 74.0,
    "medicare": 76.0,
    "commercial-inbound": 78.0,
    "pharmacy": 80.0,
    "membership-admin": 81.0,
    "commercial-outbound": 82.0,
    "rapid-resolution": 84.0,
}
AGENT_SD, MONTH_SD = 5.0, 3.0
# Per item: how much easier than the expected score it is to pass (yes/no) or rate well (1-5).
ITEM_EASE = {
    "welcome": 0.12,
    "verify": 0.17,
    "hear": 0.0,
    "empathize": -0.05,
    "apologize": 0.05,
    "accurate": 0.12,
    "one-and-done": 0.06,
    "plan": 0.0,
    "thank": 0.14,
}
CRITICAL_PASS = 0.97  # critical items (identity verified, accurate information) pass on most calls
APOLOGY_APPLIES = 0.35  # share of calls where something went wrong to apologize for
DISPUTE_SHARE = 0.03  # of audits scoring under 80
QUEUE_UNIT = "commercial-inbound"  # the persona QA analyst's queue: this unit's last month
DAY_US = 86_400 * 1_000_000
BATCH = 5000


def _scorecard(code: str, name: str, kind: str, sections: Any, published: dt.datetime) -> list[ScorecardItem]:
    behaviors = dict(Behavior.objects.values_list("code", "pk"))
    card = Scorecard.objects.create(code=code, name=name, kind=kind)
    version = ScorecardVersion.objects.create(scorecard=card, number=1, published_at=published, note="first version")
    items = []
    for s, (title, rows) in enumerate(sections):
        section = ScorecardSection.objects.create(version=version, title=title, position=s)
        for p, (i_code, text, scale, behavior, weight, critical) in enumerate(rows):
            items.append(
                ScorecardItem(
                    version=version,
                    section=section,
                    code=i_code,
                    text=text,
                    behavior_id=behaviors.get(behavior),
                    scale=scale,
                    weight=weight,
                    critical=critical,
                    position=p,
                )
            )
    return ScorecardItem.objects.bulk_create(items)


def _eligible_calls(ctx: DemoContext) -> dict[str, np.ndarray]:
    table = ctx.table(CONTACTS)
    keep = pc.and_(
        pc.and_(pc.equal(table["direction"], "inbound"), pc.equal(table["channel"], "phone")),
        pc.and_(
            pc.is_valid(table["answered_at"]), pc.and_(pc.is_valid(table["agent_id"]), pc.is_valid(table["member_id"]))
        ),
    )
    calls = table.filter(keep).select(["contact_id", "agent_id", "unit", "team", "started_at", "route"])
    started = calls["started_at"].cast("int64").to_numpy()
    routes = calls["route"].fill_null("").to_numpy(zero_copy_only=False)
    return {
        "contact_id": calls["contact_id"].to_numpy(zero_copy_only=False),
        "agent_id": calls["agent_id"].to_numpy(zero_copy_only=False),
        "unit": calls["unit"].to_numpy(zero_copy_only=False),
        "team": calls["team"].fill_null("").to_numpy(zero_copy_only=False),
        "started_us": started,
        "handoffs": np.fromiter((r.count(">") for r in routes), dtype=np.int64, count=len(routes)),
    }


def _month_index(started_us: np.ndarray) -> np.ndarray:
    days = started_us // DAY_US
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]").astype(np.int64)
    return np.asarray(months, dtype=np.int64)


def _pick_per_agent_month(rng: np.random.Generator, agents: np.ndarray, months: np.ndarray, per: int) -> np.ndarray:
    """Indices of up to `per` random calls for each (agent, month)."""
    key = rng.random(len(agents))
    _, agent_codes = np.unique(agents, return_inverse=True)
    order = np.lexsort((key, months, agent_codes))
    group = agent_codes[order] * 10_000 + (months[order] - months.min())
    starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return np.sort(order[rank < per])


def build_audits(ctx: DemoContext) -> None:
    """The scorecards, then ~AUDITS_PER_MONTH audits per representative per month, disputes, the queue."""
    rng = ctx.rng("audits")
    start = ctx.timeline.start
    items = _scorecard(
        standard_forms.SCORECARD_CODE, "Call Quality Audit", "audit", standard_forms.CALL_QUALITY_AUDIT, start
    )
    _scorecard(
        standard_forms.COACHING_FORM_CODE, "HEART coaching form", "coaching_form", standard_forms.HEART_FORM, start
    )
    calls = _eligible_calls(ctx)
    months = _month_index(calls["started_us"])
    last_month = months.max()
    queue_rows = (calls["unit"] == QUEUE_UNIT) & (months == last_month)
    chosen = _pick_per_agent_month(rng, calls["agent_id"], months, AUDITS_PER_MONTH)
    chosen = chosen[~queue_rows[chosen]]  # the persona unit's last month waits in the queue
    ctx.report(0, 4)

    employees = {
        code: (pk, unit_id, team_id)
        for code, pk, unit_id, team_id in Employee.objects.filter(division__code=bp.DIVISION_CODE).values_list(
            "code", "pk", "unit_id", "team_id"
        )
    }
    unit_ids = dict(Unit.objects.filter(division__code=bp.DIVISION_CODE).values_list("code", "pk"))
    auditors = _auditors_by_unit()
    coach_of_team = dict(
        Employee.objects.filter(role="coach", division__code=bp.DIVISION_CODE).values_list("team_id", "pk")
    )

    agent_codes = calls["agent_id"][chosen]
    unique_agents, agent_index = np.unique(agent_codes, return_inverse=True)
    agent_level = rng.normal(0.0, AGENT_SD, size=len(unique_agents))
    month_of = months[chosen]
    month_noise = rng.normal(0.0, MONTH_SD, size=(len(unique_agents), int(month_of.max() - month_of.min()) + 1))
    base = np.array([UNIT_BASELINE.get(u, 78.0) for u in calls["unit"][chosen]])
    expected = base + agent_level[agent_index] + month_noise[agent_index, month_of - month_of.min()]
    expected += _training_effect(ctx, agent_codes, calls["started_us"][chosen])
    ratings = _draw_ratings(rng, items, np.clip(expected, 5, 100) / 100)
    ctx.report(1, 4)

    audits = []
    results = []
    data_end = ctx.timeline.start + dt.timedelta(days=ctx.timeline.day_count)
    for row, call in enumerate(chosen):
        agent = employees.get(str(calls["agent_id"][call]))
        if agent is None:
            continue
        unit_code = str(calls["unit"][call])
        result = scoring.score(
            scoring.ScoredItem(it.code, it.scale, it.weight, it.critical, None if r < 0 else int(r))
            for it, r in zip(items, ratings[row], strict=True)
        )
        started = dt.datetime.fromtimestamp(calls["started_us"][call] / 1e6, tz=dt.UTC)
        pool = auditors.get(unit_code) or [agent[0]]
        coach = coach_of_team.get(agent[2])
        auditor = coach if coach is not None and rng.random() < 0.3 else pool[int(rng.integers(len(pool)))]
        audits.append(
            Audit(
                scorecard_version_id=items[0].version_id,
                contact_id=str(calls["contact_id"][call]),
                contact_started_at=started,
                agent_id=agent[0],
                unit_id=unit_ids.get(unit_code),
                team_id=agent[2],
                auditor_id=auditor,
                status="completed",
                score=result.score,
                passed_critical=result.passed_critical,
                completed_at=_completed(started, rng, data_end),
            )
        )
        results.append(row)
    Audit.objects.bulk_create(audits, batch_size=BATCH)
    ctx.report(2, 4)
    _insert_answers(
        (
            audit.pk,
            item.pk,
            None if r < 0 else int(r),
            bool(r < 0),
            "",
            "no evidence of it in the call" if r == 0 else "",
        )
        for audit, row in zip(audits, results, strict=True)
        for item, r in zip(items, ratings[row], strict=True)
    )
    ctx.report(3, 4)
    _disputes(ctx, rng, audits, auditors, unit_codes={v: k for k, v in unit_ids.items()})
    _queue(ctx, rng, calls, queue_rows, items[0].version_id, unit_ids[QUEUE_UNIT], employees)
    ctx.counts.update(audits=len(audits), audit_answers=len(audits) * len(items))
    ctx.report(4, 4)


def _insert_answers(rows: Iterable[tuple[int, int, int | None, bool, str, str]]) -> None:
    """Answers by the hundred thousand: one parameterised INSERT run over every row (the ORM's
    bulk_create builds a model object per row, ten times slower here)."""
    meta = AuditAnswer._meta
    columns = ("audit_id", "item_id", "rating", "not_applicable", "comment", "evidence")
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names come from the model; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def _auditors_by_unit() -> dict[str, list[int]]:
    auditors: dict[str, list[int]] = defaultdict(list)
    qa = Employee.objects.filter(role="qa_analyst", division__code=bp.DIVISION_CODE).prefetch_related("scope_units")
    for person in qa.order_by("code"):
        for unit in person.scope_units.all():
            auditors[unit.code].append(person.pk)
    return auditors


def _training_effect(ctx: DemoContext, agents: np.ndarray, started_us: np.ndarray) -> np.ndarray:
    starts = ctx.extras.get("training_start_by_agent")
    effect = ctx.extras.get("program_effect_points")
    if not isinstance(starts, dict) or not isinstance(effect, int | float):
        return np.zeros(len(agents))
    start_us = np.array(
        [
            int(dt.datetime.combine(starts[a], dt.time(), tzinfo=dt.UTC).timestamp() * 1e6)
            if a in starts
            else np.iinfo(np.int64).max
            for a in agents
        ],
        dtype=np.int64,
    )
    return np.where(started_us >= start_us, float(effect), 0.0)


def _draw_ratings(rng: np.random.Generator, items: list[ScorecardItem], quality: np.ndarray) -> np.ndarray:
    """Ratings (audits × items): 1/0 on yes/no items, 1-5 on 1-5 items, -1 for not applicable."""
    out = np.empty((len(quality), len(items)), dtype=np.int64)
    for k, item in enumerate(items):
        ease = ITEM_EASE.get(item.code, 0.0)
        if item.scale == scoring.ONE_TO_FIVE:
            raw = 1 + 4 * (quality + ease) + rng.normal(0.0, 0.7, size=len(quality))
            out[:, k] = np.clip(np.rint(raw), 1, 5)
            continue
        if item.critical:
            # A failed critical item zeroes the audit, so it must not follow the call's quality: a
            # slip there would multiply the training effect the learning step plants (DiD tests).
            p = np.full(len(quality), CRITICAL_PASS)
        else:
            p = np.clip(quality + ease, 0.03, 0.995)
        out[:, k] = (rng.random(len(quality)) < p).astype(np.int64)
        if item.code == "apologize":
            out[:, k] = np.where(rng.random(len(quality)) < APOLOGY_APPLIES, out[:, k], -1)
    return out


def _disputes(
    ctx: DemoContext,
    rng: np.random.Generator,
    audits: list[Audit],
    auditors: dict[str, list[int]],
    unit_codes: dict[int, str],
) -> None:
    end = dt.datetime.combine(ctx.timeline.last_day, dt.time(), tzinfo=dt.UTC)
    disputes = []
    for audit in audits:
        if audit.score is None or audit.score >= 80 or rng.random() >= DISPUTE_SHARE:
            continue
        completed = audit.completed_at if isinstance(audit.completed_at, dt.datetime) else end
        raised = completed + dt.timedelta(days=int(rng.integers(1, 5)))
        others = [a for a in auditors.get(unit_codes.get(audit.unit_id or 0, ""), []) if a != audit.auditor_id]
        open_still = raised > end - dt.timedelta(days=30) or not others
        dispute = Dispute(
            audit=audit,
            raised_by_id=audit.agent_id,
            raised_at=raised,
            score_before=audit.score,
            reason="The member's issue was resolved on this call; please listen to the last two minutes.",
        )
        if not open_still:
            dispute.resolver_id = others[int(rng.integers(len(others)))]
            dispute.resolved_at = raised + dt.timedelta(days=int(rng.integers(1, 6)))
            dispute.outcome = "upheld"
            dispute.score_after = audit.score
            dispute.resolution = "Listened again with a second auditor: the score stands."
        disputes.append(dispute)
    Dispute.objects.bulk_create(disputes, batch_size=BATCH)
    ctx.counts["audit_disputes"] = len(disputes)


def _queue(
    ctx: DemoContext,
    rng: np.random.Generator,
    calls: dict[str, np.ndarray],
    rows: np.ndarray,
    version_id: int,
    unit_id: int,
    employees: dict[str, tuple[int, int, int]],
) -> None:
    """A risk-weighted sampling plan for the persona unit's last month, left unaudited."""
    index = np.flatnonzero(rows)
    if not len(index):
        return
    month = clock.month_of(dt.datetime.fromtimestamp(calls["started_us"][index[0]] / 1e6, tz=dt.UTC))
    plan = SamplingPlan.objects.create(
        scorecard_version_id=version_id,
        unit_id=unit_id,
        month=month,
        per_agent=AUDITS_PER_MONTH,
        method="risk",
        seed=int(ctx.seed),
    )
    picks = []
    for agent in np.unique(calls["agent_id"][index]):
        mine = index[calls["agent_id"][index] == agent]
        weights = 1.0 + 2.0 * calls["handoffs"][mine]
        take = min(AUDITS_PER_MONTH, len(mine))
        picks.extend(mine[rng.choice(len(mine), size=take, replace=False, p=weights / weights.sum())])
    SampledContact.objects.bulk_create(
        SampledContact(
            plan=plan,
            contact_id=str(calls["contact_id"][i]),
            agent_id=employees[str(calls["agent_id"][i])][0],
            contact_started_at=dt.datetime.fromtimestamp(calls["started_us"][i] / 1e6, tz=dt.UTC),
            handoffs=int(calls["handoffs"][i]),
            risk_weight=1.0 + 2.0 * float(calls["handoffs"][i]),
        )
        for i in sorted(picks)
        if str(calls["agent_id"][i]) in employees
    )
    ctx.counts["audit_queue"] = len(picks)


def wipe_audits(ctx: DemoContext) -> None:
    codes = (standard_forms.SCORECARD_CODE, standard_forms.COACHING_FORM_CODE)
    CoachingSession.objects.filter(
        Q(coachee__division__code=bp.DIVISION_CODE) | Q(form_version__scorecard__code__in=codes)
    ).delete()
    Audit.objects.filter(
        Q(agent__division__code=bp.DIVISION_CODE) | Q(scorecard_version__scorecard__code__in=codes)
    ).delete()
    CalibrationSession.objects.filter(scorecard_version__scorecard__code__in=codes).delete()
    SamplingPlan.objects.filter(
        Q(unit__division__code=bp.DIVISION_CODE) | Q(scorecard_version__scorecard__code__in=codes)
    ).delete()
    Scorecard.objects.filter(code__in=codes).delete()


def _completed(started: dt.datetime, rng: np.random.Generator, data_end: dt.datetime) -> dt.datetime:
    """An audit is finished one to seven days after its call, but never after the demo's data end:
    a live demo ends yesterday, and no audit is finished in the future."""
    drawn = started + dt.timedelta(days=int(rng.integers(1, 8)), hours=int(rng.integers(0, 9)))
    return min(drawn, max(started, data_end - dt.timedelta(hours=1)))
