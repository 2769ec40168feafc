"""Auto-QA trained on human audits: it learns what the auditors answer beyond the rules, measures
itself on held-out contacts, keeps untrustworthy items "suggested", and survives a save and load."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.engine import score_batch
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.model import AutoQaModel, ModelFileError
from heartline.quality.auto_qa.synthetic import PHRASES, synthetic_pairs
from heartline.quality.auto_qa.training import TrainingError, held_out, train
from heartline.quality.auto_qa.trust import TRUSTED_ALPHA, item_status, measure, measure_item

NOISY = "further_help"  # the auditors' answers to this item are a coin toss in the training set


@pytest.fixture(scope="module")
def pairs() -> list:  # type: ignore[type-arg]
    return synthetic_pairs(360, seed=3, noise={NOISY: 0.5})


@pytest.fixture(scope="module")
def trained(pairs: list) -> AutoQaModel:  # type: ignore[type-arg]
    return train(pairs, seed=3, trained_on=dt.date(2026, 12, 1), draws=200)


def test_the_model_learns_wordings_no_rule_knows_and_earns_trust_on_held_out_contacts(
    trained: AutoQaModel,
    pairs: list,  # type: ignore[type-arg]
) -> None:
    test = [p for p in pairs if held_out(p.transcript.contact_id, 0.25, 3)]
    rules_only = measure(
        [p.answers for p in test],
        [{i: j.answer for i, j in judged.items()} for judged in score_batch([p.transcript for p in test])],
        ITEM_CODES,
        draws=0,
    )
    for item in ("empathy", "recap", "next_steps"):  # a share of these is worded as no cue lists
        assert rules_only[item].alpha < TRUSTED_ALPHA, item
        assert trained.trust[item].alpha >= 0.9, item
        assert trained.trust[item].ci_low >= TRUSTED_ALPHA, item
        assert trained.trust[item].status == "trusted"
        assert trained.trust[item].n == len(test)


def test_a_paraphrase_is_answered_met_by_the_model_with_that_turn_as_evidence(trained: AutoQaModel) -> None:
    paraphrased = next(
        p.transcript
        for p in synthetic_pairs(200, seed=11)
        if any(t.text == PHRASES["empathy~"][0] for t in p.transcript.turns)
    )
    empathy = score_batch([paraphrased], trained)[0]["empathy"]

    assert (empathy.answer, empathy.source) == ("met", "model")
    assert empathy.evidence is not None
    assert paraphrased.turns[empathy.evidence.turn_index].text == PHRASES["empathy~"][0]
    assert 0.5 < empathy.confidence <= 1


def test_an_item_the_auditors_answer_at_random_stays_suggested(trained: AutoQaModel) -> None:
    noisy = trained.trust[NOISY]
    assert noisy.alpha < TRUSTED_ALPHA
    assert noisy.status == "suggested"
    assert sum(sum(row.values()) for row in noisy.confusion.values()) == noisy.n
    assert NOISY not in auto_model.trusted_items(trained)
    assert "identity" in auto_model.trusted_items(trained)
    assert auto_model.trusted_items(None) == frozenset()


def test_items_no_scorecard_asks_have_no_measure_and_stay_suggested() -> None:
    never_audited = measure_item("hold", [])
    assert never_audited.n == 0
    assert math.isnan(never_audited.alpha)
    assert never_audited.status == "suggested"


@pytest.mark.parametrize(
    ("alpha", "n", "status"),
    [
        (0.667, 30, "trusted"),
        (0.6669, 30, "suggested"),
        (0.95, 29, "suggested"),  # too few held-out contacts to say
        (math.nan, 100, "suggested"),
        (1.0, 30, "trusted"),
    ],
)
def test_status_rule_at_the_0667_boundary(alpha: float, n: int, status: str) -> None:
    assert item_status(alpha, n) == status


def test_agreement_and_confusion_matrix_of_hand_counted_answers() -> None:
    # 4 contacts: agree met, agree not met, human met / auto not met, agree na.
    trust = measure_item(
        "greeting", [("met", "met"), ("not_met", "not_met"), ("met", "not_met"), ("na", "na")], draws=0
    )
    assert trust.confusion["met"] == {"met": 1, "not_met": 1, "na": 0}
    assert trust.confusion["na"]["na"] == 1
    # Nominal alpha by hand: n=8 values (met 3, not_met 3, na 2); D_o = 2/8; D_e = (64 - 9 - 9 - 4)/(8·7) = 42/56.
    assert trust.alpha == pytest.approx(1 - (2 / 8) / (42 / 56))


def test_saved_model_loads_with_its_version_date_n_and_agreement(trained: AutoQaModel, tmp_path: Path) -> None:
    path = auto_model.save(trained, tmp_path / "auto_qa" / "model.pkl")
    loaded = auto_model.load(path)

    assert loaded is not None
    assert (loaded.version, loaded.trained_on, loaded.n_train, loaded.n_held_out) == (
        auto_model.MODEL_VERSION,
        dt.date(2026, 12, 1),
        trained.n_train,
        trained.n_held_out,
    )
    assert {k: v.alpha for k, v in loaded.trust.items()} == {k: v.alpha for k, v in trained.trust.items()}
    batch = [p.transcript for p in synthetic_pairs(30, seed=5)]
    assert score_batch(batch, loaded) == score_batch(batch, trained)
    assert auto_model.load(tmp_path / "none.pkl") is None


def test_a_model_file_of_another_version_is_refused(trained: AutoQaModel, tmp_path: Path) -> None:
    old = AutoQaModel(0, trained.trained_on, 1, 1, trained.counter, trained.weighting, {})
    path = auto_model.save(old, tmp_path / "old.pkl")
    with pytest.raises(ModelFileError, match="version 0"):
        auto_model.load(path)


def test_too_few_or_unknown_answers_are_refused_by_name() -> None:
    few = synthetic_pairs(5)
    with pytest.raises(TrainingError, match="5 audited transcript"):
        train(few)
    bad = synthetic_pairs(30)
    bad[7] = type(bad[7])(bad[7].transcript, {"courtesy": "met"})
    with pytest.raises(TrainingError, match=f"contact {bad[7].transcript.contact_id}: item 'courtesy'"):
        train(bad)


def test_train_auto_says_there_are_no_transcripts_yet() -> None:
    from heartline.commands.quality import app

    result = CliRunner().invoke(app, ["train-auto"])
    assert result.exit_code == 1
    assert "No stored transcripts yet" in result.output


def test_train_auto_trains_from_the_source_and_saves_into_heartline_home(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from django.conf import settings

    from heartline.commands.quality import app
    from heartline.quality.auto_qa import sources

    found = sources.FoundPairs(synthetic_pairs(120, seed=8), "120 audited transcripts")
    monkeypatch.setitem(sources.SOURCES, "stored", lambda: found)

    result = CliRunner().invoke(app, ["train-auto", "--json"])

    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert Path(figures["path"]) == Path(settings.HEARTLINE_HOME) / "auto_qa" / "model.pkl"
    assert figures["n_train"] + figures["n_held_out"] == 120
    assert [row["item"] for row in figures["items"]] == list(ITEM_CODES)
    assert all(row["status"] in ("trusted", "suggested") and "confusion" in row for row in figures["items"])
    assert auto_model.load(Path(figures["path"])) is not None
