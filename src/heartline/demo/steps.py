"""The ordered registry of demo steps and the context they share.

A step is a named function of a `DemoContext` that builds one part of the plan — the organization,
members, contacts, cases, and in later domains audits, training waves, surveys, articles. Steps run
in registration order; each may also register a `wipe` that removes what it made in the app
database (run in reverse order before a rebuild) and name the warehouse tables it owns (their
folders are removed). A step draws its random numbers from `context.rng(step name)`, a generator
seeded by the demo seed and the step's name, so adding a step never changes another step's data.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from heartline.demo.roster import CaseOpenings, MemberRoster, OrgDirectory
from heartline.demo.sizes import DemoSize
from heartline.demo.timeline import Timeline
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

Reporter = Callable[[str, int, int], None]


class DemoStepError(RuntimeError):
    """A step ran before the step whose output it needs."""


@dataclass
class DemoContext:
    """Everything a step reads and adds to: the size, seed, calendar, warehouse and earlier outputs."""

    seed: int
    size: DemoSize
    warehouse: Warehouse
    timeline: Timeline
    password_hash: str
    reporter: Reporter | None = None
    step_name: str = ""
    reported_total: int = 1
    org: OrgDirectory | None = None
    members: MemberRoster | None = None
    case_openings: CaseOpenings | None = None
    counts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, tuple[TableSpec, pa.Table]] = field(default_factory=dict)
    # What one domain's step leaves for a later one (documented where it is set), e.g.
    # "training_start_by_agent" from the learning step, read by the audits step.
    extras: dict[str, object] = field(default_factory=dict)

    def rng(self, purpose: str) -> np.random.Generator:
        """A generator for `purpose`, fixed by the demo seed and that name alone."""
        return np.random.default_rng([self.seed, zlib.crc32(purpose.encode())])

    def report(self, done: int, total: int) -> None:
        """Tell whoever watches how far the current step has got."""
        self.reported_total = total
        if self.reporter is not None:
            self.reporter(self.step_name, done, total)

    def emit(self, spec: TableSpec, table: pa.Table) -> None:
        """Queue `table` to be written to the warehouse table `spec` once every step has run."""
        self.tables[spec.name] = (spec, table)
        self.counts[spec.name] = table.num_rows

    def table(self, spec: TableSpec) -> pa.Table:
        """A table an earlier step emitted (not yet written)."""
        try:
            return self.tables[spec.name][1]
        except KeyError:
            raise DemoStepError(f"no step has produced the {spec.name!r} table yet") from None

    def require_org(self) -> OrgDirectory:
        if self.org is None:
            raise DemoStepError("the org step has not run")
        return self.org

    def require_members(self) -> MemberRoster:
        if self.members is None:
            raise DemoStepError("the members step has not run")
        return self.members

    def require_case_openings(self) -> CaseOpenings:
        if self.case_openings is None:
            raise DemoStepError("the contacts step has not run")
        return self.case_openings


StepFunction = Callable[[DemoContext], None]


@dataclass(frozen=True)
class DemoStep:
    """A named part of the demo build; `tables` are the warehouse tables it owns and rebuilds."""

    name: str
    build: StepFunction
    wipe: StepFunction | None = None
    tables: tuple[TableSpec, ...] = ()
    unit: str = "stages"


_STEPS: dict[str, DemoStep] = {}
# What the build's own steps (around the registered ones) count.
BUILD_STEP_UNITS = {"wipe": "stages", "move": "tables", "write": "tables", "derive": "stages"}


def register_step(
    name: str,
    build: StepFunction,
    *,
    wipe: StepFunction | None = None,
    tables: tuple[TableSpec, ...] = (),
    unit: str = "stages",
) -> DemoStep:
    """Add a step after those already registered (registering the same name again replaces it in place).

    `unit` names what the step's progress counts (contacts, members, articles…; "stages" for a step
    that reports its own few stages): the progress bar says it, so "3 / 7" is never a mystery."""
    step = DemoStep(name=name, build=build, wipe=wipe, tables=tables, unit=unit)
    _STEPS[name] = step
    return step


def registered_steps() -> tuple[DemoStep, ...]:
    return tuple(_STEPS.values())


def progress_label(step: str) -> str:
    """The progress bar's label for `step`: its name and, when they differ, what it counts
    ("history (tables)", "library (articles)"; "contacts" counts contacts)."""
    unit = _STEPS[step].unit if step in _STEPS else BUILD_STEP_UNITS.get(step, "")
    return step if not unit or unit == step else f"{step} ({unit})"
