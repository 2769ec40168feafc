"""Whether each behavior was shown, counting trusted auto-QA answers beside human audits: what
learning's boosters follow (repeated misses, and the next audits' result after a booster).

A contact a human audit rated on a behavior keeps the auditor's outcome; a transcribed contact no
audit rated on it counts auto-QA's answers, but only of items "trusted" by the saved model
(`quality.auto_qa.trust`: agreement with the auditors reached alpha 0.667 on enough held-out
contacts). As with audits, the behavior is shown when every judged item on it was met (N/A left
out). Auto outcomes carry `source="auto"` and `audit_id=0`; their day is the contact's start, read
from the warehouse's contacts table (contacts not stored there cannot be dated and are left out).
A system read for the agents asked about, like `behavior_outcomes`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.core.analytics import remember
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.items import AUTO_ITEMS
from heartline.quality.contracts import BehaviorOutcome
from heartline.quality.models import AutoAnswer
from heartline.quality.selectors.behavior_outcomes import behavior_outcomes
from heartline.warehouse.store import Warehouse

ContactTimes = Callable[[Iterable[str]], Mapping[str, dt.datetime]]


def trusted_now() -> frozenset[str]:
    """The auto items the saved model trusts (none before a model is trained, or when it cannot be read)."""
    try:
        return auto_model.trusted_items(auto_model.load())
    except auto_model.ModelFileError:
        return frozenset()


def warehouse_contact_times(contact_ids: Iterable[str]) -> dict[str, dt.datetime]:
    """When each of these contacts started, from the warehouse's contacts table; kept (`remember`) until
    a warehouse table changes: the lookup reads the whole table's ids (1.7 s of the large demo's
    boosters page on each view), and the same contacts are asked about until auto-QA judges more."""
    wanted = sorted(set(contact_ids))
    if not wanted:
        return {}
    asked = hashlib.sha256("\n".join(wanted).encode()).hexdigest()
    return remember(("contact-start-times", len(wanted), asked), lambda: _contact_times(wanted))


def _contact_times(wanted: list[str]) -> dict[str, dt.datetime]:
    delta = Warehouse.default().open(CONTACTS)
    if delta is None:
        return {}
    table = delta.to_pyarrow_dataset().to_table(
        columns=["contact_id", "started_at"], filter=pc.field("contact_id").isin(pa.array(wanted, pa.string()))
    )
    return dict(zip(table["contact_id"].to_pylist(), table["started_at"].to_pylist(), strict=True))


def trusted_auto_outcomes(
    agent_codes: Iterable[str] | None = None,
    *,
    trusted: frozenset[str] | None = None,
    contact_times: ContactTimes = warehouse_contact_times,
) -> list[BehaviorOutcome]:
    """One row per transcribed contact × behavior judged by trusted auto items, oldest first."""
    items = trusted_now() if trusted is None else trusted
    behavior_of = {i.code: i.behavior for i in AUTO_ITEMS if i.behavior is not None and i.code in items}
    if not behavior_of:
        return []
    answers = AutoAnswer.objects.filter(item__in=sorted(behavior_of)).exclude(answer="na")
    if agent_codes is not None:
        answers = answers.filter(agent_code__in=list(agent_codes))
    judged: dict[tuple[str, str], list[bool]] = {}
    agent_of: dict[str, str] = {}
    for contact_id, item, agent_code, answer in answers.values_list("contact_id", "item", "agent_code", "answer"):
        judged.setdefault((contact_id, behavior_of[item]), []).append(answer == "met")
        agent_of[contact_id] = agent_code
    times = contact_times(agent_of)
    found = [
        BehaviorOutcome(0, agent_of[contact], behavior, contact, times[contact], all(met), source="auto")
        for (contact, behavior), met in judged.items()
        if contact in times and agent_of[contact]
    ]
    return sorted(found, key=lambda o: (o.contact_started_at, o.contact_id, o.behavior_code))


def outcomes_with_trusted_auto(
    agent_codes: Iterable[str] | None = None,
    *,
    trusted: frozenset[str] | None = None,
    contact_times: ContactTimes = warehouse_contact_times,
) -> list[BehaviorOutcome]:
    """Human audits' outcomes, plus trusted auto-QA outcomes of contact × behavior pairs no audit
    rated; oldest contact first."""
    codes = list(agent_codes) if agent_codes is not None else None
    human = behavior_outcomes(agent_codes=codes)
    rated = {(o.contact_id, o.behavior_code) for o in human}
    auto = [
        o
        for o in trusted_auto_outcomes(codes, trusted=trusted, contact_times=contact_times)
        if (o.contact_id, o.behavior_code) not in rated
    ]
    return sorted([*human, *auto], key=lambda o: (o.contact_started_at, o.audit_id, o.contact_id, o.behavior_code))
