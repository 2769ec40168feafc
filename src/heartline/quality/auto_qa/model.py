"""The trained part of auto-QA: character n-gram TF-IDF of the agent's words plus the rules' verdicts,
and one logistic regression per item, saved with its version, training date, n and per-item agreement.

Each agent turn is counted once (`AgentCounts`); a transcript's counts are the sum of its turns', so
the same counts weigh a whole transcript (to answer) and a single turn (to find the evidence).

Character n-grams (2–4, within words) read English, Spanish and Chinese alike with no tokenizer and
no download. The rules' verdicts go in as features, so the model learns where the auditors agree with
a rule and where they answer from words no cue lists. An item whose training answers were all the
same has no classifier: its rule answers alone.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression

from heartline.quality.auto_qa.contracts import ANSWERS, Transcript
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.rules import RuleVerdict
from heartline.quality.auto_qa.trust import ItemTrust

MODEL_VERSION = 2
MODEL_FILE = "auto_qa/model.pkl"


class ModelFileError(ValueError):
    """A saved model that cannot be used (unreadable, or written by another version)."""


@dataclass
class AutoQaModel:
    version: int
    trained_on: dt.date
    n_train: int  # contacts trained on
    n_held_out: int  # contacts agreement was measured on
    counter: CountVectorizer  # character n-grams of agent turns
    weighting: TfidfTransformer  # fitted on whole transcripts' counts
    classifiers: dict[str, LogisticRegression]
    trust: dict[str, ItemTrust] = field(default_factory=dict)


def new_counter() -> CountVectorizer:
    return CountVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), min_df=2, max_features=60_000, lowercase=False, dtype=np.float32
    )


def new_weighting() -> TfidfTransformer:
    return TfidfTransformer(sublinear_tf=True)


@dataclass(frozen=True)
class AgentCounts:
    """N-gram counts of every agent turn of a batch, and the same summed per transcript."""

    by_turn: sp.csr_matrix  # agent turns × n-grams
    owner: npt.NDArray[np.intp]  # the transcript (row of the batch) of each agent turn
    turn_index: npt.NDArray[np.intp]  # the turn's index within its transcript
    by_transcript: sp.csr_matrix  # transcripts × n-grams


def agent_counts(counter: CountVectorizer, transcripts: Sequence[Transcript]) -> AgentCounts:
    owner, turn_index, texts = [], [], []
    for row, transcript in enumerate(transcripts):
        for index, turn in enumerate(transcript.turns):
            if turn.speaker == "agent":
                owner.append(row)
                turn_index.append(index)
                texts.append(turn.text.lower())
    by_turn = _counted(counter, texts)
    owners = np.asarray(owner, dtype=np.intp)
    summing = sp.csr_matrix(
        (np.ones(owners.size, dtype=np.float32), (owners, np.arange(owners.size))),
        shape=(len(transcripts), owners.size),
    )
    return AgentCounts(by_turn, owners, np.asarray(turn_index, dtype=np.intp), (summing @ by_turn).tocsr())


def _counted(counter: CountVectorizer, texts: list[str]) -> sp.csr_matrix:
    """Each text's n-gram counts, each distinct text counted once (scripted lines recur across calls)."""
    if not texts:
        return sp.csr_matrix((0, len(counter.vocabulary_)), dtype=np.float32)
    index: dict[str, int] = {}
    rows = np.fromiter((index.setdefault(text, len(index)) for text in texts), dtype=np.intp, count=len(texts))
    distinct = counter.transform(list(index))
    return distinct if len(index) == len(texts) else distinct[rows]


def agent_turn_texts(transcripts: Sequence[Transcript]) -> list[str]:
    return [turn.text.lower() for t in transcripts for turn in t.turns if turn.speaker == "agent"]


def rule_features(verdicts: Sequence[dict[str, RuleVerdict]]) -> sp.csr_matrix:
    """One-hot rule answers: items × (met, not met, na) columns per transcript."""
    width = len(ANSWERS)
    rows, cols = [], []
    for row, verdict in enumerate(verdicts):
        for k, item in enumerate(ITEM_CODES):
            rows.append(row)
            cols.append(k * width + ANSWERS.index(verdict[item].answer))
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(verdicts), len(ITEM_CODES) * width))


def features(model: AutoQaModel, counts: sp.csr_matrix, verdicts: Sequence[dict[str, RuleVerdict]]) -> sp.csr_matrix:
    return sp.hstack([model.weighting.transform(counts), rule_features(verdicts)], format="csr")


def trusted_items(model: AutoQaModel | None) -> frozenset[str]:
    """Items whose auto answers may count in scores and credentials; every other item is "suggested"."""
    if model is None:
        return frozenset()
    return frozenset(item for item, trust in model.trust.items() if trust.status == "trusted")


def default_path() -> Path:
    """HEARTLINE_HOME/auto_qa/model.pkl (Django's setting when loaded, else the environment)."""
    try:
        from django.conf import settings

        if settings.configured:
            return Path(settings.HEARTLINE_HOME) / MODEL_FILE
    except ImportError:  # pragma: no cover
        pass
    return (Path(os.environ.get("HEARTLINE_HOME", "var")) / MODEL_FILE).resolve()


def save(model: AutoQaModel, path: Path | None = None) -> Path:
    target = path or default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    with partial.open("wb") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(target)  # a reader never sees half a file
    return target


def load(path: Path | None = None) -> AutoQaModel | None:
    """The saved model, or None when none has been trained. Only Heartline's own data folder is read."""
    source = path or default_path()
    if not source.exists():
        return None
    try:
        with source.open("rb") as handle:
            model = pickle.load(handle)  # noqa: S301 - written by `save` into Heartline's own data folder
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise ModelFileError(f"{source}: not a readable auto-QA model ({exc}); train again") from exc
    if not isinstance(model, AutoQaModel) or model.version != MODEL_VERSION:
        found = getattr(model, "version", "unknown")
        raise ModelFileError(
            f"{source}: auto-QA model version {found}, this Heartline reads {MODEL_VERSION}; train again"
        )
    return model
