"""`/api/v1/transcripts/`: a contact's transcript, redacted (whoever may see the contact) or raw
(READ_RAW_TRANSCRIPTS: compliance and administrators), every read written to the access log; and
`/questions`, what members are asking (docs/members-asking.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from heartline.core.bounds import parse_day
from heartline.core.scoping import caller_of
from heartline.transcripts.asking_selectors import members_asking
from heartline.transcripts.contracts import TranscriptView
from heartline.transcripts.selectors import raw_transcript_of_contact, transcript_of_contact

router = Router(tags=["transcripts"])


class TranscriptTurnOut(Schema):
    speaker: str
    start_ms: int
    end_ms: int
    text: str


class TranscriptOut(Schema):
    contact_id: str
    member_id: str
    language: str
    source: str
    contact_known: bool
    duration_ms: int
    redactions: int
    raw: bool
    turns: list[TranscriptTurnOut]


def _out(view: TranscriptView) -> TranscriptOut:
    return TranscriptOut(
        contact_id=view.contact_id,
        member_id=view.member_id,
        language=view.language,
        source=view.source,
        contact_known=view.contact_known,
        duration_ms=view.duration_ms,
        redactions=view.redactions,
        raw=view.raw,
        turns=[
            TranscriptTurnOut(speaker=t.speaker, start_ms=t.start_ms, end_ms=t.end_ms, text=t.text) for t in view.turns
        ],
    )


class QuestionsPeriod(Schema):
    from_: str | None = Field(None, alias="from", description="First day, YYYY-MM-DD")
    to: str | None = Field(None, description="Last day, YYYY-MM-DD (default: the latest transcribed contact's day)")


class QuestionTrendOut(Schema):
    direction: str  # up, down, steady, unknown
    this_n: int
    this_total: int
    previous_n: int
    previous_total: int
    change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None


class QuestionExampleOut(Schema):
    language: str
    text: str


class QuestionArticleOut(Schema):
    article_id: int
    title: str
    url: str
    language: str
    covered: int
    of: int


class QuestionClusterOut(Schema):
    name: str
    n: int
    questions: int
    topics: list[str]
    terms: dict[str, list[str]]
    languages: dict[str, int]
    trend: QuestionTrendOut
    examples: list[QuestionExampleOut]
    article: QuestionArticleOut | None


class MembersAskingOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    contacts: int
    questions: int
    previous_contacts: int
    unclustered: int
    clusters: list[QuestionClusterOut]


@router.get(
    "/questions",
    response=MembersAskingOut,
    by_alias=True,
    operation_id="transcript_questions",
    summary="What members are asking: question clusters, trends, library articles",
)
def questions(request: HttpRequest, period: Query[QuestionsPeriod]) -> dict[str, Any]:
    """Questions from member turns (redacted), clustered across en/es/zh; n counts contacts; the trend
    compares the share of asking contacts with the previous period of the same length (95% interval);
    `article` is null when no practice answers the cluster. Analysts of member voice only (403 otherwise)."""
    start, end = parse_day(period.from_, "from"), parse_day(period.to, "to")
    return members_asking(caller_of(request), start, end, channel="api").as_dict()


@router.get(
    "/{contact_id}", response=TranscriptOut, operation_id="transcript", summary="A contact's transcript, redacted"
)
def transcript(request: HttpRequest, contact_id: str) -> TranscriptOut:
    """Identifiers replaced by typed placeholders ([NAME], [PHONE]…). 404 when there is no transcript
    or the caller may not see the contact."""
    return _out(transcript_of_contact(caller_of(request), contact_id, channel="api"))


@router.get(
    "/{contact_id}/raw",
    response=TranscriptOut,
    operation_id="transcript_raw",
    summary="A contact's transcript as received",
)
def raw_transcript(request: HttpRequest, contact_id: str) -> TranscriptOut:
    """The unredacted text: compliance and administrators only (403 otherwise); every read is written
    to the access log with the member it names."""
    return _out(raw_transcript_of_contact(caller_of(request), contact_id, channel="api"))
