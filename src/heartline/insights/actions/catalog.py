"""The action catalog as data: `catalog.toml` beside this module, checked when loaded.

Each action names its mode (in contact, or outreach on a channel), the channels it may use, the
purpose it is for (members' consent is per channel and purpose), its eligibility rules, its value
and lever, its prior acceptance rate, its contact-policy limits, and its message in English,
Spanish and Chinese. A file that breaks a rule is refused whole, the message naming the file, the
action and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from heartline.insights.actions.eligibility import FACTS, LIST_PARAMS, TEXT_PARAMS

CATALOG = Path(__file__).parent / "catalog.toml"
# Members' channels and purposes (heartline.members.models.Channel and Purpose; a test keeps them equal).
CHANNELS = ("phone", "autodialed", "sms", "email", "mail", "portal", "chat")
PURPOSES = ("service", "care", "marketing")
MODES = ("in_contact", "outreach")
LANGUAGES = ("en", "es", "zh")
WHOLE_FIELDS = ("max_per_week", "grievance_cooloff_days", "decline_cooloff_days", "not_now_days")
FIELDS = frozenset(
    {"code", "title", "mode", "channels", "purpose", "value", "lever", "prior_accept", "eligible", "messages"}
    | set(WHOLE_FIELDS)
)


class CatalogError(ValueError):
    """A catalog file that cannot be used; the message names the file, the action and the field."""


@dataclass(frozen=True)
class Action:
    code: str
    title: str
    mode: str
    channels: tuple[str, ...]
    purpose: str
    value: float
    lever: float
    prior_accept: float
    max_per_week: int
    grievance_cooloff_days: int
    decline_cooloff_days: int
    not_now_days: int
    eligible: tuple[dict[str, Any], ...]
    messages: dict[str, str]

    @property
    def in_contact(self) -> bool:
        return self.mode == "in_contact"


@dataclass(frozen=True)
class Catalog:
    actions: tuple[Action, ...]
    max_offers_per_week: int
    prior_strength: float

    def action(self, code: str) -> Action | None:
        return next((a for a in self.actions if a.code == code), None)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> CatalogError:
        return CatalogError(f"{self.path.name}: {where}: {message}")

    def number(self, raw: dict[str, Any], name: str, where: str, low: float, high: float | None = None) -> float:
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"field {name!r} must be a number, not {value!r}")
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise self.fail(where, f"field {name!r} must be {bound}, not {value!r}")
        return float(value)

    def whole(self, raw: dict[str, Any], name: str, where: str) -> int:
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(where, f"field {name!r} must be a whole number of at least 0, not {value!r}")
        return value

    def rule(self, raw: object, where: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(where, 'a rule must be a table such as { fact = "age", at_least = 65 }')
        fact = raw.get("fact")
        if fact not in FACTS:
            raise self.fail(where, f"unknown fact {fact!r}; choose one of: {', '.join(sorted(FACTS))}")
        required, optional, _ = FACTS[fact]
        given = set(raw) - {"fact"}
        if missing := sorted(required - given):
            raise self.fail(where, f"fact {fact!r} needs {', '.join(missing)}")
        if unknown := sorted(given - required - optional):
            raise self.fail(where, f"fact {fact!r} takes no {', '.join(unknown)}")
        for name in given:
            value = raw[name]
            if name in LIST_PARAMS:
                if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
                    raise self.fail(where, f"field {name!r} must be a non-empty list of strings")
            elif name in TEXT_PARAMS:
                if not isinstance(value, str) or not value:
                    raise self.fail(where, f"field {name!r} must be a non-empty string")
            else:
                self.whole(raw, name, where)
        return dict(raw)

    def action(self, raw: object, index: int) -> Action:
        if not isinstance(raw, dict):
            raise self.fail(f"actions[{index}]", "an action must be a table")
        code = raw.get("code")
        if not isinstance(code, str) or not code:
            raise self.fail(f"actions[{index}]", "field 'code' is missing")
        where = f"action {code!r}"
        if unknown := sorted(set(raw) - FIELDS):
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}")
        title = raw.get("title")
        if not isinstance(title, str) or not title:
            raise self.fail(where, "field 'title' is missing")
        mode = raw.get("mode")
        if mode not in MODES:
            raise self.fail(where, f"field 'mode' must be one of {', '.join(MODES)}, not {mode!r}")
        channels = raw.get("channels")
        if not isinstance(channels, list) or not channels:
            raise self.fail(where, "field 'channels' must be a non-empty list")
        for channel in channels:
            if channel not in CHANNELS:
                raise self.fail(
                    where, f"field 'channels': {channel!r} is not a channel; choose from {', '.join(CHANNELS)}"
                )
        purpose = raw.get("purpose")
        if purpose not in PURPOSES:
            raise self.fail(where, f"field 'purpose' must be one of {', '.join(PURPOSES)}, not {purpose!r}")
        messages = raw.get("messages")
        if not isinstance(messages, dict):
            raise self.fail(where, "field 'messages' is missing (messages.en, messages.es, messages.zh)")
        for language in LANGUAGES:
            text = messages.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(where, f"field 'messages.{language}' is missing")
        if extra := sorted(set(messages) - set(LANGUAGES)):
            raise self.fail(where, f"field 'messages': no language {', '.join(extra)}; use {', '.join(LANGUAGES)}")
        rules = raw.get("eligible")
        if not isinstance(rules, list) or not rules:
            raise self.fail(where, "field 'eligible' must list at least one rule")
        return Action(
            code=code,
            title=title,
            mode=str(mode),
            channels=tuple(channels),
            purpose=str(purpose),
            value=self.number(raw, "value", where, 0.0),
            lever=self.number(raw, "lever", where, 0.0),
            prior_accept=self.number(raw, "prior_accept", where, 0.001, 0.999),
            max_per_week=self.whole(raw, "max_per_week", where),
            grievance_cooloff_days=self.whole(raw, "grievance_cooloff_days", where),
            decline_cooloff_days=self.whole(raw, "decline_cooloff_days", where),
            not_now_days=self.whole(raw, "not_now_days", where),
            eligible=tuple(self.rule(r, f"{where}, field 'eligible[{i}]'") for i, r in enumerate(rules)),
            messages={language: str(messages[language]) for language in LANGUAGES},
        )

    def catalog(self, raw: dict[str, Any]) -> Catalog:
        policy = raw.get("policy")
        if not isinstance(policy, dict):
            raise self.fail("[policy]", "the table is missing (max_offers_per_week, prior_strength)")
        actions = raw.get("actions")
        if not isinstance(actions, list) or not actions:
            raise self.fail("[[actions]]", "no actions")
        parsed = tuple(self.action(a, i) for i, a in enumerate(actions))
        seen: set[str] = set()
        for action in parsed:
            if action.code in seen:
                raise self.fail(f"action {action.code!r}", "field 'code' is used twice")
            seen.add(action.code)
        return Catalog(
            actions=parsed,
            max_offers_per_week=self.whole(policy, "max_offers_per_week", "[policy]"),
            prior_strength=self.number(policy, "prior_strength", "[policy]", 0.001),
        )


def load_catalog(path: Path) -> Catalog:
    """The catalog in `path`; raises CatalogError naming the file, the action and the field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path.name}: not valid TOML ({exc})") from exc
    return _Reader(path).catalog(raw)


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The catalog Heartline ships (`catalog.toml`), loaded once."""
    return load_catalog(CATALOG)
