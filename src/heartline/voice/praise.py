"""Survey verbatims that praise a representative, for learning's "recognition to pass on".

A response is matched to a representative through its contact: the `contacts` row with the
response's `contact_id` names the agent who handled it. A name in the verbatim is never used (it
is redacted before anyone reads it). A response counts as praise when its score is high (NPS 9–10
or CSAT 4–5) and its verbatim reads positive by the lexicon of `voice.sentiment`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.redaction import Redactor
from heartline.core.selectors import phi_redactor
from heartline.voice import sentiment
from heartline.voice.analytics import member_names
from heartline.voice.contracts import PRAISE_CSAT_MIN, PRAISE_NPS_MIN, PraiseVerbatim
from heartline.voice.metrics import SurveyRecords
from heartline.voice.text import clauses, guess_language, tokens
from heartline.warehouse.runners import MetricQuery

MAX_PRAISE = 200  # the newest first; a coach reads a handful


def verbatim_sentiment(text: str, language: str | None = None) -> int:
    """Positive minus negative words over the verbatim's clauses."""
    lang = language if language in ("en", "es", "zh") else guess_language(text)
    return sum(sentiment.score(tokens(clause, lang), lang) for clause in clauses(text))


def praise_for_agents(
    caller: Caller,
    agent_codes: Sequence[str],
    *,
    since: dt.date | None = None,
    division_code: str | None = None,
    response_ids: Sequence[str] | None = None,
) -> list[PraiseVerbatim]:
    """Praising verbatims about the contacts of `agent_codes` that the caller may see (both the
    response and the contact within their scope), answered on or after `since` (of `response_ids`
    when given), newest first."""
    if not agent_codes or (response_ids is not None and not response_ids):
        return []
    records = SurveyRecords(MetricQuery(start=since), caller.scope, warehouse_source())
    responses = records.filtered()
    high = (responses.nps.notnull() & (responses.nps >= PRAISE_NPS_MIN)) | (
        responses.csat.notnull() & (responses.csat >= PRAISE_CSAT_MIN)
    )
    responses = responses.filter(
        high & responses.contact_id.notnull() & responses.verbatim.notnull() & (responses.verbatim.strip() != "")
    )
    if response_ids is not None:
        responses = responses.filter(responses.response_id.isin(sorted(set(response_ids))))
    contacts = records.table(CONTACTS)
    contacts = contacts.filter(contacts.agent_id.isin(sorted(set(agent_codes)))).select(
        contact=contacts.contact_id, contact_agent=contacts.agent_id
    )
    joined = responses.join(contacts, responses.contact_id == contacts.contact)
    picked = joined.select(
        "response_id", "contact_id", "contact_agent", "responded_at", "nps", "csat", "verbatim", "language", "member_id"
    )
    rows = records.fetch(
        picked.order_by([picked.responded_at.desc(), picked.response_id]),
        limit=MAX_PRAISE,
    )
    redactor = phi_redactor(division_code)
    found = []
    for r in rows:
        text = str(r["verbatim"])
        score = verbatim_sentiment(text, str(r["language"] or ""))
        if score <= 0:
            continue
        if r["member_id"]:  # the member's own names and id, which the staff's redactor does not know
            member_id = str(r["member_id"])
            text = Redactor(names=member_names(member_id), member_ids=[member_id]).redact(text)
        found.append(
            PraiseVerbatim(
                response_id=str(r["response_id"]),
                contact_id=str(r["contact_id"]),
                agent_code=str(r["contact_agent"]),
                responded_on=clock.day_of(clock.instant(r["responded_at"])),
                nps=int(str(r["nps"])) if r["nps"] is not None else None,
                csat=int(str(r["csat"])) if r["csat"] is not None else None,
                verbatim=redactor.redact(text),
                sentiment=score,
            )
        )
    return found
