"""Auto-QA pages and API: coverage and agreement by item (alpha with its interval, n, confusion,
trusted or suggested); a contact's automatic answers with the redacted evidence, for those who may see
the contact, and an auditor's override that the next training reads; an agent's automatic rates
beside their scores, labelled automatic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from heartline.core.models import AccessLogEntry
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa import sources
from heartline.quality.auto_qa.synthetic import synthetic_pairs
from heartline.quality.auto_qa.training import train
from heartline.quality.models import AutoAnswerOverride, ScorecardVersion
from heartline.quality.services.auto_qa import score_contacts
from heartline.warehouse.store import Warehouse
from tests.quality.test_auto_qa_stored import ingest
from tests.support.personas import Personas
from tests.transcripts.world import transcript, write_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(
    app_warehouse: Warehouse,
    personas: Personas,
    scorecard: ScorecardVersion,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Warehouse:
    """t-1 (the agent's, unit commercial) and t-2 (unit medicare) transcribed and scored by a trained model."""
    write_world(app_warehouse)
    path = tmp_path / "model.pkl"
    monkeypatch.setattr(auto_model, "default_path", lambda: path)
    auto_model.save(train(synthetic_pairs(240, seed=5, noise={"further_help": 0.5}), seed=5, draws=50))
    ingest(tmp_path, transcript("t-1"), transcript("t-2"))
    score_contacts()
    return app_warehouse


def test_the_agreement_page_shows_each_items_alpha_interval_n_status_and_the_coverage(
    scored: Warehouse, client_as: Callable[[str], Client]
) -> None:
    page = client_as("admin").get("/quality/auto-qa/").content.decode()

    assert "<strong>2</strong> of 2 transcribed contacts" in page
    assert 'data-item="identity"' in page
    assert "trusted" in page
    assert "suggested" in page  # further_help: the auditors answered it at random
    qa_page = client_as("qa").get("/quality/auto-qa/").content.decode()
    assert "<strong>1</strong> of 1 transcribed contacts" in qa_page  # the qa analyst's unit only


def test_the_api_gives_the_same_agreement_with_its_confusion_matrices(
    scored: Warehouse, client: Client, api_token: Callable[[str], str]
) -> None:
    body = client.get("/api/v1/quality/auto-qa", HTTP_AUTHORIZATION=f"Bearer {api_token('admin')}").json()

    assert body["trained"] is True
    assert (body["scored_contacts"], body["transcribed_contacts"]) == (2, 2)
    identity = next(i for i in body["items"] if i["item"] == "identity")
    assert identity["n"] == body["n_held_out"]
    assert sum(sum(row.values()) for row in identity["confusion"].values()) == identity["n"]
    assert identity["ci_low"] <= identity["alpha"] <= identity["ci_high"]
    assert next(i for i in body["items"] if i["item"] == "further_help")["status"] == "suggested"


def test_an_auditor_sees_the_evidence_and_overrides_an_answer_for_the_next_training(
    scored: Warehouse, client_as: Callable[[str], Client]
) -> None:
    client = client_as("qa")
    page = client.get("/quality/auto-qa/contacts/t-1/").content.decode()

    assert "automatic" in page
    assert "“Thank you”" in page  # the evidence, quoted from the redacted transcript
    assert "Okafor" not in page
    assert AccessLogEntry.objects.filter(action="quality.auto_qa.view", resource="contact:t-1").exists()
    response = client.post(
        "/quality/auto-qa/contacts/t-1/override/", {"item": "further_help", "answer": "not_met", "note": "none offered"}
    )
    assert response.status_code == 302
    assert AutoAnswerOverride.objects.get(contact_id="t-1", item="further_help").answer == "not_met"
    pair = next(p for p in sources.stored().pairs if p.transcript.contact_id == "t-1")
    assert pair.answers["further_help"] == "not_met"
    assert client.get("/quality/auto-qa/contacts/t-2/").status_code == 404  # another unit's contact


def test_the_agent_sees_their_automatic_rates_beside_their_scores_and_no_override_form(
    scored: Warehouse, client_as: Callable[[str], Client]
) -> None:
    client = client_as("agent")
    scores = client.get("/quality/scores/").content.decode()
    contact = client.get("/quality/auto-qa/contacts/t-1/").content.decode()

    assert "Automatic (auto-QA) — not an auditor's score" in scores
    assert 'data-item="thanks"' in scores
    assert "Override</button>" not in contact
    assert client.post("/quality/auto-qa/contacts/t-1/override/", {"item": "thanks", "answer": "na"}).status_code == 403
