"""Auto-QA on stored transcripts: training pairs are the stored (redacted) transcripts of contacts a
human audited, with the audit's answers and any override on top; every transcribed contact gets
answers with evidence, stored once per item; an ingest queues the scoring for the worker; an
auditor's override is a human answer the next training run reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test.utils import override_settings

from heartline.core.scoping import caller_for
from heartline.ingest import IngestOptions
from heartline.ingest.kinds import get_kind
from heartline.quality.auto_qa import sources
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.models import Audit, AuditAnswer, AutoAnswer, AutoAnswerOverride, ScorecardVersion
from heartline.quality.services.auto_qa import backlog, override_auto_answer, score_contacts
from heartline.warehouse.store import Warehouse
from tests.support.personas import Personas
from tests.transcripts.world import transcript, write_jsonl, write_world

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(app_warehouse: Warehouse, personas: Personas, scorecard: ScorecardVersion) -> Warehouse:
    write_world(app_warehouse)
    return app_warehouse


def ingest(tmp_path: Path, *records: object) -> None:
    report = get_kind("transcripts")([write_jsonl(tmp_path / "calls.jsonl", *records)], IngestOptions())
    assert report.accepted, report.problems


def audit(personas: Personas, version: ScorecardVersion, contact_id: str, ratings: dict[str, int | None]) -> Audit:
    started = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    done = Audit.objects.create(
        scorecard_version=version, contact_id=contact_id, contact_started_at=started, agent=personas.agent,
        auditor=personas.qa_analyst, status="completed", score=80.0, passed_critical=True,
        completed_at=started + dt.timedelta(days=1),
    )  # fmt: skip
    for item in version.items.all():
        if item.code in ratings:
            rating = ratings[item.code]
            AuditAnswer.objects.create(audit=done, item=item, rating=rating, not_applicable=rating is None)
    return done


def test_no_stored_transcript_says_how_to_get_some(world: Warehouse) -> None:
    found = sources.stored()
    assert found.pairs == []
    assert "ingest transcripts" in found.message.lower()


def test_training_pairs_are_audited_stored_transcripts_redacted_with_the_audits_answers(
    world: Warehouse, personas: Personas, scorecard: ScorecardVersion, tmp_path: Path
) -> None:
    ingest(tmp_path, transcript("t-1"), transcript("t-2"))
    audit(personas, scorecard, "t-1", {"verify": 0, "thank": 1, "greet": 1, "listen": 4})

    found = sources.stored()

    (pair,) = found.pairs
    assert pair.transcript.contact_id == "t-1"
    assert dict(pair.answers) == {"identity": "not_met", "thanks": "met"}  # greet and listen: no auto item
    said = " ".join(t.text for t in pair.transcript.turns)
    assert "Okafor" not in said
    assert "555-201-3344" not in said
    assert "[NAME]" in said
    assert "1 audited transcripts of 2 stored" in found.message


def test_an_auditors_override_wins_over_the_audit_and_trains_the_next_run(
    world: Warehouse, personas: Personas, scorecard: ScorecardVersion, tmp_path: Path
) -> None:
    ingest(tmp_path, transcript("t-1"), transcript("t-2"))
    audit(personas, scorecard, "t-1", {"verify": 0, "thank": 1})
    score_contacts()
    qa = caller_for(personas.qa_analyst.user)

    override_auto_answer(qa, "t-1", "identity", "met", note="checked the member id on the screen first")
    override_auto_answer(qa, "t-1", "further_help", "not_met")

    pair = next(p for p in sources.stored().pairs if p.transcript.contact_id == "t-1")
    assert dict(pair.answers) == {"identity": "met", "thanks": "met", "further_help": "not_met"}
    assert AutoAnswerOverride.objects.get(contact_id="t-1", item="identity").auto_answer in ("met", "not_met", "na")
    with pytest.raises(PermissionDenied):
        override_auto_answer(caller_for(personas.agent.user), "t-1", "identity", "met")


def test_every_transcribed_contact_gets_one_answer_per_item_with_evidence_and_rescoring_replaces_them(
    world: Warehouse, tmp_path: Path
) -> None:
    ingest(tmp_path, transcript("t-1"), transcript("t-2"))
    assert sorted(backlog()) == ["t-1", "t-2"]

    run = score_contacts()
    score_contacts(["t-1"])

    assert (run.scored, run.answers, run.model_version) == (2, 2 * len(ITEM_CODES), 0)
    assert AutoAnswer.objects.count() == 2 * len(ITEM_CODES)
    assert backlog() == []
    thanks = AutoAnswer.objects.get(contact_id="t-1", item="thanks")
    assert (thanks.answer, thanks.source, thanks.agent_code, thanks.unit_code) == (
        "met",
        "rule",
        "e-agent",
        "commercial",
    )
    # the last two agent turns are the close; the first of them with a thank-you decides
    assert (thanks.evidence_turn, thanks.evidence_start, thanks.evidence_end) == (0, 0, 9)
    assert thanks.evidence_text == "Thank you"
    assert AutoAnswer.objects.filter(evidence_text__contains="Okafor").count() == 0


def test_an_ingest_queues_the_scoring_of_its_transcripts_for_the_worker(
    world: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: object
) -> None:
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        ingest(tmp_path, transcript("t-1"), transcript("t-2", language="es"))

    assert set(AutoAnswer.objects.values_list("contact_id", flat=True)) == {"t-1", "t-2"}


def test_score_auto_scores_the_backlog_then_everything_again_with_all(world: Warehouse, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from heartline.commands.quality import app

    ingest(tmp_path, transcript("t-1"), transcript("t-2"))
    runs = [CliRunner().invoke(app, ["score-auto", *args, "--json"]) for args in ([], [], ["--all"])]

    assert [r.exit_code for r in runs] == [0, 0, 0], runs[0].output
    assert [json.loads(r.stdout)["scored"] for r in runs] == [2, 0, 2]
    assert json.loads(runs[0].stdout)["model_version"] == 0  # no model trained: the rules answered
