"""Demo steps after the audits: calibration sessions and coaching (front line and leadership).

Calibration: four sessions a quarter apart; in each, an expert QA analyst and six auditors (QA
analysts and coaches, the personas among them) score the same eight calls blind. Every auditor has a
habit — how often they flip a yes/no item, how far off their 1-5 ratings run — and one coach starts
far off and comes into line session by session, which the drift table shows.

Coaching: each representative's team coach holds a session about every two months on the behaviors
missed in that month's audits (audits discussed, commitments, a follow-up two weeks later);
managers coach their coaches on the leadership behaviors every quarter. Follow-ups are recorded
except in the last weeks of the calendar, which stay open — overdue by now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from django.db.models import Q

from heartline.behaviors.models import Behavior
from heartline.coaching.models import CoachingSession
from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee
from heartline.demo import blueprint as bp
from heartline.demo import quality_catalog as catalog
from heartline.demo.steps import DemoContext, register_step
from heartline.quality import scoring
from heartline.quality.models import Audit, AuditAnswer, CalibrationContact, CalibrationSession, ScorecardItem, ScorecardVersion

SESSION_DAYS = (75, 165, 255, 345)  # days after the calendar's start
CONTACTS_PER_SESSION = 8
COMMITMENTS = (
    "Recap the member's need before answering",
    "Open a rapid-resolution consult before any transfer",
    "Say what happens next and by when",
    "Acknowledge the worry before the policy",
    "Verify two identifiers before any claim detail",
)


def build_calibration(ctx: DemoContext) -> None:
    rng = ctx.rng("calibration")
    version = ScorecardVersion.objects.get(scorecard__code=catalog.SCORECARD_CODE)
    items = list(ScorecardItem.objects.filter(version=version).order_by("section__position", "position"))
    people = Employee.objects.filter(division__code=bp.DIVISION_CODE)
    qa = list(people.filter(role="qa_analyst").select_related("user").order_by("code"))
    persona_qa = next(e for e in qa if e.user.username == "qa")
    expert = next(e for e in qa if e.pk != persona_qa.pk)
    coaches = list(people.filter(role="coach").select_related("user").order_by("code"))
    persona_coach = next(e for e in coaches if e.user.username == "coach")
    raters = [persona_qa, *[e for e in qa if e.pk not in (persona_qa.pk, expert.pk)], persona_coach,
              *[c for c in coaches if c.pk != persona_coach.pk][:6 - len(qa) + 1]]
    flip = {r.pk: float(rng.uniform(0.02, 0.07)) for r in raters}
    offset = {r.pk: float(rng.normal(0.0, 0.4)) for r in raters}
    drifting = raters[-1].pk  # a coach new to auditing, coming into line

    table = ctx.table(CONTACTS)
    phone = np.flatnonzero(np.asarray(table["channel"].to_numpy(zero_copy_only=False) == "phone")
                           & ~np.asarray(table["agent_id"].is_null().to_numpy(zero_copy_only=False)))
    started = table["started_at"].cast("int64").to_numpy()
    agents = dict(people.filter(role="agent").values_list("code", "pk"))
    start = dt.datetime.combine(ctx.timeline.first_day, dt.time(), tzinfo=dt.UTC)
    for s, day in enumerate(SESSION_DAYS):
        held = start + dt.timedelta(days=day)
        before = phone[(started[phone] < held.timestamp() * 1e6) & (started[phone] > (held - dt.timedelta(days=30)).timestamp() * 1e6)]
        picks = [int(i) for i in rng.choice(before, size=CONTACTS_PER_SESSION, replace=False)]
        session = CalibrationSession.objects.create(
            title=f"Quarterly calibration {s + 1}", scorecard_version=version, held_on=held.date(), facilitator=persona_qa,
            expert=expert, closed_at=held + dt.timedelta(days=3),
        )
        session.participants.set(raters)
        contacts = []
        for p, i in enumerate(picks):
            agent = agents.get(str(table["agent_id"][i]))
            if agent is not None:
                contacts.append(CalibrationContact(session=session, contact_id=str(table["contact_id"][i]), agent_id=agent,
                                                   contact_started_at=dt.datetime.fromtimestamp(started[i] / 1e6, tz=dt.UTC), position=p))
        CalibrationContact.objects.bulk_create(contacts)
        truth = {c.contact_id: _true_ratings(rng, items) for c in contacts}
        for rater in (expert, *raters):
            sessions_left = len(SESSION_DAYS) - 1 - s
            extra = sessions_left if rater.pk == drifting else 0
            for contact in contacts:
                ratings = truth[contact.contact_id] if rater.pk == expert.pk else _rater_ratings(
                    rng, items, truth[contact.contact_id], flip.get(rater.pk, 0.0) + 0.05 * extra, offset.get(rater.pk, 0.0) - 0.35 * extra)
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


def _rater_ratings(rng: np.random.Generator, items: list[ScorecardItem], truth: list[int | None], flip: float,
                   offset: float) -> list[int | None]:
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


def _write_score(session: CalibrationSession, contact: CalibrationContact, rater: Employee, items: list[ScorecardItem],
                 ratings: list[int | None], held: dt.datetime) -> None:
    result = scoring.score(scoring.ScoredItem(i.code, i.scale, i.weight, i.critical, r) for i, r in zip(items, ratings, strict=True))
    audit = Audit.objects.create(
        scorecard_version=session.scorecard_version, purpose="calibration", calibration=session, contact_id=contact.contact_id,
        contact_started_at=contact.contact_started_at, agent_id=contact.agent_id, auditor=rater, status="completed",
        score=result.score, passed_critical=result.passed_critical, completed_at=held + dt.timedelta(hours=2),
    )
    AuditAnswer.objects.bulk_create(
        AuditAnswer(audit=audit, item=i, rating=r, not_applicable=r is None) for i, r in zip(items, ratings, strict=True)
    )


def wipe_calibration(ctx: DemoContext) -> None:
    CalibrationSession.objects.filter(
        Q(scorecard_version__scorecard__code=catalog.SCORECARD_CODE) | Q(expert__division__code=bp.DIVISION_CODE)
    ).delete()


# -- coaching ------------------------------------------------------------------------------------


def build_coaching(ctx: DemoContext) -> None:
    rng = ctx.rng("coaching")
    last_day = ctx.timeline.last_day
    people = Employee.objects.filter(division__code=bp.DIVISION_CODE)
    coach_of_team = dict(people.filter(role="coach").values_list("team_id", "pk"))
    team_of_agent = dict(people.filter(role="agent").values_list("pk", "team_id"))
    missed: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)  # (agent, month) -> (audit, behavior)
    answers = AuditAnswer.objects.filter(audit__purpose="production", audit__agent__division__code=bp.DIVISION_CODE,
                                         item__behavior__isnull=False).filter(
        Q(item__scale="yes_no_na", rating=0) | Q(item__scale="one_to_five", rating__lte=3))
    for agent, started, audit, behavior in answers.values_list("audit__agent_id", "audit__contact_started_at", "audit_id", "item__behavior_id"):
        missed[(agent, started.strftime("%Y-%m"))].append((audit, behavior))
    front = dict(Behavior.objects.filter(kind="front_line").values_list("pk", "code"))
    leadership = list(Behavior.objects.filter(kind="leadership").values_list("pk", flat=True))
    sessions: list[CoachingSession] = []
    focus: list[list[int]] = []
    discussed: list[list[int]] = []
    months = sorted({m for _, m in missed})
    for agent, team in sorted(team_of_agent.items()):
        coach = coach_of_team.get(team)
        if coach is None:
            continue
        for m_index, month in enumerate(months):
            if (m_index + agent) % 2:
                continue
            found = missed.get((agent, month), [])
            counts: dict[int, int] = defaultdict(int)
            for _, behavior in found:
                counts[behavior] += 1
            chosen = sorted(counts, key=lambda b: -counts[b])[:2] or [int(rng.choice(list(front)))]
            first = dt.date.fromisoformat(f"{month}-01")
            held = min(first + dt.timedelta(days=int(rng.integers(10, 27))), last_day)
            sessions.append(_session(rng, coach, agent, "front_line", held, last_day,
                                     "Listened to two calls together; " + ", ".join(front[b] for b in chosen) + "."))
            focus.append(chosen)
            discussed.append(sorted({a for a, _ in found})[:2])
    managers = dict(people.filter(role="manager").values_list("unit_id", "pk"))
    for coach, unit in people.filter(role="coach").values_list("pk", "unit_id"):
        for quarter in range(0, len(months), 3):
            first = dt.date.fromisoformat(f"{months[quarter]}-01")
            held = min(first + dt.timedelta(days=int(rng.integers(5, 25))), last_day)
            if unit in managers:
                sessions.append(_session(rng, managers[unit], coach, "leadership", held, last_day,
                                         "Reviewed the team's audits and how the coach follows up."))
                focus.append([int(rng.choice(leadership))])
                discussed.append([])
    CoachingSession.objects.bulk_create(sessions, batch_size=2000)
    focus_through = CoachingSession.focus_behaviors.through
    focus_through.objects.bulk_create(
        (focus_through(coachingsession_id=s.pk, behavior_id=b) for s, bs in zip(sessions, focus, strict=True) for b in bs), batch_size=5000)
    audits_through = CoachingSession.audits.through
    audits_through.objects.bulk_create(
        (audits_through(coachingsession_id=s.pk, audit_id=a) for s, a_ids in zip(sessions, discussed, strict=True) for a in a_ids),
        batch_size=5000)
    ctx.counts["coaching_sessions"] = len(sessions)


def _session(rng: np.random.Generator, coach: int, coachee: int, level: str, held: dt.date, last_day: dt.date, notes: str) -> CoachingSession:
    follow_up = held + dt.timedelta(days=14)
    done = follow_up < last_day - dt.timedelta(days=21) and rng.random() < 0.95
    return CoachingSession(
        coach_id=coach, coachee_id=coachee, level=level, held_on=held, notes=notes,
        commitments=COMMITMENTS[int(rng.integers(len(COMMITMENTS)))], follow_up_on=follow_up,
        followed_up_on=follow_up + dt.timedelta(days=int(rng.integers(0, 4))) if done else None,
        follow_up_notes="Listened to a call together; the commitment is holding." if done else "",
    )


def wipe_coaching(ctx: DemoContext) -> None:
    CoachingSession.objects.filter(coachee__division__code=bp.DIVISION_CODE).delete()


register_step("calibration", build_calibration, wipe=wipe_calibration)
register_step("coaching", build_coaching, wipe=wipe_coaching)
