"""The workshop: one program's (line of business's) member voice on one printable page, for trainers —
NPS with its interval and n, the strategic (key) drivers, redacted verbatims, pain points, and
recommendations generated from the drivers and themes, each pointing to practices in the library.

A **program** is a line of business: Medicare (Parts C and D), Medicaid or Commercial. Its responses
are those of the units whose queues serve only that line (core's `Queue.line_of_business`); units
that serve every line (pharmacy, membership, rapid resolution) count in "All programs" only. The
caller sees the program's units they may see.

**The rule for recommendations** (docs/voice.md, "The workshop"):

1. Strategic drivers: for each key driver of NPS (Johnson's relative weights), its *gap* is the share
   of the program's answers to that item that are not top box (1 − top-box share), and its
   *priority* is its share of R² × its gap. The (up to) `DRIVER_RECOMMENDATIONS` drivers with the
   highest priority are recommended, highest first — "the largest gap with the highest weight".
   Drivers whose weight's 95% interval reaches 0 are left out (not shown to matter).
2. Pain points: the negative-polarity themes, by how many verbatims voice them negatively; the
   (up to) `THEME_RECOMMENDATIONS` largest with at least the minimum n are recommended.
3. Each recommendation names up to `PRACTICES` practices found by the library's own search
   (`library.selectors.search`) for the driver's or theme's words (`PRACTICE_WORDS`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from heartline.core.analytics import remember
from heartline.core.contracts import Caller, Scope
from heartline.core.selectors import phi_redactor, queue_lines_of_business, queue_units
from heartline.library.selectors import search
from heartline.voice.analytics import (
    Period,
    caller_division_code,
    default_period,
    drivers_dict,
    item_scores,
    key_drivers,
    nps_block,
    results_units,
    themes,
    themes_dict,
)
from heartline.voice.scoring import min_responses
from heartline.voice.surveys import DRIVER_CODES

DRIVER_RECOMMENDATIONS = 3
THEME_RECOMMENDATIONS = 2
PRACTICES = 3
QUOTES = 8
ALL_PROGRAMS = "all"


@dataclass(frozen=True)
class Program:
    code: str
    label: str
    lines: tuple[str, ...]  # core LineOfBusiness codes


PROGRAMS: tuple[Program, ...] = (
    Program("medicare", "Medicare", ("medicare_part_c", "medicare_part_d")),
    Program("medicaid", "Medicaid", ("medicaid",)),
    Program("commercial", "Commercial", ("commercial",)),
)
PROGRAM_LABELS = {p.code: p.label for p in PROGRAMS} | {ALL_PROGRAMS: "All programs"}

# The words the library is searched for, per driver item and per theme (a theme not listed: its label).
PRACTICE_WORDS: dict[str, str] = {
    "resolved": "one and done resolve first contact",
    "ease": "easy help member",
    "wait_time": "hold wait callback",
    "courtesy": "courtesy respect upset member",
    "knowledge": "benefits answer explain",
    "clarity": "explain costs bill claim",
    "billing_confusion": "bill premium explain costs",
    "transfers": "transfer handoff one and done",
    "rude_staff": "upset member courtesy deescalating",
    "no_follow_up": "follow up callback one and done",
    "claims_denial": "claim denial explain",
    "id_card": "ID card replacement",
    "language_access": "interpreter language",
    "pharmacy": "pharmacy prior authorization",
    "prior_authorization": "prior authorization",
}


class ProgramNotFoundError(ValueError):
    """No program by that code, or none of its units is one the caller may see."""


def program_units(program: str) -> set[str]:
    """Units whose line-bearing queues all serve `program`'s lines (every unit with queues for "all")."""
    lines = queue_lines_of_business()
    units: dict[str, set[str]] = {}
    for queue, unit in queue_units().items():
        units.setdefault(unit, set()).add(lines.get(queue, ""))
    if program == ALL_PROGRAMS:
        return set(units)
    wanted = next((set(p.lines) for p in PROGRAMS if p.code == program), None)
    if wanted is None:
        raise ProgramNotFoundError(f"no program {program!r}; programs: {', '.join(PROGRAM_LABELS)}")
    return {unit for unit, served in units.items() if served - {""} and served - {""} <= wanted}


def program_choices(caller: Caller) -> list[tuple[str, str]]:
    """(code, label) of the programs with a unit the caller may see, then "All programs"."""
    visible = set(results_units(caller))
    chosen = [(p.code, p.label) for p in PROGRAMS if program_units(p.code) & visible]
    return [*chosen, (ALL_PROGRAMS, PROGRAM_LABELS[ALL_PROGRAMS])]


def workshop(caller: Caller, program: str, period: Period | None = None) -> dict[str, Any]:
    """Everything the workshop page shows for `program`, over the caller's visible units of it."""
    names = results_units(caller)
    units = sorted(program_units(program) & set(names)) if program != ALL_PROGRAMS else sorted(names)
    if not units:
        raise ProgramNotFoundError(f"you may see no unit of the {PROGRAM_LABELS.get(program, program)} program")
    division = caller_division_code(caller) if caller.employee_code else None
    key = ("voice.workshop", program, tuple(units), division, period, min_responses())
    answer = remember(key, lambda: _workshop(program, units, names, division, period))
    answer = copy.deepcopy(answer)
    answer["recommendations"] = recommendations(caller, answer)
    return answer


def _workshop(
    program: str, units: list[str], names: dict[str, str], division: str | None, period: Period | None
) -> dict[str, Any]:
    scope = Scope.of_units(*units)
    period = period or default_period(scope)
    answer: dict[str, Any] = {
        "program": program,
        "program_label": PROGRAM_LABELS[program],
        "units": [{"code": u, "name": names[u]} for u in units],
        "min_n": min_responses(),
        "period": None,
    }
    if period is None:
        return answer
    report = themes_dict(themes(scope, period, phi_redactor(division)), min_responses())
    scores = {s.code: s.as_dict() for s in item_scores(scope, period, DRIVER_CODES)}
    answer.update(
        period={"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()},
        nps=nps_block(scope, period),
        drivers=with_gaps(drivers_dict(*key_drivers(scope, period)), scores),
        pain_points=pain_points(report),
        praise=[t for t in report["themes"] if t["polarity"] == "positive"][:3],
        verbatims=verbatims(report),
        verbatim_count=report["verbatims"],
    )
    return answer


def with_gaps(drivers: dict[str, Any], scores: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each driver with its top-box share (and n), its gap (1 − top box) and its priority (share of R² × gap)."""
    for driver in drivers["drivers"]:
        score = scores.get(driver["name"])
        top = None if score is None else score["top_box"]
        driver["top_box"] = top
        driver["top_box_n"] = 0 if score is None else score["n"]
        driver["gap"] = None if top is None else 1.0 - top
        driver["priority"] = None if top is None else driver["share"] / 100.0 * (1.0 - top)
        driver["shown_to_matter"] = driver["ci_low"] is None or driver["ci_low"] > 0
    return drivers


def pain_points(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Negative themes, most negative verbatims first."""
    negative = [t for t in report["themes"] if t["polarity"] == "negative" and t["negative"]]
    return sorted(negative, key=lambda t: (-t["negative"], t["theme"]))


def verbatims(report: dict[str, Any]) -> list[dict[str, str]]:
    """Up to QUOTES redacted quotes: the pain points' first, then the praise's."""
    ordered = pain_points(report) + [t for t in report["themes"] if t["polarity"] != "negative"]
    quotes: list[dict[str, str]] = []
    seen: set[str] = set()
    for theme in ordered:
        for quote in theme["quotes"]:
            if quote not in seen and len(quotes) < QUOTES:
                seen.add(quote)
                quotes.append({"theme": theme["label"], "polarity": theme["polarity"], "quote": quote})
    return quotes


def practices_for(caller: Caller, words: str) -> list[dict[str, Any]]:
    """Up to PRACTICES library practices for `words` (the library's own search; published articles only)."""
    found = search(caller, words, limit=PRACTICES).found
    return [
        {"title": f.hit.title, "url": reverse("library:article", args=[f.hit.article_id]), "kind": f.hit.kind}
        for f in found
    ]


def recommendations(caller: Caller, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The recommendations of the module's rule, highest priority driver first, then the pain points."""
    if not data.get("period"):
        return []
    label = data["program_label"]
    ranked = [d for d in data["drivers"]["drivers"] if d["priority"] is not None and d["shown_to_matter"]]
    ranked.sort(key=lambda d: (-d["priority"], d["name"]))
    found: list[dict[str, Any]] = []
    for rank, driver in enumerate(ranked[:DRIVER_RECOMMENDATIONS], start=1):
        lead = "The largest gap with the highest weight" if rank == 1 else "Next"
        found.append(
            {
                "kind": "driver",
                "code": driver["name"],
                "text": f"{lead} is '{driver['label']}' in {label}: {driver['share']:.0f}% of what explains NPS, "
                f"and {driver['gap']:.0%} of answers are not top box (n = {driver['top_box_n']:,}).",
                "priority": driver["priority"],
                "practices": practices_for(caller, PRACTICE_WORDS.get(driver["name"], driver["label"])),
            }
        )
    points = [t for t in data["pain_points"] if not t["below_minimum"]][:THEME_RECOMMENDATIONS]
    for theme in points:
        words = PRACTICE_WORDS.get(theme["theme"], theme["label"])  # wait_time: a driver's and a theme's code
        found.append(
            {
                "kind": "theme",
                "code": theme["theme"],
                "text": f"Pain point '{theme['label']}' in {label}: {theme['negative']:,} verbatims voice it "
                f"negatively ({theme['share']:.0%} of verbatims mention it, n = {data['verbatim_count']:,}).",
                "priority": None,
                "practices": practices_for(caller, words),
            }
        )
    return found
