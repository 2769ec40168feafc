"""Build the demo health plan: `build_demo(size, seed)` — the one entry point the CLI and tests use.

The build wipes what an earlier demo made (its division, staff and logins, members, and the
warehouse tables its steps own), runs every registered step in order inside one app-database
transaction, then writes the tables the steps produced to the warehouse with `write_batch`. The same
size and seed always give the same organization, members, contacts and cases: the calendar is
fixed and every step draws from a generator seeded by the demo seed and the step's name.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from rich.progress import Progress

from heartline.compliance.tables import TEST_CALLS
from heartline.contacts.tables import CASES, CONTACTS
from heartline.core import clock
from heartline.demo import behaviors, calibration, coaching, learning, library, quality, reinforcement, voice
from heartline.demo.auto_qa import build_auto_qa, wipe_auto_qa
from heartline.demo.campaigns import build_campaigns, wipe_campaigns
from heartline.demo.cases import build_cases
from heartline.demo.contacts import build_contacts
from heartline.demo.decision_clocks import build_decision_clocks
from heartline.demo.disenrollment import build_disenrollment
from heartline.demo.follow_ups import build_follow_ups, wipe_follow_ups
from heartline.demo.history import build_history
from heartline.demo.leaders import build_leader_follow_ups, wipe_leader_follow_ups
from heartline.demo.live import move_demo, weeks_to_move
from heartline.demo.member_details import build_coverage, wipe_coverage
from heartline.demo.member_reach import build_member_reach, wipe_member_reach
from heartline.demo.members import build_members, wipe_members
from heartline.demo.org import PERSONAS, build_org, wipe_org
from heartline.demo.progress import as_reporter
from heartline.demo.sizes import SIZES, size_named
from heartline.demo.spreading import build_practice_spread, wipe_practice_spread
from heartline.demo.staffing_plan import build_staffing_plan
from heartline.demo.steps import DemoContext, Reporter, StepFunction, register_step, registered_steps
from heartline.demo.test_calls import build_test_calls
from heartline.demo.timeline import Timeline
from heartline.demo.transcripts import build_transcripts, wipe_transcripts
from heartline.demo.voice_benchmarks import build_benchmarks
from heartline.insights.campaign_outcomes import CAMPAIGN_OUTCOMES
from heartline.members.tables import HISTORY_TABLES
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.voice.benchmarks import VOICE_BENCHMARKS
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.derived import refresh_stale
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from heartline.workforce.staffing_plan import STAFFING_PLAN

__all__ = ["PERSONAS", "SIZES", "DemoSummary", "build_demo", "wipe_demo"]

MOVE_STEP = "move"
WRITE_STEP = "write"
DERIVE_STEP = "derive"
WIPE_STEP = "wipe"

# Every step, in the order it runs (each later domain's module only defines its steps):
# organization, members, contacts and cases; members' coverage periods, consent and preferences (some
# changed on their calls) and their claims, visits, conditions and fills (denials lead to calls);
# training waves (audits depend on them); surveys
# (risk-weighted audit sampling reads low scores); behaviors and audits, calibration, coaching;
# credentials (they read the audits); then the practice library, test calls, and transcripts of the
# audited calls and a share of the others (they read the members' names the coverage step gave them,
# and plant what each audit found); auto-QA trained on them and scoring every one; then the boosters,
# whose rules read the audits and the answers of the auto-QA items that earned trust.
register_step("org", build_org, wipe=wipe_org, unit="staff")
register_step("members", build_members, wipe=wipe_members, unit="members")
register_step("contacts", build_contacts, tables=(CONTACTS,), unit="contacts")
register_step("cases", build_cases, tables=(CASES,), unit="cases")
register_step("decision_clocks", build_decision_clocks, unit="cases")
register_step("coverage", build_coverage, wipe=wipe_coverage)
register_step("member_reach", build_member_reach, wipe=wipe_member_reach)
register_step("history", build_history, tables=HISTORY_TABLES, unit="tables")
# Insights: members leave after denied claims and repeat calls (the signal the risk models find).
register_step("disenrollment", build_disenrollment, unit="months")
register_step("training", learning.build_training, wipe=learning.wipe_training, unit="waves")
register_step("surveys", voice.build_voice, wipe=voice.wipe_surveys, tables=(SURVEY_RESPONSES,), unit="responses")
register_step("follow-ups", build_follow_ups, wipe=wipe_follow_ups)
register_step("behaviors", behaviors.build_behaviors, wipe=behaviors.wipe_behaviors)
register_step("audits", quality.build_audits, wipe=quality.wipe_audits)
register_step("calibration", calibration.build_calibration, wipe=calibration.wipe_calibration)
register_step("coaching", coaching.build_coaching, wipe=coaching.wipe_coaching)
register_step("leader-follow-ups", build_leader_follow_ups, wipe=wipe_leader_follow_ups)
register_step("credentials", learning.build_credentials, unit="people")
register_step("library", library.build_library, wipe=library.wipe_library, unit="articles")
register_step("practice-spread", build_practice_spread, wipe=wipe_practice_spread)
register_step("test-calls", build_test_calls, tables=(TEST_CALLS,))
register_step("transcripts", build_transcripts, wipe=wipe_transcripts, tables=(TRANSCRIPTS,), unit="transcripts")
register_step("auto-qa", build_auto_qa, wipe=wipe_auto_qa)
# Boosters follow the audits and the trusted auto-QA answers alike, so they come after auto-QA.
register_step("reinforcement", reinforcement.build_reinforcement, wipe=reinforcement.wipe_reinforcement)
register_step("staffing-plan", build_staffing_plan, tables=(STAFFING_PLAN,))
register_step("benchmarks", build_benchmarks, tables=(VOICE_BENCHMARKS,))
register_step("campaigns", build_campaigns, wipe=wipe_campaigns, tables=(CAMPAIGN_OUTCOMES,), unit="stages")


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` built: the size and seed, row counts, time taken and who can sign in.

    `counts` holds every count a step recorded (units, teams, employees, members, contacts, cases
    and whatever later steps add); `step_seconds` the time each step took.
    """

    size: str
    seed: int
    units: int
    teams: int
    employees: int
    members: int
    contacts: int
    cases: int
    elapsed_seconds: float
    personas: tuple[str, ...]
    first_day: dt.date | None = None  # the calendar the data cover, after any move
    last_day: dt.date | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    step_seconds: Mapping[str, float] = field(default_factory=dict)


class NotADemoError(RuntimeError):
    """The data folder holds data the demo did not make, which a build would wipe."""


DEMO_MARKER = "DEMO"


def ensure_demo_home(warehouse: Warehouse) -> None:
    """Refuse to build over real data: only people of the demo's division, and warehouse facts only
    in a warehouse a demo wrote (it leaves a DEMO marker), may be replaced."""
    from heartline.core.models import Employee
    from heartline.demo.blueprint import DIVISION_CODE

    has_people = Employee.objects.exclude(division__code=DIVISION_CODE).exists()
    has_facts = not (warehouse.root / DEMO_MARKER).exists() and any(
        warehouse.parquet_files(spec) for step in registered_steps() for spec in step.tables
    )
    if has_people or has_facts:
        raise NotADemoError(
            f"{warehouse.root.parent} holds data the demo did not make ("
            + ", ".join(w for w, present in (("employees", has_people), ("warehouse facts", has_facts)) if present)
            + "). A demo build replaces the organization and the contacts wholesale: point HEARTLINE_HOME at an "
            "empty folder, or pass --force to replace this data."
        )


def build_demo(
    size: str = "standard",
    seed: int = 2026,
    warehouse: Warehouse | None = None,
    progress: Reporter | Progress | None = None,
    force: bool = False,
    ends: dt.date | None = None,
) -> DemoSummary:
    """Replace any earlier demo with a fresh one of `size` ("small", "standard", "large") from `seed`.

    `warehouse` defaults to `Warehouse.default()`. `progress`, when given, is either a callable
    `progress(step, done, total)` — called with the step name ("wipe", "org", "members", "contacts",
    "cases", "write", …), how much of it is done and its total, first with done=0 and last with
    done=total — or a `rich.progress.Progress`, which gets one task per step. Persona logins use
    settings.HEARTLINE_DEMO_PASSWORD. Raises ValueError for an unknown size, and NotADemoError
    when the data folder holds data the demo did not make (unless `force`).

    `ends`, when given, makes the demo live: built on the fixed calendar, then every date it made moved
    by whole weeks so the data end on a day of the week before `ends` (demo/live.py). Without it the
    data end on the calendar's fixed last day, as tests need.
    """
    started = time.perf_counter()
    began = clock.now()
    demo_size = size_named(size)
    ctx = DemoContext(
        seed=seed,
        size=demo_size,
        warehouse=warehouse or Warehouse.default(),
        timeline=Timeline(),
        password_hash=make_password(settings.HEARTLINE_DEMO_PASSWORD),
        reporter=as_reporter(progress),
    )
    if not force:
        ensure_demo_home(ctx.warehouse)
    steps = registered_steps()
    step_seconds: dict[str, float] = {}
    with transaction.atomic():
        _timed(ctx, WIPE_STEP, step_seconds, _wipe)
        for step in steps:
            _timed(ctx, step.name, step_seconds, step.build)
        weeks = 0 if ends is None else weeks_to_move(ends, ctx.timeline.last_day)
        if weeks:
            _timed(ctx, MOVE_STEP, step_seconds, lambda moving: move_demo(moving, weeks, since=began))
        _timed(ctx, WRITE_STEP, step_seconds, _write)
        _timed(ctx, DERIVE_STEP, step_seconds, _derive)
    moved = dt.timedelta(weeks=weeks)
    first_day, last_day = ctx.timeline.first_day + moved, ctx.timeline.last_day + moved
    (ctx.warehouse.root / DEMO_MARKER).write_text(
        f"Heartline demo plan: size {demo_size.name}, seed {seed}, data from {first_day} to {last_day}\n"
    )
    counts = dict(ctx.counts)
    return DemoSummary(
        size=demo_size.name,
        seed=seed,
        units=counts.get("units", 0),
        teams=counts.get("teams", 0),
        employees=counts.get("employees", 0),
        members=counts.get("members", 0),
        contacts=counts.get(CONTACTS.name, 0),
        cases=counts.get(CASES.name, 0),
        elapsed_seconds=time.perf_counter() - started,
        personas=tuple(PERSONAS),
        first_day=first_day,
        last_day=last_day,
        counts=counts,
        step_seconds=step_seconds,
    )


def wipe_demo(warehouse: Warehouse | None = None) -> None:
    """Remove everything a demo build made (app-database rows and warehouse tables), in one transaction."""
    ctx = DemoContext(
        seed=0,
        size=size_named("small"),
        warehouse=warehouse or Warehouse.default(),
        timeline=Timeline(),
        password_hash="",
    )
    with transaction.atomic():
        _wipe(ctx)


def _timed(ctx: DemoContext, name: str, seconds: dict[str, float], run: StepFunction) -> None:
    ctx.step_name = name
    ctx.report(0, 1)
    began = time.perf_counter()
    run(ctx)
    seconds[name] = round(time.perf_counter() - began, 3)
    ctx.report(ctx.reported_total, ctx.reported_total)


def _wipe(ctx: DemoContext) -> None:
    """Remove an earlier demo: each step's app-database rows (last step first) and warehouse tables."""
    steps = registered_steps()
    for step in reversed(steps):
        if step.wipe is not None:
            step.wipe(ctx)
    for step in steps:
        for spec in step.tables:
            shutil.rmtree(ctx.warehouse.path(spec), ignore_errors=True)


def _derive(ctx: DemoContext) -> None:
    """Build the derived tables (contact follow-ups) from what was just written."""
    ctx.report(0, 1)
    refresh_stale(ctx.warehouse)
    ctx.report(1, 1)


def _write(ctx: DemoContext) -> None:
    tables = list(ctx.tables.values())
    for done, (spec, table) in enumerate(tables):
        ctx.report(done, len(tables))
        write_batch(ctx.warehouse, spec, table, source=f"demo:{ctx.size.name}:{ctx.seed}")
    ctx.report(len(tables), len(tables))
