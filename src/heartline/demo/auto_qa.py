"""Demo step `auto-qa`: train auto-QA on the demo's audited transcripts, then score every transcribed
contact — what `heartline quality train-auto` and `heartline quality score-auto` do on real data.

The transcripts step planted in each audited call the behaviors its audit found (with some noise and
paraphrases), so the agreement measured here on held-out audits is a real measure of the scorer,
not a given. The model is saved where the pages read it (HEARTLINE_HOME/auto_qa/model.pkl); its
per-item agreement is left in `context.extras["auto_qa_trust"]` and the counts in `context.counts`.
"""

from __future__ import annotations

from heartline.demo.steps import DemoContext
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.sources import pairs_of
from heartline.quality.auto_qa.training import TrainingError, train
from heartline.quality.models import AutoAnswer, AutoAnswerOverride
from heartline.quality.selectors.auto_qa import COLUMNS, as_stored_transcript
from heartline.quality.services.auto_qa import BATCH, score_stored
from heartline.transcripts.tables import TRANSCRIPTS

DRAWS = 500  # bootstrap resamples of each item's interval
MAX_FIT = 3_000  # audited transcripts fitted on (more changes little); every held-out one is measured


def build_auto_qa(ctx: DemoContext) -> None:
    table = ctx.table(TRANSCRIPTS).select(COLUMNS)
    stored = [t for t in map(as_stored_transcript, table.to_pylist()) if t is not None]
    batches = [stored[k : k + BATCH] for k in range(0, len(stored), BATCH)]
    ctx.report(0, len(batches) + 1)
    found = pairs_of(batches)
    try:
        model = train(found.pairs, seed=ctx.seed, trained_on=ctx.timeline.last_day, draws=DRAWS, max_fit=MAX_FIT)
    except TrainingError:
        model = None  # too few audited transcripts (never at the demo's sizes): the rules answer alone
    if model is not None:
        auto_model.save(model)
        ctx.extras["auto_qa_trust"] = dict(model.trust)
    ctx.report(1, len(batches) + 1)
    run = score_stored(batches, model, lambda done, total: ctx.report(1 + done // BATCH, len(batches) + 1))
    ctx.counts.update(auto_qa_trained_on=len(found.pairs), auto_qa_scored=run.scored, auto_answers=run.answers)
    ctx.report(len(batches) + 1, len(batches) + 1)


def wipe_auto_qa(ctx: DemoContext) -> None:
    """The auto answers, overrides and model an earlier demo left."""
    AutoAnswer.objects.all().delete()
    AutoAnswerOverride.objects.all().delete()
    auto_model.default_path().unlink(missing_ok=True)
