"""Background work for credentials and boosters, run by `heartline worker` (django-tasks).

The quality app sends `audit_completed` after an audit's final score is committed; the receiver
here only queues `evaluate_agent_credentials` and `assign_boosters_for` for that agent, so the
rules run in the worker.
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


@task()
def assign_boosters_for(agent_code: str) -> dict[str, Any]:
    """Assign the boosters one agent's audits (or flagged credential) now call for."""
    from heartline.core.scoping import OPERATOR
    from heartline.learning.services import assign_boosters

    return assign_boosters(OPERATOR, agent_codes=[agent_code]).as_dict()


@task()
def assign_all_boosters() -> dict[str, Any]:
    """The nightly run: every booster the rules call for, for everyone."""
    from heartline.core.scoping import OPERATOR
    from heartline.learning.services import assign_boosters

    return assign_boosters(OPERATOR).as_dict()


def on_audit_completed(sender: object, audit_score: AuditScore, **kwargs: object) -> None:
    """Receiver of quality's `audit_completed`: queue the agent's evaluation once the data is committed."""
    agent_code = audit_score.agent_code
    transaction.on_commit(lambda: evaluate_agent_credentials.enqueue(agent_code))
    # After the credential evaluation (a flag it sets is a reason for a booster too).
    transaction.on_commit(lambda: assign_boosters_for.enqueue(agent_code))
