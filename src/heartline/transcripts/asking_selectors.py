"""What members are asking, for a caller: the asking sentences of the member turns of the transcripts
they may see, clustered (`asking`), and each cluster matched to the practice library (`asking_library`).

Who: `ANALYZE_MEMBER_VOICE` (CX analysts, executives, managers, QA, coaches, trainers, admins), over the
transcripts in their scope (the transcripts table's unit and agent columns, like the contacts pages).
Only the redacted text is read; every read is written to the access log (`transcripts.questions`).
The period is the contacts' start days `start`..`end` (inclusive); without them, the 28 days ending
on the latest transcribed contact's day. The previous period is as long and ends the day before.
Transcripts whose contact is not stored have no day and are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ibis.expr.types as ir

from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.analytics import remember, warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.transcripts.asking import AskedQuestion, Asking, QuestionCluster, summarize
from heartline.transcripts.asking_cues import asked_sentences
from heartline.transcripts.asking_library import ArticleFinder, ArticleMatch
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.warehouse.runners import Dimension, MetricQuery, MetricRunner

DEFAULT_DAYS = 28
MAX_DAYS = 366


@dataclass(frozen=True)
class AskedCluster:
    cluster: QuestionCluster
    article: ArticleMatch | None

    def as_dict(self) -> dict[str, object]:
        c = self.cluster
        return {
            "name": c.name,
            "n": c.n,
            "questions": c.questions,
            "topics": list(c.topics),
            "terms": {language: list(words) for language, words in c.terms.items()},
            "languages": c.languages,
            "trend": c.trend.as_dict(),
            "examples": [{"language": e.language, "text": e.text} for e in c.examples],
            "article": None if self.article is None else self.article.as_dict(),
        }


@dataclass(frozen=True)
class MembersAsking:
    """The answer for one caller and period."""

    asking: Asking
    clusters: list[AskedCluster] = field(default_factory=list)

    @property
    def unanswered(self) -> list[AskedCluster]:
        """Clusters no library article answers, most asked first: the library editors' list."""
        return [c for c in self.clusters if c.article is None]

    def as_dict(self) -> dict[str, object]:
        a = self.asking
        return {
            "from": a.start.isoformat(),
            "to": a.end.isoformat(),
            "contacts": a.contacts,
            "questions": a.questions,
            "previous_contacts": a.previous_contacts,
            "unclustered": a.unclustered,
            "clusters": [c.as_dict() for c in self.clusters],
        }


class _TranscribedContacts(MetricRunner):
    """Record-level reads of the transcripts table in the caller's scope; never registered as a metric."""

    name: ClassVar[str] = "transcript-questions"
    title: ClassVar[str] = "What members are asking"
    base_table = TRANSCRIPTS
    time_column: ClassVar[str] = "started_at"
    dimensions: ClassVar[dict[str, Dimension]] = {}
    estimate = None

    def to_expr(self) -> ir.Table:
        """The transcribed contacts the caller may see, one row each (what `between` narrows by day)."""
        return self._joined().select("contact_id", "language", "started_at", "turns")

    def _joined(self) -> ir.Table:
        transcripts = self.table(TRANSCRIPTS)
        contacts = self.table(CONTACTS).select("contact_id", "started_at")
        return transcripts.join(contacts, "contact_id")

    def latest_start(self) -> dt.datetime | None:
        rows = self.fetch(self._joined().aggregate(latest=lambda t: t.started_at.max()))
        value = rows[0]["latest"] if rows else None
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None

    def latest_start_kept(self) -> dt.datetime | None:
        """`latest_start`, kept until a warehouse table changes: it scans every transcript joined to its
        contact (1.5 s of the large demo's page on each view) for an answer only an ingest changes."""
        return remember(("transcripts.latest-start", self._scope), self.latest_start)

    def between(self, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        joined = self._joined()
        calendar = self.calendar
        joined = joined.filter(
            (joined.started_at >= calendar.day_start(start)) & (joined.started_at < calendar.day_end(end))
        )
        return self.fetch(joined.select("contact_id", "language", "started_at", "turns"))


def _reads(caller: Caller) -> _TranscribedContacts | None:
    source = warehouse_source()
    if source.warehouse.open(TRANSCRIPTS) is None or source.warehouse.open(CONTACTS) is None:
        return None
    return _TranscribedContacts(MetricQuery(), caller.scope, source)


def period_of(
    reads: _TranscribedContacts | None, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date]:
    """The period asked about: as given, else 28 days ending on the latest transcribed contact's day."""
    span = dt.timedelta(days=DEFAULT_DAYS - 1)
    if end is None and start is not None:
        end = start + span
    if end is None:
        latest = reads.latest_start_kept() if reads is not None else None
        end = clock.day_of(latest) if latest is not None else clock.today()
    if start is None:
        start = end - span
    if start > end:
        raise ActionRefused(f"from={start.isoformat()} is after to={end.isoformat()}")
    if (end - start).days + 1 > MAX_DAYS:
        raise ActionRefused(f"the period from {start} to {end} is longer than {MAX_DAYS} days")
    return start, end


def rows_of(reads: _TranscribedContacts | None, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    return reads.between(start, end) if reads is not None else []


def _questions(rows: list[dict[str, Any]], start: dt.date) -> list[AskedQuestion]:
    asked = []
    for row in rows:
        moment = row["started_at"]
        instant = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
        day = clock.day_of(instant)
        language = str(row.get("language") or "en")
        for turn in row.get("turns") or []:
            if turn.get("speaker") != "member":
                continue
            for sentence in asked_sentences(str(turn.get("text") or ""), language):
                asked.append(AskedQuestion(str(row["contact_id"]), language, sentence, day, day >= start))
    return asked


def members_asking(
    caller: Caller, start: dt.date | None = None, end: dt.date | None = None, channel: str = "web"
) -> MembersAsking:
    """What members asked in the period (clusters, trends, library articles), in the caller's scope; logged."""
    require(caller, Capability.ANALYZE_MEMBER_VOICE, "see what members are asking")
    reads = _reads(caller)
    start, end = period_of(reads, start, end)
    previous_start = start - dt.timedelta(days=(end - start).days + 1)
    asking = remember(
        ("transcripts.questions", caller.scope, start, end),
        lambda: summarize(_questions(rows_of(reads, previous_start, end), start), start, end),
    )
    log_access(
        caller,
        "transcripts.questions",
        f"questions:{start.isoformat()}..{end.isoformat()}",
        channel,
        shown=["redacted"],
        contacts=asking.contacts,
    )
    finder = ArticleFinder(caller)
    return MembersAsking(asking, [AskedCluster(c, finder.article_for(c)) for c in asking.clusters])


def unanswered_questions(caller: Caller, channel: str = "web") -> MembersAsking | None:
    """What members asked in the default period, for the library's editors to find what no article
    answers (`MembersAsking.unanswered`); None for a caller who may not see what members ask."""
    if not caller.can(Capability.ANALYZE_MEMBER_VOICE) and not caller.is_operator:
        return None
    return members_asking(caller, channel=channel)
