"""Demo step `behaviors`: the division's values and behaviors (behaviors.starter_catalog), unit
wordings that change over the calendar, and rehearsal sessions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from heartline.behaviors import starter_catalog
from heartline.behaviors.models import Behavior, BehaviorWording, RehearsalSession, Value
from heartline.core.models import Employee, Unit
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext

# -- behaviors ---------------------------------------------------------------------------------


def build_behaviors(ctx: DemoContext) -> None:
    """The division's values as behaviors, unit wordings over time, and rehearsal sessions."""
    from heartline.core.models import Division

    division = Division.objects.get(code=bp.DIVISION_CODE)
    start = ctx.timeline.start
    by_code: dict[str, Behavior] = {}
    wordings = []
    for v, (code, name, description, front, lead) in enumerate(starter_catalog.VALUES):
        value = Value.objects.create(division=division, code=code, name=name, description=description, position=v)
        for kind, behaviors in (("front_line", front), ("leadership", lead)):
            for p, (b_code, title, text, looks, not_looks) in enumerate(behaviors):
                behavior = Behavior.objects.create(value=value, code=b_code, kind=kind, position=p)
                by_code[b_code] = behavior
                wordings.append(
                    BehaviorWording(
                        behavior=behavior,
                        unit=None,
                        version=1,
                        title=title,
                        description=text,
                        looks_like="\n".join(looks),
                        does_not_look_like="\n".join(not_looks),
                        effective_from=start,
                        note="Task force: values into behaviors",
                    )
                )
    units = {u.code: u for u in Unit.objects.filter(division=division)}
    versions: dict[tuple[str, str], int] = defaultdict(int)
    for unit, b_code, title, looks, months in starter_catalog.UNIT_WORDINGS:
        versions[(unit, b_code)] += 1
        base = next(w for w in wordings if w.behavior.code == b_code)
        wordings.append(
            BehaviorWording(
                behavior=by_code[b_code],
                unit=units[unit],
                version=versions[(unit, b_code)],
                title=title,
                description=base.description,
                looks_like="\n".join(looks),
                does_not_look_like=base.does_not_look_like,
                effective_from=start + dt.timedelta(days=30 * months),
                note=f"{units[unit].name} managers' adaptation",
            )
        )
    BehaviorWording.objects.bulk_create(wordings)
    through = Behavior.reinforced_by.through
    through.objects.bulk_create(
        through(from_behavior_id=by_code[f].pk, to_behavior_id=by_code[t].pk)
        for f, ts in starter_catalog.REINFORCED_BY.items()
        for t in ts
    )
    _rehearsals(ctx, units, by_code)
    ctx.counts.update(behaviors=len(by_code), behavior_wordings=len(wordings))


def _rehearsals(ctx: DemoContext, units: dict[str, Unit], behaviors: dict[str, Behavior]) -> None:
    rng = ctx.rng("rehearsals")
    front = [b for b in behaviors.values() if b.kind == "front_line"]
    agents: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id in Employee.objects.filter(role="agent", unit__in=units.values()).values_list("pk", "unit_id"):
        agents[unit_id].append(pk)
    coaches = dict(Employee.objects.filter(role="coach", unit__in=units.values()).values_list("unit_id", "pk"))
    for unit in units.values():
        for week in (3, 6):
            session = RehearsalSession.objects.create(
                unit=unit,
                held_on=ctx.timeline.first_day + dt.timedelta(weeks=week, days=int(rng.integers(0, 4))),
                facilitator_id=coaches.get(unit.pk),
                notes="Reviewed the behaviors in small groups; role-played two calls.",
            )
            picks = rng.choice(len(front), size=3, replace=False)
            session.behaviors.set([front[int(i)] for i in picks])
            pool = agents.get(unit.pk, [])
            session.attendees.set(
                [pool[int(i)] for i in rng.choice(len(pool), size=min(12, len(pool)), replace=False)] if pool else []
            )


def wipe_behaviors(ctx: DemoContext) -> None:
    RehearsalSession.objects.filter(unit__division__code=bp.DIVISION_CODE).delete()
    Value.objects.filter(division__code=bp.DIVISION_CODE).delete()


# -- scorecards and audits ----------------------------------------------------------------------
