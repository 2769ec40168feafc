"""Background work of the quality app, run by `heartline worker` (django-tasks).

The transcripts app sends `transcripts_stored` once an ingest's batch is committed; the receiver
here only queues `score_transcribed_contacts` (in chunks of TASK_CONTACTS), so each transcribed
contact has its auto-QA answers within minutes of ingest, scored in the worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django_tasks import task

TASK_CONTACTS = 2_000


@task()
def score_transcribed_contacts(contact_ids: list[str]) -> dict[str, Any]:
    """Score the stored transcripts of `contact_ids` with auto-QA and store the answers."""
    from heartline.quality.services.auto_qa import score_contacts

    run = score_contacts(contact_ids)
    return {"scored": run.scored, "answers": run.answers, "model_version": run.model_version}


def on_transcripts_stored(sender: object, contact_ids: Sequence[str], **kwargs: object) -> None:
    """Receiver of transcripts' `transcripts_stored`: queue their scoring once the data is committed."""
    ids = list(contact_ids)
    for start in range(0, len(ids), TASK_CONTACTS):
        transaction.on_commit(partial(score_transcribed_contacts.enqueue, ids[start : start + TASK_CONTACTS]))
