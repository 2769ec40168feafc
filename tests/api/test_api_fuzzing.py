"""schemathesis against the API's own OpenAPI schema: every operation, every role, no server error,
and every answer as the schema documents it (status code, content type, body, headers).

One test per operation, generated from the schema (a new endpoint is fuzzed without editing this file),
sent in-process to Django's WSGI application over the shared small demo, with a personal token of each
demo persona. A case schemathesis generates is sent

- as one role, taking the roles in turn, so each role meets every operation; and, if the case is
  valid by the schema (so it gets past validation to the code behind it),
- again as the administrator, who may reach everything, with the path's ids replaced by real ones of
  the demo, so write endpoints act on records that exist.

The run is bounded and reproducible: schemathesis' coverage phase (boundary values, wrong types, missing
fields, other methods and content types, all deterministic) plus a few derandomized examples per
operation, without shrinking. Each request runs in a savepoint rolled back after it, so nothing it writes
reaches the next request or another test; the warehouse and the library index are copies of the demo's.
"""

from __future__ import annotations

import itertools
import os
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from heartline.config.api import api
from heartline.core.roles import Role
from tests.support.shared_demo import BuiltDemo, copy_on_write

pytestmark = pytest.mark.slow

# Examples per operation after the coverage phase's (about 35 on average, fixed by the schema);
# HEARTLINE_FUZZ_EXAMPLES=200 for a longer hunt.
FUZZED_EXAMPLES = int(os.environ.get("HEARTLINE_FUZZ_EXAMPLES", "3"))

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"mode": "all", "deterministic": True, "no-shrink": True, "max-examples": FUZZED_EXAMPLES},
        "phases": {"examples": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(dict(api.get_openapi_schema()), config=CONFIG)
schema.app = WSGIHandler()

# The checks: no 5xx, and the answer as documented.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# The demo's sign-in of each role (heartline.demo.org.PERSONAS, by role).
PERSONA_OF_ROLE = {
    Role.AGENT: "agent",
    Role.COACH: "coach",
    Role.QA_ANALYST: "qa",
    Role.TRAINER: "trainer",
    Role.CX_ANALYST: "analyst",
    Role.WORKFORCE_PLANNER: "planner",
    Role.MANAGER: "manager",
    Role.EXECUTIVE: "exec",
    Role.COMPLIANCE: "compliance",
    Role.ADMIN: "admin",
}


def real_ids() -> dict[tuple[str, str], str]:
    """(app, path parameter) → the id of one record of the demo that parameter names."""
    from heartline.behaviors.models import Behavior
    from heartline.coaching.models import CoachingSession
    from heartline.learning.models import Credential
    from heartline.library.models import Article
    from heartline.quality.models import Audit, CalibrationSession, Dispute, Scorecard
    from heartline.voice.models import Idea

    def first(model: Any, field: str = "pk", **where: Any) -> str:
        value = model.objects.filter(**where).order_by("pk").values_list(field, flat=True).first()
        assert value is not None, f"the demo has no {model.__name__}"
        return str(value)

    return {
        ("behaviors", "code"): first(Behavior, "code"),
        ("quality", "code"): first(Scorecard, "code"),
        ("quality", "audit_id"): first(Audit),
        ("quality", "dispute_id"): first(Dispute),
        ("quality", "session_id"): first(CalibrationSession),
        ("coaching", "session_id"): first(CoachingSession),
        ("learning", "credential_id"): first(Credential),
        ("voice", "reference"): first(Idea, "reference", reference__isnull=False),
        ("voice", "action"): "review",
        ("voice", "unit"): "commercial-inbound",
        ("library", "article_id"): first(Article, live__isnull=False),
        ("metrics", "name"): "one-and-done",
    }


@pytest.fixture(scope="module")
def fuzz_folders(small_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Copies of the demo's warehouse and library index for the app to read and write; and a token
    failure limit no run reaches (the lockout has its own tests; here it would end the run early)."""
    from heartline.core.analytics import warehouse_source
    from heartline.library.indexing import index_dir

    root = tmp_path_factory.mktemp("api-fuzzing")
    warehouse = copy_on_write(small_demo.warehouse.root, root / "warehouse")
    index = root / "library-index"
    if index_dir().exists():
        shutil.copytree(index_dir(), index)
    with override_settings(WAREHOUSE_DIR=warehouse, LIBRARY_INDEX_DIR=index, LOGIN_FAILURE_LIMIT=10**9):
        warehouse_source.cache_clear()
        yield root
    warehouse_source.cache_clear()


@pytest.fixture
def tokens(small_demo: BuiltDemo, fuzz_folders: Path, db: None) -> Iterator[dict[str, str]]:
    """A personal token of each persona. Django's WSGI handler closes the database connection at the
    end of each request unless told otherwise, as its test client is: it would end the test's
    transaction."""
    from heartline.core.services import create_api_token

    assert settings.LOGIN_FAILURE_LIMIT == 10**9
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {username: create_api_token(username) for username in PERSONA_OF_ROLE.values()}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def turns(request: pytest.FixtureRequest) -> Iterator[str]:
    """The personas in turn, from one that depends on the operation only (so a run is reproducible
    whichever tests ran before, in this process or not)."""
    usernames = list(PERSONA_OF_ROLE.values())
    start = zlib.crc32(request.node.name.encode()) % len(usernames)
    return itertools.cycle(usernames[start:] + usernames[:start])


@pytest.fixture
def ids(small_demo: BuiltDemo, db: None) -> dict[tuple[str, str], str]:
    return real_ids()


def with_real_ids(case: schemathesis.Case, ids: dict[tuple[str, str], str]) -> dict[str, Any] | None:
    """The case's path parameters with each id the demo has one for replaced; None if it names none."""
    app = case.path.removeprefix("/api/v1/").split("/")[0]
    params = dict(case.path_parameters or {})
    known = {name: ids[(app, name)] for name in params if (app, name) in ids}
    return {**params, **known} if known else None


def send(case: schemathesis.Case, token: str) -> None:
    """The case as the token's holder, checked, in a savepoint rolled back afterwards."""
    with transaction.atomic():
        try:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
        finally:
            transaction.set_rollback(True)


@schema.parametrize()
@hypothesis_settings(
    max_examples=FUZZED_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
def test_the_api_answers_every_case_as_its_schema_says(
    case: schemathesis.Case, tokens: dict[str, str], turns: Iterator[str], ids: dict[tuple[str, str], str]
) -> None:
    send(case, tokens[next(turns)])
    if case.meta is not None and case.meta.generation.mode is GenerationMode.NEGATIVE:
        return
    real = with_real_ids(case, ids)
    if real is not None:
        case.path_parameters = real
    send(case, tokens[PERSONA_OF_ROLE[Role.ADMIN]])
