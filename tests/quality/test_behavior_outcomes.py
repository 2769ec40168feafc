"""quality's `behavior_outcomes` contract: per completed audit and behavior, shown only when every
rated item on the behavior was met; N/A answers and drafts left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heartline.core.scoping import caller_for
from heartline.quality.selectors import behavior_outcomes
from heartline.quality.services.audits import AnswerInput, save_answers, start_audit

if TYPE_CHECKING:
    from heartline.quality.models import ScorecardVersion
    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas


def test_a_behavior_is_shown_when_every_rated_item_on_it_was_met(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    qa = caller_for(personas.qa_analyst.user)
    audit = start_audit(qa, contact_id="q-1", scorecard_code="cqa")
    answers = [
        AnswerInput("greet", 1),
        AnswerInput("thank", 0),  # the second item on welcome-warmly missed
        AnswerInput("verify", 1),
        AnswerInput("listen", 5),
        AnswerInput("own", None),  # not applicable: no outcome
    ]
    save_answers(qa, audit.pk, answers, complete=True)
    draft = start_audit(qa, contact_id="q-2", scorecard_code="cqa")
    save_answers(qa, draft.pk, [AnswerInput("listen", 1)])

    found = {o.behavior_code: o.shown for o in behavior_outcomes(agent_codes=["e-agent"])}

    assert found == {"welcome-warmly": False, "protect-privacy": True, "listen-fully": True}
