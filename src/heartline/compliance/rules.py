"""Decision-clock rules as data: which regulation sets the deadline for which kind of case.

A ruleset is a TOML file (`rulesets/federal.toml` ships with Heartline: the federal clocks in force
for 2026, each with its citation). A case is judged by the one rule whose line of business,
category, priority and request kind match it and whose effective period holds the day it was
received (in the plan's time zone). Rules are checked when loaded: overlapping periods for the same
kind of case, unknown units or missing citations refuse the whole ruleset, naming the rule.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from heartline.contacts.tables import CASE_CATEGORIES as CATEGORIES
from heartline.contacts.tables import CASE_REQUESTS as REQUESTS
from heartline.contacts.tables import LINES_OF_BUSINESS, PRIORITIES

RULESETS = Path(__file__).parent / "rulesets"

UNITS = ("hours", "days")


class RulesetError(ValueError):
    """A ruleset file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class ClockRule:
    """How long a plan has to decide and notify for one kind of case, from when to when."""

    code: str
    name: str
    line_of_business: str
    category: str
    priority: str
    request: str  # one of REQUESTS, or "any"
    limit: int
    unit: str  # "hours" or "days"
    max_extension_days: int
    citation: str
    effective_from: dt.date
    effective_to: dt.date | None = None  # exclusive; None: in force

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def covers(self, line_of_business: str, category: str, priority: str, request: str) -> bool:
        return (
            self.line_of_business == line_of_business
            and self.category == category
            and self.priority == priority
            and self.request in (request, "any")
        )

    @property
    def describes(self) -> str:
        """The limit in words, e.g. "30 days (+14)" or "72 hours"."""
        extension = f" (+{self.max_extension_days} days)" if self.max_extension_days else ""
        return f"{self.limit} {self.unit}{extension}"


@dataclass(frozen=True)
class Ruleset:
    name: str
    version: str
    rules: tuple[ClockRule, ...]

    def rule_for(
        self, line_of_business: str, category: str, priority: str, request: str, received_on: dt.date
    ) -> ClockRule | None:
        """The rule that judges a case of this kind received on `received_on`, or None (no clock)."""
        for rule in self.rules:
            if rule.covers(line_of_business, category, priority, request) and rule.in_force_on(received_on):
                return rule
        return None


def _rule(source: str, index: int, raw: dict[str, object]) -> ClockRule:
    where = f"{source}: rule {index + 1} ({raw.get('code', 'no code')})"
    try:
        rule = ClockRule(
            code=str(raw["code"]),
            name=str(raw["name"]),
            line_of_business=str(raw["line_of_business"]),
            category=str(raw["category"]),
            priority=str(raw["priority"]),
            request=str(raw["request"]),
            limit=int(raw["limit"]),  # type: ignore[call-overload]
            unit=str(raw["unit"]),
            max_extension_days=int(raw.get("max_extension_days", 0)),  # type: ignore[call-overload]
            citation=str(raw["citation"]),
            effective_from=_day(raw["effective_from"], where),
            effective_to=_day(raw["effective_to"], where) if "effective_to" in raw else None,
        )
    except KeyError as missing:
        raise RulesetError(f"{where}: missing {missing.args[0]!r}") from None
    checks = (
        (rule.line_of_business in LINES_OF_BUSINESS, f"line_of_business {rule.line_of_business!r}"),
        (rule.category in CATEGORIES, f"category {rule.category!r}"),
        (rule.priority in PRIORITIES, f"priority {rule.priority!r}"),
        (rule.request in (*REQUESTS, "any"), f"request {rule.request!r}"),
        (rule.unit in UNITS, f"unit {rule.unit!r}"),
        (rule.limit > 0, f"limit {rule.limit}"),
        (rule.max_extension_days >= 0, f"max_extension_days {rule.max_extension_days}"),
        (bool(rule.citation.strip()), "an empty citation"),
        (rule.effective_to is None or rule.effective_from < rule.effective_to, "an empty effective period"),
    )
    for ok, what in checks:
        if not ok:
            raise RulesetError(f"{where}: {what} is not allowed")
    return rule


def _day(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise RulesetError(f"{where}: dates are written as TOML dates (2026-01-01), not {value!r}")


def _overlaps(rules: Sequence[ClockRule], source: str) -> None:
    """Refuse two rules that could both judge the same case."""
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            same_kind = (a.line_of_business, a.category, a.priority) == (b.line_of_business, b.category, b.priority)
            requests_meet = a.request == b.request or "any" in (a.request, b.request)
            a_end = a.effective_to or dt.date.max
            b_end = b.effective_to or dt.date.max
            if same_kind and requests_meet and a.effective_from < b_end and b.effective_from < a_end:
                raise RulesetError(f"{source}: rules {a.code} and {b.code} both judge the same cases")


def parse_ruleset(text: str, source: str) -> Ruleset:
    """The ruleset in TOML `text` (from `source`, named in errors), checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesetError(f"{source}: not valid TOML: {error}") from None
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulesetError(f"{source}: no [[rule]] entries")
    rules = tuple(_rule(source, i, raw) for i, raw in enumerate(raw_rules))
    codes = [r.code for r in rules]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RulesetError(f"{source}: rule codes used twice: {', '.join(duplicates)}")
    _overlaps(rules, source)
    return Ruleset(name=str(data.get("ruleset", source)), version=str(data.get("version", "")), rules=rules)


@lru_cache(maxsize=4)
def load_ruleset(path: Path = RULESETS / "federal.toml") -> Ruleset:
    return parse_ruleset(path.read_text(encoding="utf-8"), path.name)


def rules_in_force(ruleset: Ruleset, day: dt.date) -> Iterable[ClockRule]:
    return (rule for rule in ruleset.rules if rule.in_force_on(day))
