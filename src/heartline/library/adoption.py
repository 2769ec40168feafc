"""Reads of practices spreading: which units adopted a practice and when, the unit's figures for the
metric the practice targets before and after, and adopted ideas proposed to the other units.

The figures come from the existing metric runners (warehouse: `one-and-done` and the other rates,
with the caller's scope applied by the framework) or from audits (`behavior-pass-rate`: the answers
showing the behavior in the unit's completed audits). Before is the WINDOW_DAYS before the adoption
day, after the WINDOW_DAYS from it (up to today); each with its n and 95% interval, and the change
with Newcombe's interval. CAVEAT says what the comparison is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heartline.behaviors.selectors import behavior_titles
from heartline.core import clock
from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import unit_names
from heartline.library.models import Article, PracticeAdoption, TranslationGroup
from heartline.quality.selectors.behavior_rates import behavior_pass_counts
from heartline.stats.proportion_difference import ProportionChange, proportion_change
from heartline.stats.proportions import Share
from heartline.voice.contracts import AdoptedIdea
from heartline.voice.idea_reads import adopted_ideas
from heartline.warehouse.estimates import PROPORTION
from heartline.warehouse.runners import all_runners

WINDOW_DAYS = 90
BEHAVIOR_PASS_RATE = "behavior-pass-rate"  # noqa: S105  (a metric name, not a password)
CAVEAT = (
    "Before and after in the adopting unit only: not a causal effect. Other changes at the same time "
    "(staffing, training, seasons, new benefits) move these figures too, and units that adopt may differ "
    "from those that do not."
)


def proportion_metrics() -> dict[str, str]:
    """Warehouse metrics a practice may target (rates, each with a proportion's interval): name → title."""
    return {r.name: r.title for r in all_runners() if r.estimate is PROPORTION}


@dataclass(frozen=True)
class AdoptionFigures:
    before: Share
    after: Share
    change: ProportionChange | None

    @property
    def change_label(self) -> str:
        return "—" if self.change is None else self.change.label


@dataclass(frozen=True)
class Adoption:
    unit_code: str
    unit_name: str
    site: str
    adopted_on: dt.date
    note: str
    figures: AdoptionFigures | None
    why_no_figures: str  # when figures is None: no target metric, outside your units, not allowed


@dataclass(frozen=True)
class Proposal:
    """An idea adopted in one unit, proposed to the units that have not adopted the practice."""

    idea: AdoptedIdea
    unit_name: str
    proposed_to: tuple[str, ...]  # unit names


@dataclass(frozen=True)
class PracticeSpread:
    key: str
    target_metric: str
    target_label: str  # "One and done (first-contact resolution)", "Audit pass rate: Listen fully"
    adoptions: tuple[Adoption, ...]
    unit_total: int
    not_adopted: tuple[str, ...]  # unit names
    proposals: tuple[Proposal, ...]
    caveat: str = CAVEAT

    @property
    def headline(self) -> str:
        return f"adopted by {len(self.adoptions)} of {self.unit_total} units"


def target_label(group: TranslationGroup) -> str:
    if group.target_metric == BEHAVIOR_PASS_RATE:
        code = group.target_behavior_code
        return f"Audit pass rate: {behavior_titles([code]).get(code, code)}"
    if group.target_metric:
        return proportion_metrics().get(group.target_metric, group.target_metric)
    return ""


def _warehouse_counts(caller: Caller, metric: str, unit_code: str, start: dt.date, end: dt.date) -> tuple[int, int]:
    query = build_query(metric, by=["unit"], start=start, end=end, filters={"unit": [unit_code]})
    rows = [r for r in run_metric(caller, metric, query).rows if r.get("unit") == unit_code]
    if not rows or rows[0].get("denominator") is None:
        return (0, 0)
    return (int(rows[0]["numerator"] or 0), int(rows[0]["denominator"] or 0))


def _counts(caller: Caller, group: TranslationGroup, unit_code: str, start: dt.date, end: dt.date) -> tuple[int, int]:
    if group.target_metric == BEHAVIOR_PASS_RATE:
        code = group.target_behavior_code
        found = behavior_pass_counts(caller, [code], start=start, end=end, unit_codes=[unit_code]).get(code)
        return (found.shown, found.rated) if found else (0, 0)
    return _warehouse_counts(caller, group.target_metric, unit_code, start, end)


def adoption_figures(
    caller: Caller, group: TranslationGroup, unit_code: str, adopted_on: dt.date, today: dt.date
) -> AdoptionFigures:
    before = _counts(
        caller, group, unit_code, adopted_on - dt.timedelta(days=WINDOW_DAYS), adopted_on - dt.timedelta(days=1)
    )
    after_end = min(today, adopted_on + dt.timedelta(days=WINDOW_DAYS - 1))
    after = _counts(caller, group, unit_code, adopted_on, after_end) if after_end >= adopted_on else (0, 0)
    change = proportion_change(before[0], before[1], after[0], after[1]) if before[1] and after[1] else None
    return AdoptionFigures(Share.of(*before), Share.of(*after), change)


def _why_not(caller: Caller, group: TranslationGroup, unit_code: str) -> str:
    if not caller.can(Capability.READ_PRACTICE_SPREAD):
        return ""  # figures are for those who read units' results
    if not group.target_metric:
        return "no target metric set for this practice"
    if not caller.scope.unrestricted and unit_code not in caller.scope.unit_codes:
        return "outside your units"
    return ""


def practice_spread(
    caller: Caller, group: TranslationGroup, idea_refs: list[str], today: dt.date | None = None
) -> PracticeSpread:
    """Where the practice spread, what changed in each unit, and its adopted ideas proposed to the others."""
    today = today or clock.today()
    units = unit_names(OPERATOR)  # unit names are no secret; the denominator is every unit
    found = list(PracticeAdoption.objects.filter(group=group).order_by("adopted_on", "unit_code"))
    adoptions = []
    for a in found:
        why = _why_not(caller, group, a.unit_code)
        show = caller.can(Capability.READ_PRACTICE_SPREAD) and not why
        adoptions.append(
            Adoption(
                unit_code=a.unit_code,
                unit_name=units.get(a.unit_code, a.unit_code),
                site=a.site,
                adopted_on=a.adopted_on,
                note=a.note,
                figures=adoption_figures(caller, group, a.unit_code, a.adopted_on, today) if show else None,
                why_no_figures=why,
            )
        )
    adopted = {a.unit_code for a in found}
    others = sorted(code for code in units if code not in adopted)
    proposals = tuple(
        Proposal(
            idea=idea,
            unit_name=units.get(idea.unit_code, idea.unit_code or "the division"),
            proposed_to=tuple(units[c] for c in others if c != idea.unit_code),
        )
        for idea in (adopted_ideas(caller, idea_refs) if idea_refs else [])
    )
    return PracticeSpread(
        key=group.key,
        target_metric=group.target_metric,
        target_label=target_label(group),
        adoptions=tuple(adoptions),
        unit_total=len(units),
        not_adopted=tuple(units[c] for c in others),
        proposals=proposals,
    )


@dataclass(frozen=True)
class UnitSpreading:
    """What has spread to a unit and what is proposed to it."""

    unit_code: str
    unit_name: str
    adopted: tuple[tuple[int, str, dt.date], ...]  # (article id, title, adopted on)
    practices: tuple[tuple[int, str, int], ...]  # every published practice: (article id, title, units adopted)
    unit_total: int
    proposed: tuple[AdoptedIdea, ...]  # ideas adopted in other units
    proposed_from: tuple[str, ...] = ()  # the name of the unit that adopted each proposed idea, in order


def published_practices() -> list[Article]:
    """Every published practice, in the language it was written in (one per practice), by title."""
    articles = Article.objects.filter(kind="practice", live__isnull=False).select_related("group", "live")
    return sorted((a for a in articles if a.language == a.group.source_language), key=lambda a: a.title)


def unit_spreading(caller: Caller, unit_code: str) -> UnitSpreading | None:
    """The practices a unit adopted, how far each practice spread, and the ideas other units adopted
    (proposed to this one); None for no such unit."""
    units = unit_names(OPERATOR)
    if unit_code not in units:
        return None
    practices = published_practices()
    proposed = tuple(i for i in adopted_ideas(caller) if i.unit_code and i.unit_code != unit_code)
    counts: dict[int, int] = {}
    mine: dict[int, dt.date] = {}
    for a in PracticeAdoption.objects.all():
        counts[a.group_id] = counts.get(a.group_id, 0) + 1
        if a.unit_code == unit_code:
            mine[a.group_id] = a.adopted_on
    return UnitSpreading(
        unit_code=unit_code,
        unit_name=units.get(unit_code, unit_code),
        adopted=tuple((p.pk, p.title, mine[p.group_id]) for p in practices if p.group_id in mine),
        practices=tuple((p.pk, p.title, counts.get(p.group_id, 0)) for p in practices),
        unit_total=len(units),
        proposed=proposed,
        proposed_from=tuple(units.get(i.unit_code, i.unit_code) for i in proposed),
    )
