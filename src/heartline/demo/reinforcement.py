"""Demo step `reinforcement` (after the credentials and auto-QA): the starter boosters, assigned by
their rules four months before the demo's last day and mostly done within days, so "did it help?"
has audits after them; assigned again as of the last day (whom to boost now); and recognitions from
coaches and peers for behaviors the audits saw, in the last two months. Members' praise is left in
the surveys for the coaches to pass on.

The rules read what they read in the product (`quality.selectors.outcomes_with_trusted_auto`): the
human audits, and the answers of the auto-QA items the auto-qa step's model trusts (their agreement
with the auditors on held-out contacts, `quality.auto_qa.trust`) on transcribed contacts no audit
rated. So some boosters are assigned on evidence that includes contacts only auto-QA judged. The
contacts are dated from the contacts table this build made (the warehouse is written after every
step has run).

Cheap by design: one read of the behavior outcomes for both runs of the rules, bulk writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.models import Employee, Role
from heartline.core.scoping import OPERATOR
from heartline.demo.steps import DemoContext
from heartline.learning import services
from heartline.learning.models import Booster, BoosterAssignment, GiverKind, Recognition
from heartline.quality.contracts import BehaviorOutcome
from heartline.quality.selectors import outcomes_with_trusted_auto

EARLIER_RUN_DAYS = 120  # the first run of the rules, before the last day
DONE_SHARE = 0.8  # of boosters assigned then, done within 2–10 days
RECOGNISED_SHARE = 0.3  # of representatives with an audit showing a behavior in the last 60 days
RECENT_DAYS = 60
MESSAGES = {
    "hear-the-member": "Let the member tell the whole story before answering, and recapped it perfectly.",
    "show-empathy": "Named the member's worry about a denied claim before explaining anything.",
    "apologize-and-own": "Owned a mistake that wasn't ours and fixed it on the call.",
    "resolve-first-contact": "Consulted rapid resolution instead of transferring: one and done.",
    "respond-with-a-plan": "Ended with a clear plan: what happens next and by when.",
    "accurate-information": "Checked the new formulary before answering; exactly right.",
    "verify-identity": "Verified identity calmly with a caregiver on the line.",
    "welcome-and-thank": "A warm welcome and a warmer thank-you; the member laughed.",
}


def build_reinforcement(ctx: DemoContext) -> None:
    last_day = ctx.timeline.last_day
    ctx.report(0, 4)
    services.load_starter_boosters(OPERATOR)
    outcomes = outcomes_with_trusted_auto(trusted=_trusted(ctx), contact_times=_contact_times(ctx))

    def source(codes: Sequence[str] | None) -> list[BehaviorOutcome]:
        return outcomes  # one read for both runs; the run keeps the codes it asked about

    earlier = last_day - dt.timedelta(days=EARLIER_RUN_DAYS)
    first = services.assign_boosters(OPERATOR, today=earlier, outcome_source=source)
    ctx.report(1, 4)
    rng = ctx.rng("reinforcement")
    done = []
    for assignment in BoosterAssignment.objects.filter(pk__in=first.assignment_ids).order_by("pk"):
        if rng.random() < DONE_SHARE:
            assignment.completed_on = assignment.assigned_on + dt.timedelta(days=int(rng.integers(2, 11)))
            done.append(assignment)
    BoosterAssignment.objects.bulk_update(done, ["completed_on"])
    ctx.report(2, 4)
    now = services.assign_boosters(OPERATOR, today=last_day, outcome_source=source)
    ctx.report(3, 4)
    recognitions = _recognitions(ctx, outcomes, last_day)
    Recognition.objects.bulk_create(recognitions)
    ctx.counts.update(
        boosters=Booster.objects.count(),
        booster_assignments=len(first.assignment_ids) + len(now.assignment_ids),
        booster_assignments_with_auto_qa_evidence=BoosterAssignment.objects.filter(
            pk__in=[*first.assignment_ids, *now.assignment_ids]
        )
        .exclude(evidence_contact_ids=[])
        .count(),
        boosters_done=len(done),
        recognitions=len(recognitions),
    )
    ctx.report(4, 4)


def _trusted(ctx: DemoContext) -> frozenset[str]:
    """The auto-QA items the auto-qa step's model trusts, by the product's own rule (ItemTrust.status)."""
    trust = ctx.extras.get("auto_qa_trust")
    if not isinstance(trust, dict):
        return frozenset()  # no model was trained: only the audits count
    return frozenset(item for item, measured in trust.items() if measured.status == "trusted")


def _contact_times(ctx: DemoContext) -> Callable[[Iterable[str]], dict[str, dt.datetime]]:
    """When each contact started, from the contacts table this build made (not yet in the warehouse)."""
    contacts = ctx.table(CONTACTS).select(["contact_id", "started_at"])

    def times(contact_ids: Iterable[str]) -> dict[str, dt.datetime]:
        wanted = pa.array(sorted(set(contact_ids)), pa.string())
        found = contacts.filter(pc.is_in(contacts["contact_id"], wanted))
        return dict(zip(found["contact_id"].to_pylist(), found["started_at"].to_pylist(), strict=True))

    return times


def _recognitions(ctx: DemoContext, outcomes: list[BehaviorOutcome], last_day: dt.date) -> list[Recognition]:
    rng = ctx.rng("reinforcement-recognition")
    since = last_day - dt.timedelta(days=RECENT_DAYS)
    shown: dict[str, BehaviorOutcome] = {}
    audited = [o for o in outcomes if o.source != "auto"]  # a recognition points at the audit that saw it
    for o in audited:
        if o.shown and o.behavior_code in MESSAGES and clock.day_of(o.contact_started_at) >= since:
            shown[o.agent_code] = o  # the latest such audit of each agent
    reps = {e.code: e for e in Employee.objects.filter(code__in=list(shown)).select_related("unit", "team")}
    coaches = {e.team_id: e for e in Employee.objects.filter(role=Role.COACH, team__isnull=False).order_by("code")}
    teammates: dict[int | None, list[Employee]] = {}
    for rep in sorted(reps.values(), key=lambda e: e.code):
        teammates.setdefault(rep.team_id, []).append(rep)
    made = []
    for code in sorted(shown):
        person = reps.get(code)
        if person is None or rng.random() >= RECOGNISED_SHARE:
            continue
        o = shown[code]
        peers = [p for p in teammates.get(person.team_id, []) if p.code != code]
        coach = coaches.get(person.team_id)
        peer = peers[int(rng.integers(len(peers)))] if peers and (coach is None or rng.random() < 0.4) else None
        given_on = min(last_day, clock.day_of(o.contact_started_at) + dt.timedelta(days=int(rng.integers(1, 8))))
        made.append(
            Recognition(
                recipient=person,
                unit=person.unit,
                given_by=peer or coach,
                giver_kind=GiverKind.PEER if peer else GiverKind.COACH,
                behavior_code=o.behavior_code,
                message=MESSAGES[o.behavior_code],
                contact_id=o.contact_id,
                audit_id=o.audit_id,
                given_on=given_on,
            )
        )
    return made


def wipe_reinforcement(ctx: DemoContext) -> None:
    """Boosters and their assignments (recognitions go with their people, in the org step's wipe)."""
    from heartline.learning.starter_boosters import STARTER_BOOSTERS

    Booster.objects.filter(code__in=[b.code for b in STARTER_BOOSTERS]).delete()
