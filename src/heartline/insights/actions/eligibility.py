"""Eligibility: the rules an action's `eligible` list names, each over the member's facts.

A rule is a table `{ fact = "...", <parameters> }`; every rule of an action must hold. Each fact
reads one kind of member fact and, when it holds, says why in words a representative can repeat:

| fact | parameters | holds when |
|---|---|---|
| denied_claim | within_days | a claim line was denied in the last N days (the newest is named) |
| contacts | at_least, within_days, [reasons] | at least N contacts (of those reasons) in the last D days |
| unresolved_contact | within_days | a contact in the last D days was left unresolved or abandoned |
| nps | at_most, within_days | the latest survey in the last D days scored at most N (0-10) |
| retail_fills | at_least, within_days | N fills at retail pharmacies in the last D days and none by mail order |
| refill_due | within_days, overdue_days | the latest fill runs out within D days, or ran out at most O days ago |
| age | at_least | the member is at least N years old |
| no_service | codes, within_days, label | no medical claim line with one of the codes in the last D days |
| language | not_in | the member's language is not one of those |
| flag | name | the member carries the flag ("interpreter needed", "dual eligible", "TTY/relay") |

Facts the caller may not see (claims, medications) cannot hold: an action resting on them is not
proposed to that caller (the member view's minimum necessary).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from heartline.insights.actions.contracts import MemberFacts

LANGUAGES = {"en": "English", "es": "Spanish", "zh": "Chinese"}
TIMES = {1: "once", 2: "twice"}

Rule = Mapping[str, Any]
Check = Callable[[MemberFacts, Rule], str | None]


def times(n: int) -> str:
    return TIMES.get(n, f"{n} times")


def ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _since(facts: MemberFacts, rule: Rule) -> dt.date:
    return facts.today - dt.timedelta(days=int(rule["within_days"]))


def _denied_claim(facts: MemberFacts, rule: Rule) -> str | None:
    since = _since(facts, rule)
    recent = [c for c in facts.denied_claims if since <= c.day <= facts.today]
    if not recent:
        return None
    newest = max(recent, key=lambda c: c.day)
    why = f" ({newest.reason})" if newest.reason else ""
    return f"denied claim {newest.claim_id} {ago((facts.today - newest.day).days)}{why}"


def _contacts(facts: MemberFacts, rule: Rule) -> str | None:
    since, reasons = _since(facts, rule), tuple(rule.get("reasons", ()))
    found = [c for c in facts.contacts if since <= c.day <= facts.today and (not reasons or c.reason in reasons)]
    if len(found) < int(rule["at_least"]):
        return None
    verb = "called" if all(c.channel == "phone" for c in found) else "contacted us"
    about = f" about {' or '.join(reasons)}" if reasons else ""
    return f"{verb} {times(len(found))}{about} in the last {rule['within_days']} days"


def _unresolved_contact(facts: MemberFacts, rule: Rule) -> str | None:
    since = _since(facts, rule)
    left = [
        c for c in facts.contacts if since <= c.day <= facts.today and (c.abandoned or c.disposition == "unresolved")
    ]
    if not left:
        return None
    newest = max(left, key=lambda c: c.day)
    what = "abandoned" if newest.abandoned else "left unresolved"
    return f"a {newest.channel} contact {ago((facts.today - newest.day).days)} was {what}"


def _nps(facts: MemberFacts, rule: Rule) -> str | None:
    since = _since(facts, rule)
    recent = [(day, score) for day, score in facts.nps if since <= day <= facts.today]
    if not recent:
        return None
    day, score = max(recent)
    if score > int(rule["at_most"]):
        return None
    return f"scored {score} of 10 on the survey {ago((facts.today - day).days)} (a detractor)"


def _retail_fills(facts: MemberFacts, rule: Rule) -> str | None:
    since = _since(facts, rule)
    recent = [f for f in facts.fills if since <= f.day <= facts.today]
    retail = [f for f in recent if not f.mail_order]
    if any(f.mail_order for f in recent) or len(retail) < int(rule["at_least"]):
        return None
    return f"{len(retail)} fills at retail pharmacies in the last {rule['within_days']} days, none by mail order"


def _refill_due(facts: MemberFacts, rule: Rule) -> str | None:
    supplied = [f for f in facts.fills if f.days_supply and f.day <= facts.today]
    if not supplied:
        return None
    latest = max(supplied, key=lambda f: f.day)
    runs_out = latest.day + dt.timedelta(days=int(latest.days_supply or 0))
    left = (runs_out - facts.today).days
    if not -int(rule["overdue_days"]) <= left <= int(rule["within_days"]):
        return None
    supply = f"the {latest.days_supply}-day fill of {latest.day.isoformat()}"
    if left >= 0:
        return f"{supply} runs out {'today' if left == 0 else f'in {left} days'}"
    return f"{supply} ran out {ago(-left)}, no refill since"


def _age(facts: MemberFacts, rule: Rule) -> str | None:
    if facts.age is None or facts.age < int(rule["at_least"]):
        return None
    return f"age {facts.age}"


def _no_service(facts: MemberFacts, rule: Rule) -> str | None:
    if "claims" not in facts.sees:
        return None
    since, codes = _since(facts, rule), set(rule["codes"])
    if any(since <= day <= facts.today and code in codes for day, code in facts.service_codes):
        return None
    return f"no {rule['label']} on their claims in the last {rule['within_days']} days"


def _language(facts: MemberFacts, rule: Rule) -> str | None:
    if facts.language in rule["not_in"]:
        return None
    return f"prefers {LANGUAGES.get(facts.language, facts.language)}"


def _flag(facts: MemberFacts, rule: Rule) -> str | None:
    return str(rule["name"]) if rule["name"] in facts.flags else None


# fact -> (required parameters, optional parameters, check)
FACTS: dict[str, tuple[frozenset[str], frozenset[str], Check]] = {
    "denied_claim": (frozenset({"within_days"}), frozenset(), _denied_claim),
    "contacts": (frozenset({"at_least", "within_days"}), frozenset({"reasons"}), _contacts),
    "unresolved_contact": (frozenset({"within_days"}), frozenset(), _unresolved_contact),
    "nps": (frozenset({"at_most", "within_days"}), frozenset(), _nps),
    "retail_fills": (frozenset({"at_least", "within_days"}), frozenset(), _retail_fills),
    "refill_due": (frozenset({"within_days", "overdue_days"}), frozenset(), _refill_due),
    "age": (frozenset({"at_least"}), frozenset(), _age),
    "no_service": (frozenset({"codes", "within_days", "label"}), frozenset(), _no_service),
    "language": (frozenset({"not_in"}), frozenset(), _language),
    "flag": (frozenset({"name"}), frozenset(), _flag),
}
# Parameters that hold a list of strings; every other parameter is a whole number, but `label`/`name`.
LIST_PARAMS = frozenset({"reasons", "codes", "not_in"})
TEXT_PARAMS = frozenset({"label", "name"})


def eligible(facts: MemberFacts, rules: tuple[Rule, ...]) -> tuple[str, ...] | None:
    """The reasons every rule holds, in rule order; None when one does not."""
    reasons: list[str] = []
    for rule in rules:
        why = FACTS[str(rule["fact"])][2](facts, rule)
        if why is None:
            return None
        reasons.append(why)
    return tuple(reasons)
