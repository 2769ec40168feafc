"""What other apps (learning's program impact, quality's audit sampling) may know of survey responses.

`heartline.voice.selectors` answers with these: `nps_answers(caller, ...)` gives each 0–10
likelihood-to-recommend answer with the representative it was about (`NpsAnswer`);
`low_survey_contacts(caller, contact_ids, ...)` names the contacts whose survey was low (NPS 0–6
or CSAT 1–2). Both read the `survey_responses` warehouse table with the caller's scope applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A response is *low* when its NPS answer is a detractor's (0–6) or its CSAT answer is 1–2 of 1–5.
LOW_NPS_MAX = 6
LOW_CSAT_MAX = 2


@dataclass(frozen=True)
class NpsAnswer:
    """One survey response's 0–10 likelihood-to-recommend answer, and whose contact it was about."""

    response_id: str
    agent_code: str  # the employee code warehouse facts carry as agent_id
    responded_on: dt.date  # the day the member answered (post-contact surveys follow the contact within days)
    nps: int  # 0–10
    contact_id: str | None  # None for surveys not tied to one contact (CAHPS-style)


@dataclass(frozen=True)
class MemberSurveyAnswer:
    """One survey response of a member, its verbatim already redacted."""

    response_id: str
    survey: str
    responded_at: dt.datetime
    channel: str
    contact_id: str
    nps: int | None
    csat: int | None
    verbatim: str  # redacted; blank when none was given


@dataclass(frozen=True)
class AdoptedIdea:
    """An improvement idea a unit adopted (the practice library proposes it to the other units)."""

    reference: str  # IDEA-00042
    title: str
    unit_code: str  # the unit that proposed and adopted it; blank for a division-wide idea
    adopted_on: dt.date
    outcome: str  # what was done ("you said, we did")


# A response *praises* the representative of its contact when its NPS answer is a promoter's (9–10)
# or its CSAT answer is top-box (4–5 of 5), and its verbatim reads positive (voice.sentiment).
PRAISE_NPS_MIN = 9
PRAISE_CSAT_MIN = 4


@dataclass(frozen=True)
class PraiseVerbatim:
    """A member's verbatim praising the representative who handled the contact the survey was about
    (matched through the response's contact, never by a name in the text); redacted."""

    response_id: str
    contact_id: str
    agent_code: str  # the contact's agent, from the contacts table
    responded_on: dt.date
    nps: int | None
    csat: int | None
    verbatim: str  # redacted
    sentiment: int  # positive minus negative words, > 0
