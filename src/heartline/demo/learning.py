"""Demo steps for the learning domain: the 16-week program in waves, then credentials from audits.

`training` (runs before the audits) defines the compassion and service-excellence program, deploys
it to the units in waves whose order is NOT random — the units with the weakest baseline call
quality go first (WAVE_ORDER), as a division would choose — enrolls every representative and
draws their completions. It leaves for the audits step, in `context.extras`:

- "training_start_by_agent": {employee code: the day their wave started} — an audit of a contact
  on or after that day is of a trained agent;
- "program_effect_points": PROGRAM_EFFECT_POINTS, the effect the audit generator adds to those
  audits, which the impact page's difference-in-differences should recover;
- "training_wave_order": the unit codes in wave order (weakest baseline first).

`credentials` (runs after the audits) applies the credential rules to the generated audits as of
the demo's last day, through the same service the nightly run uses.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from heartline.core.scoping import OPERATOR
from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext
from heartline.learning import services
from heartline.learning.models import Completion, CredentialType, Enrollment, Program, Wave

PROGRAM_CODE = "heart-16"
CREDENTIAL_CODE = "call-quality"
SCORECARD_CODE = "cqa"  # the demo's Call Quality Audit scorecard (quality's demo step)
CREDENTIAL_THRESHOLD = 85.0
PROGRAM_EFFECT_POINTS = 4.0
# Weakest baseline call quality first (a division puts its program where it is needed most); the
# rapid-resolution team, formed in January, is not trained within the demo's 18 months.
WAVE_ORDER = ("medicaid", "medicare", "commercial-inbound", "pharmacy", "membership-admin", "commercial-outbound")
FIRST_WAVE = dt.date(2025, 8, 4)  # a Monday, three months into the demo's calendar
WAVE_SPACING = dt.timedelta(weeks=8)

COMPONENTS = (
    services.ComponentPlan("heart-hear", "HEART 1: Hear the member's need", "course", 1),
    services.ComponentPlan("heart-empathize", "HEART 2: Empathize", "course", 2),
    services.ComponentPlan("heart-apologize", "HEART 3: Apologize and own it", "course", 3),
    services.ComponentPlan("heart-respond", "HEART 4: Respond with a plan", "course", 4),
    services.ComponentPlan("heart-thank", "HEART 5: Thank the member", "course", 5),
    services.ComponentPlan("heart-one-and-done", "HEART 6: One and done", "course", 6),
    services.ComponentPlan("workshop-voice", "Workshop: what members tell us (NPS, drivers, verbatims)", "workshop", 7),
    services.ComponentPlan("listening-1", "Call listening and coaching 1", "call_listening", 9),
    services.ComponentPlan("listening-2", "Call listening and coaching 2", "call_listening", 12),
    services.ComponentPlan("booster-1", "Booster: the hardest calls", "booster", 14),
    services.ComponentPlan("booster-2", "Booster: keeping it up", "booster", 16),
)
REQUIRED_COURSES = tuple(c.code for c in COMPONENTS if c.kind == "course")
# Chance a person finishes a component at all, and of finishing it late (by 1-21 days).
DONE_SHARE = {"course": 0.96, "workshop": 0.93, "call_listening": 0.9, "booster": 0.82}
LATE_SHARE = 0.12


def wave_starts() -> dict[str, dt.date]:
    return {unit: FIRST_WAVE + i * WAVE_SPACING for i, unit in enumerate(WAVE_ORDER)}


def build_training(ctx: DemoContext) -> None:
    """The program, its waves, enrollments and completions; the training starts for the audits."""
    org = ctx.require_org()
    rng = ctx.rng("learning")
    services.define_program(
        OPERATOR,
        PROGRAM_CODE,
        "Compassion and service excellence",
        16,
        COMPONENTS,
        description="Six HEART microlearning courses, a workshop on what members say, two manager-led "
        "call-listening and coaching sessions, and boosters.",
    )
    starts = wave_starts()
    ctx.report(0, len(starts))
    for done, (unit_code, start) in enumerate(starts.items(), 1):
        services.schedule_wave(OPERATOR, PROGRAM_CODE, unit_code, start)
        ctx.report(done, len(starts))
    services.define_credential_type(
        OPERATOR,
        CREDENTIAL_CODE,
        "Call Quality",
        scorecard_code=SCORECARD_CODE,
        threshold=CREDENTIAL_THRESHOLD,
        program_code=PROGRAM_CODE,
        required_component_codes=REQUIRED_COURSES,
    )
    completions = _draw_completions(rng, ctx.timeline.last_day)
    Completion.objects.bulk_create(completions)
    unit_of_rep = {code: bp.UNITS[int(u)].code for code, u in zip(org.reps.codes, org.reps.unit, strict=True)}
    training_start = {code: starts[unit] for code, unit in unit_of_rep.items() if unit in starts}
    ctx.extras["training_start_by_agent"] = training_start
    ctx.extras["program_effect_points"] = PROGRAM_EFFECT_POINTS
    ctx.extras["training_wave_order"] = WAVE_ORDER
    ctx.counts.update(
        training_waves=len(starts),
        enrollments=Enrollment.objects.filter(wave__program__code=PROGRAM_CODE).count(),
        completions=len(completions),
    )
    ctx.report(len(starts), len(starts))


def _draw_completions(rng: np.random.Generator, last_day: dt.date) -> list[Completion]:
    program = Program.objects.get(code=PROGRAM_CODE)
    components = list(program.components.all())
    chosen = Enrollment.objects.filter(wave__program=program).select_related("wave")
    enrollments = list(chosen.order_by("wave__number", "employee__code"))
    rows = []
    for enrollment in enrollments:
        for component in components:
            if rng.random() >= DONE_SHARE[component.kind]:
                continue
            due = component.due_on(enrollment.wave.starts_on)
            late = rng.random() < LATE_SHARE
            offset = int(rng.integers(1, 22)) if late else -int(rng.integers(0, 7))
            day = due + dt.timedelta(days=offset)
            if day <= last_day:
                rows.append(Completion(enrollment=enrollment, component=component, completed_on=day, source="demo"))
    return rows


def build_credentials(ctx: DemoContext) -> None:
    """Every representative's credential from the generated audits, as of the demo's last day."""

    def progress(done: int, total: int) -> None:
        ctx.report(done, total)

    run = services.recompute_credentials(today=ctx.timeline.last_day, progress=progress)
    for state, n in sorted(run.changes.items()):
        ctx.counts[f"credential_changes_{state}"] = n
    ctx.counts["credential_notifications"] = run.notifications


def wipe_training(ctx: DemoContext) -> None:
    """Remove the demo's program, credential type and any wave on the demo division's units (the
    people's credentials and notifications go with their employee records, in the org step's wipe)."""
    CredentialType.objects.filter(code=CREDENTIAL_CODE).delete()
    Wave.objects.filter(unit__division__code=bp.DIVISION_CODE).delete()
    Program.objects.filter(code=PROGRAM_CODE).delete()


# The "credentials" step (build_credentials) reads the audits, so demo/build.py registers it after
# the quality steps.
