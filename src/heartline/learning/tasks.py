"""Background work for credentials, run by `heartline worker` (django-tasks).

The quality app sends `audit_completed` after an audit's final score is committed; the receiver
here only queues `evaluate_agent_credentials` for that agent, so the rules run in the worker.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from heartline.quality.contracts import AuditScore


@task()
def evaluate_agent_credentials(agent_code: str) -> dict[str, Any]:
    """Apply the credential rules to one agent (after a new audit or a completed course)."""
    from heartline.learning.services import evaluate_agent

    return evaluate_agent(agent_code).as_dict()


@task()
def recompute_all_credentials() -> dict[str, Any]:
    """The nightly run: expiry and anything an evaluation missed, for everyone concerned."""
    from heartline.learning.services import recompute_credentials

    return recompute_credentials().as_dict()


def on_audit_completed(sender: object, audit_score: AuditScore, **kwargs: object) -> None:
    """Receiver of quality's `audit_completed`: queue the agent's evaluation once the data is committed."""
    agent_code = audit_score.agent_code
    transaction.on_commit(lambda: evaluate_agent_credentials.enqueue(agent_code))
