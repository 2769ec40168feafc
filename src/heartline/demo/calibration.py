"""Demo step `calibration`: four sessions in which QA analysts and coaches score the same calls blind
against an expert, one coach drifting into line over the year.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db.models import Q

from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext
from heartline.quality import scoring, standard_forms
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    CalibrationContact,
    CalibrationSession,
    ScorecardItem,
    ScorecardVersion,
)

# -- calibration ---------------------------------------------------------------------------------

SESSION_DAYS = (75, 165, 255, 345)  # days after the calendar's start
CONTACTS_PER_SESSION = 8


def build_calibration(ctx: DemoContext) -> None:
    rng = ctx.rng("calibration")
    version = ScorecardVersion.objects.get(scorecard__code=standard_forms.SCORECARD_CODE)
    items = list(ScorecardItem.objects.filter(version=version).order_by("section__position", "position"))
    people = Employee.objects.filter(division__code=bp.DIVISION_CODE)
    qa = list(people.filter(role="qa_analyst").select_related("user").order_by("code"))
    persona_qa = next(e for e in qa if e.user.username == "qa")
    expert = next(e for e in qa if e.pk != persona_qa.pk)
    coaches = list(people.filter(role="coach").select_related("user").order_by("code"))
    persona_coach = next(e for e in coaches if e.user.username == "coach")
    raters = [
        persona_qa,
        *[e for e in qa if e.pk not in (persona_qa.pk, expert.pk)],
        persona_coach,
        *[c for c in coaches if c.pk != persona_coach.pk][: 6 - len(qa) + 1],
    ]
    flip = {r.pk: float(rng.uniform(0.02, 0.07)) for r in raters}
    offset = {r.pk: float(rng.normal(0.0, 0.4)) for r in raters}
    drifting = raters[-1].pk  # a coach new to auditing, coming into line

    table = ctx.table(CONTACTS)
    phone = np.flatnonzero(
        np.asarray(table["channel"].to_numpy(zero_copy_only=False) == "phone")
        & ~np.asarray(table["agent_id"].is_null().to_numpy(zero_copy_only=False))
    )
    started = table["started_at"].cast("int64").to_numpy()
    agents = dict(people.filter(role="agent").values_list("code", "pk"))
    start = ctx.timeline.start
    for s, day in enumerate(SESSION_DAYS):
        held = start + dt.timedelta(days=day)
        before = phone[
            (started[phone] < held.timestamp() * 1e6)
            & (started[phone] > (held - dt.timedelta(days=30)).timestamp() * 1e6)
        ]
        picks = [int(i) for i in rng.choice(before, size=CONTACTS_PER_SESSION, replace=False)]
        session = CalibrationSession.objects.create(
            title=f"Quarterly calibration {s + 1}",
            scorecard_version=version,
            held_on=ctx.timeline.first_day + dt.timedelta(days=day),
            facilitator=persona_qa,
            expert=expert,
            closed_at=held + dt.timedelta(days=3),
        )
        session.participants.set(raters)
        contacts = []
        for p, i in enumerate(picks):
            agent = agents.get(str(table["agent_id"][i]))
            if agent is not None:
                contacts.append(
                    CalibrationContact(
                        session=session,
                        contact_id=str(table["contact_id"][i]),
                        agent_id=agent,
                        contact_started_at=dt.datetime.fromtimestamp(started[i] / 1e6, tz=dt.UTC),
                        position=p,
                    )
                )
        CalibrationContact.objects.bulk_create(contacts)
        truth = {c.contact_id: _true_ratings(rng, items) for c in contacts}
        for rater in (expert, *raters):
            sessions_left = len(SESSION_DAYS) - 1 - s
            extra = sessions_left if rater.pk == drifting else 0
            for contact in contacts:
                ratings = (
                    truth[contact.contact_id]
                    if rater.pk == expert.pk
                    else _rater_ratings(
                        rng,
                        items,
                        truth[contact.contact_id],
                        flip.get(rater.pk, 0.0) + 0.05 * extra,
                        offset.get(rater.pk, 0.0) - 0.35 * extra,
                    )
                )
                _write_score(session, contact, rater, items, ratings, held)
    ctx.counts["calibration_sessions"] = len(SESSION_DAYS)


def _true_ratings(rng: np.random.Generator, items: list[ScorecardItem]) -> list[int | None]:
    quality = float(np.clip(rng.normal(0.78, 0.12), 0.3, 1.0))
    out: list[int | None] = []
    for item in items:
        if item.scale == scoring.ONE_TO_FIVE:
            out.append(int(np.clip(round(1 + 4 * quality + rng.normal(0, 0.5)), 1, 5)))
        elif item.code == "apologize" and rng.random() > 0.4:
            out.append(None)
        else:
            out.append(int(rng.random() < (0.98 if item.critical else min(quality + 0.12, 0.99))))
    return out


def _rater_ratings(
    rng: np.random.Generator, items: list[ScorecardItem], truth: list[int | None], flip: float, offset: float
) -> list[int | None]:
    out: list[int | None] = []
    for item, value in zip(items, truth, strict=True):
        if value is None:
            out.append(None if rng.random() > flip else 1)
        elif item.scale == scoring.ONE_TO_FIVE:
            out.append(int(np.clip(round(value + offset + rng.normal(0, 0.45)), 1, 5)))
        else:
            # Auditors rarely disagree on a critical item (it fails the whole call).
            chance = flip * 0.05 if item.critical else flip
            out.append(1 - value if rng.random() < chance else value)
    return out


def _write_score(
    session: CalibrationSession,
    contact: CalibrationContact,
    rater: Employee,
    items: list[ScorecardItem],
    ratings: list[int | None],
    held: dt.datetime,
) -> None:
    result = scoring.score(
        scoring.ScoredItem(i.code, i.scale, i.weight, i.critical, r) for i, r in zip(items, ratings, strict=True)
    )
    audit = Audit.objects.create(
        scorecard_version=session.scorecard_version,
        purpose="calibration",
        calibration=session,
        contact_id=contact.contact_id,
        contact_started_at=contact.contact_started_at,
        agent_id=contact.agent_id,
        auditor=rater,
        status="completed",
        score=result.score,
        passed_critical=result.passed_critical,
        completed_at=held + dt.timedelta(hours=2),
    )
    AuditAnswer.objects.bulk_create(
        AuditAnswer(audit=audit, item=i, rating=r, not_applicable=r is None)
        for i, r in zip(items, ratings, strict=True)
    )


def wipe_calibration(ctx: DemoContext) -> None:
    CalibrationSession.objects.filter(
        Q(scorecard_version__scorecard__code=standard_forms.SCORECARD_CODE) | Q(expert__division__code=bp.DIVISION_CODE)
    ).delete()
