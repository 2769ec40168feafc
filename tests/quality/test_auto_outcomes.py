"""Behavior outcomes for boosters count trusted auto-QA answers beside human audits: a contact an
audit rated on the behavior keeps the auditor's outcome; suggested (untrusted) items and N/A answers
count for nothing; an auto outcome is dated by the contact's start in the warehouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from heartline.core import clock
from heartline.core.scoping import caller_for
from heartline.quality.auto_qa.items import AutoItem
from heartline.quality.models import AutoAnswer
from heartline.quality.selectors import auto_outcomes, outcomes_with_trusted_auto
from heartline.quality.services.audits import AnswerInput, save_answers, start_audit
from tests.quality.world import MARCH

if TYPE_CHECKING:
    from heartline.quality.models import ScorecardVersion
    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas

# Auto items standing for the test world's behaviors (the real ones rate the starter catalog's).
ITEMS = (
    AutoItem("recap", "Recaps the need", (), "listen-fully"),
    AutoItem("empathy", "Acknowledges the concern", (), "own-the-outcome"),
)


def answer(contact_id: str, item: str, value: str, agent: str = "e-agent") -> None:
    AutoAnswer.objects.create(
        contact_id=contact_id,
        item=item,
        agent_code=agent,
        unit_code="commercial",
        answer=value,
        confidence=0.9,
        source="model",
        scored_at=clock.now(),
    )


@pytest.fixture
def judged(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auto_outcomes, "AUTO_ITEMS", ITEMS)
    qa = caller_for(personas.qa_analyst.user)
    audit = start_audit(qa, contact_id="q-1", scorecard_code="cqa")
    ratings = [("greet", 1), ("thank", 1), ("verify", 1), ("listen", 5), ("own", None)]
    save_answers(qa, audit.pk, [AnswerInput(code, rating) for code, rating in ratings], complete=True)
    answer("q-1", "recap", "not_met")  # the auditor rated listening on q-1: their answer counts
    answer("q-3", "recap", "not_met")  # no audit: the trusted auto answer counts
    answer("q-4", "empathy", "not_met")  # a suggested item: not counted
    answer("q-5", "recap", "na")  # not applicable: no outcome


def test_trusted_auto_misses_count_beside_human_audits(judged: None) -> None:
    found = [
        o
        for o in outcomes_with_trusted_auto(["e-agent"], trusted=frozenset({"recap"}))
        if o.behavior_code in ("listen-fully", "own-the-outcome")
    ]
    rows = [(o.contact_id, o.behavior_code, o.shown, o.source) for o in found]
    assert rows == [("q-1", "listen-fully", True, "audit"), ("q-3", "listen-fully", False, "auto")]
    auto = found[1]
    assert (auto.audit_id, auto.contact_started_at) == (0, MARCH.replace(day=5))


def test_nothing_auto_counts_until_an_item_is_trusted(judged: None) -> None:
    found = outcomes_with_trusted_auto(["e-agent"], trusted=frozenset())
    assert {o.source for o in found} == {"audit"}


def test_another_agents_auto_answers_are_not_theirs(judged: None) -> None:
    answer("q-7", "recap", "not_met", agent="e-bo")
    found = outcomes_with_trusted_auto(["e-agent"], trusted=frozenset({"recap"}))
    assert "q-7" not in {o.contact_id for o in found}


def test_contact_times_are_read_once_for_the_same_contacts(
    quality_contacts: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    reads: list[list[str]] = []
    read = auto_outcomes._contact_times
    monkeypatch.setattr(auto_outcomes, "_contact_times", lambda wanted: reads.append(wanted) or read(wanted))

    first = auto_outcomes.warehouse_contact_times(["q-1", "q-2", "not-stored"])
    again = auto_outcomes.warehouse_contact_times(["q-2", "not-stored", "q-1"])
    other = auto_outcomes.warehouse_contact_times(["q-3"])

    assert first == again == {"q-1": MARCH + dt.timedelta(days=1), "q-2": MARCH + dt.timedelta(days=2)}
    assert other == {"q-3": MARCH + dt.timedelta(days=3)}
    assert reads == [["not-stored", "q-1", "q-2"], ["q-3"]]
