"""Every write × every role: a person the policy allows is let through, anyone else is refused and
nothing is written.

The writes are read from the API's OpenAPI schema (every POST, PUT, PATCH and DELETE) and from the
URL resolver (every page, posted to); `WRITES` says, for each, which capability of
`heartline.core.permissions.POLICY` the service behind it requires, so who may act follows from the
policy table, not from a list of roles here. Some writes narrow that further to the record's own
people (only the representative audited disputes an audit): `only` names them, with the reason.
Records are those of tests.support.matrix_world, all in unit `commercial`; a person whose scope does
not cover that unit (the manager, who looks after `medicare`) is refused a write that `scoped` says
acts on it.

- allowed: any answer but 403 and 5xx (the request is mostly a placeholder, so 400 or 404 is the
  usual answer; the matrix pins who gets past the permission check, not what a valid write does);
- refused: 403, or 404 where the record is not one the person may see, and no row of the app
  database changes (the access log, which records the denial, aside).

A write without a row fails `test_every_write_has_a_row`; a page without a row must write nothing
for anyone. Each request runs in a savepoint rolled back after it, so every one meets the same world.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from heartline.core.permissions import POLICY, Capability
from heartline.core.scoping import caller_for
from tests.core.test_permission_matrix import API_ROOT, answer, api_operations, page_url, pages
from tests.support.matrix_world import ROLE_USERS, MatrixWorld, build_matrix_world

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

pytestmark = pytest.mark.slow

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ROLES = tuple(ROLE_USERS)
UNIT = "commercial"  # the unit every record of the world belongs to

# Rows that record the request rather than change anything: the access log writes each denial down.
NOT_WRITES = frozenset({"core.accesslogentry", "core.tokenfailure", "sessions.session"})
NOT_WRITE_APPS = frozenset({"axes"})


@dataclass(frozen=True)
class Rule:
    """Who may make one write: holders of `capability` (everyone signed in when None), narrowed to
    the usernames in `only` when the record has its own people, and to those whose scope covers the
    record's unit when `scoped`."""

    capability: Capability | None
    scoped: bool = False
    only: frozenset[str] | None = None
    why: str = ""
    refusals: frozenset[int] = frozenset({403, 404})

    def allows(self, role: str, username: str) -> bool:
        if self.capability is not None and role not in POLICY[self.capability]:
            return False
        if self.only is not None and username not in self.only:
            return False
        return not (self.scoped and not covers_unit(username))


ANYONE = Rule(None)


def needs(
    capability: Capability,
    *,
    scoped: bool = False,
    only: tuple[str, ...] | None = None,
    why: str = "",
    refusals: tuple[int, ...] = (403, 404),
) -> Rule:
    return Rule(capability, scoped, frozenset(only) if only is not None else None, why, frozenset(refusals))


def covers_unit(username: str) -> bool:
    from django.contrib.auth import get_user_model

    scope = caller_for(get_user_model().objects.get(username=username)).scope
    return scope.unrestricted or UNIT in scope.unit_codes


C = Capability
WRITES: dict[str, Rule] = {
    # The API.
    "POST /api/v1/behaviors/definitions": needs(C.DEFINE_DIVISION_BEHAVIORS),
    "POST /api/v1/behaviors/values": needs(C.DEFINE_DIVISION_BEHAVIORS),
    "POST /api/v1/behaviors/{code}/wordings": needs(C.DEFINE_DIVISION_BEHAVIORS, why="no unit: the division's wording"),
    "POST /api/v1/behaviors/rehearsals": needs(C.LEAD_REHEARSALS, scoped=True),
    "POST /api/v1/coaching/sessions": needs(C.COACH_FRONT_LINE, scoped=True),
    "POST /api/v1/coaching/sessions/{session_id}/follow-up": needs(
        C.COACH_FRONT_LINE, only=("coach",), why="the coach who held the session"
    ),
    "POST /api/v1/coaching/leaders/{code}/commitments": needs(C.KEEP_LEADER_FOLLOW_UPS, scoped=True),
    "POST /api/v1/coaching/leaders/{code}/check-ins": needs(C.KEEP_LEADER_FOLLOW_UPS, scoped=True),
    "POST /api/v1/coaching/leaders/{code}/commitments/{id}/close": needs(C.KEEP_LEADER_FOLLOW_UPS, scoped=True),
    "POST /api/v1/library/articles/{article_id}/adoptions": needs(
        C.RECORD_PRACTICE_ADOPTION,
        why="the unit is named in the body (a placeholder here); the page's row checks the scope",
    ),
    "PUT /api/v1/library/articles/{article_id}/target": needs(
        C.RECORD_PRACTICE_ADOPTION, why="no unit: what the practice targets, for every unit"
    ),
    "POST /api/v1/ingest/cases": needs(C.ADMINISTER),
    "POST /api/v1/ingest/fhir": needs(C.INGEST_MEMBER_RECORDS),
    "POST /api/v1/ingest/test-calls": needs(C.ADMINISTER),
    "POST /api/v1/ingest/staffing-plan": needs(C.ADMINISTER),
    "POST /api/v1/compliance/cases/intake": needs(
        C.WORK_REGULATED_CASES,
        scoped=True,
        why="the placeholder body is refused (400) before the case is looked up; nothing is written",
        refusals=(400, 403, 404),
    ),
    "POST /api/v1/compliance/cases/{case_id}/decision": needs(
        C.WORK_REGULATED_CASES,
        scoped=True,
        why="the placeholder body is refused (400) before the case is looked up; nothing is written",
        refusals=(400, 403, 404),
    ),
    "POST /api/v1/compliance/cases/{case_id}/extension": needs(
        C.WORK_REGULATED_CASES,
        scoped=True,
        why="the placeholder body is refused (400) before the case is looked up; nothing is written",
        refusals=(400, 403, 404),
    ),
    "POST /api/v1/compliance/cases/{case_id}/notification": needs(
        C.WORK_REGULATED_CASES,
        scoped=True,
        why="the placeholder body is refused (400) before the case is looked up; nothing is written",
        refusals=(400, 403, 404),
    ),
    "POST /api/v1/compliance/cases/{case_id}/owner": needs(
        C.WORK_REGULATED_CASES,
        scoped=True,
        why="the placeholder body is refused (400) before the case is looked up; nothing is written",
        refusals=(400, 403, 404),
    ),
    "POST /api/v1/members/{member_id}/consent": needs(C.RECORD_MEMBER_PREFERENCES),
    "POST /api/v1/insights/next-best-actions/{member_id}/outcomes": needs(
        C.RECORD_MEMBER_PREFERENCES, why="no unit: whoever records what a member says on a contact"
    ),
    "POST /api/v1/members/{member_id}/preferences": needs(C.RECORD_MEMBER_PREFERENCES),
    "POST /api/v1/insights/campaigns": needs(
        C.RUN_CAMPAIGNS,
        why="no unit: a campaign targets a segment of the whole plan; the placeholder action is refused",
    ),
    "POST /api/v1/ingest/contacts": needs(C.ADMINISTER),
    "POST /api/v1/ingest/survey-responses": needs(C.ADMINISTER),
    "POST /api/v1/ingest/voice-benchmarks": needs(C.ADMINISTER),
    "POST /api/v1/ingest/transcripts": needs(C.INGEST_TRANSCRIPTS),
    "POST /api/v1/learning/completions": needs(C.RECORD_TRAINING, scoped=True),
    "POST /api/v1/learning/completions/import": needs(
        C.RECORD_TRAINING,
        scoped=True,
        why="checked row by row: a row the person may not record refuses the whole file (422), naming it",
        refusals=(403, 404, 422),
    ),
    "POST /api/v1/learning/credentials/{credential_id}/revoke": needs(C.REVOKE_CREDENTIALS),
    "POST /api/v1/learning/notifications/read": ANYONE,
    "POST /api/v1/learning/programs": needs(C.DEFINE_PROGRAMS),
    "POST /api/v1/learning/waves": needs(C.MANAGE_TRAINING, scoped=True),
    "POST /api/v1/learning/recognitions": needs(
        C.GIVE_RECOGNITION,
        only=("agent", "coach", "admin"),
        why="a peer of the recipient's unit, or someone who looks after it (the manager looks after medicare)",
    ),
    "POST /api/v1/learning/praise/{response_id}/pass-on": needs(
        C.PASS_ON_MEMBER_PRAISE, why="no such praise: refused (400) after the permission check; nothing is written"
    ),
    "POST /api/v1/learning/boosters": needs(C.DEFINE_BOOSTERS),
    "POST /api/v1/learning/booster-assignments": needs(C.ASSIGN_BOOSTERS, scoped=True),
    "POST /api/v1/learning/booster-assignments/run": needs(C.ASSIGN_BOOSTERS),
    "POST /api/v1/learning/booster-assignments/{assignment_id}/complete": Rule(
        None,
        only=frozenset({"agent", "coach", "trainer", "admin"}),
        why="the representative themselves, or who records training in their unit",
    ),
    "POST /api/v1/library/articles/{article_id}/helpful": ANYONE,
    "POST /api/v1/quality/audits": needs(C.AUDIT_CONTACTS),
    "PUT /api/v1/quality/audits/{audit_id}/answers": needs(C.AUDIT_CONTACTS, only=("qa",), why="the audit's auditor"),
    "POST /api/v1/quality/audits/{audit_id}/dispute": needs(
        C.TAKE_CONTACTS, only=("agent",), why="the representative audited"
    ),
    "POST /api/v1/quality/calibrations": needs(C.LEAD_CALIBRATION),
    "POST /api/v1/quality/calibrations/{session_id}/close": needs(C.LEAD_CALIBRATION),
    "POST /api/v1/quality/calibrations/{session_id}/scores": needs(
        C.AUDIT_CONTACTS, only=("qa", "coach"), why="the session's participants"
    ),
    "POST /api/v1/quality/disputes/{dispute_id}/resolve": needs(
        C.RESOLVE_DISPUTES, scoped=True, only=("manager", "admin"), why="not the audit's own auditor"
    ),
    "POST /api/v1/quality/plans": needs(C.PLAN_AUDIT_SAMPLES, scoped=True),
    "POST /api/v1/quality/scorecards": needs(C.EDIT_SCORECARDS),
    "POST /api/v1/quality/scorecards/{code}/versions": needs(C.EDIT_SCORECARDS),
    "POST /api/v1/voice/ideas": ANYONE,
    "POST /api/v1/voice/ideas/{reference}/comments": ANYONE,
    "POST /api/v1/voice/ideas/{reference}/vote": ANYONE,
    "DELETE /api/v1/voice/ideas/{reference}/vote": ANYONE,
    "POST /api/v1/workforce/events": needs(C.PLAN_WORKFORCE, why="no unit: the planning calendar is the division's"),
    "DELETE /api/v1/workforce/events/{event_id}": needs(
        C.PLAN_WORKFORCE, why="no unit: the planning calendar is the division's"
    ),
    "POST /api/v1/voice/follow-ups/open": needs(
        C.FOLLOW_UP_DETRACTORS, why="opens follow-ups in the caller's own units only (the matrix world has no surveys)"
    ),
    "POST /api/v1/voice/follow-ups/{follow_up_id}/outcome": needs(C.FOLLOW_UP_DETRACTORS, scoped=True),
    "POST /api/v1/voice/ideas/{reference}/{action}": needs(
        C.MOVE_DIVISION_IDEAS, why="a division's idea: MOVE_UNIT_IDEAS is for the mover's own unit"
    ),
    # The pages' forms.
    "POST behaviors:reword": needs(C.DEFINE_DIVISION_BEHAVIORS, why="no unit: the division's wording"),
    "POST coaching:create": needs(C.COACH_FRONT_LINE, scoped=True),
    "POST members:preferences": needs(
        C.RECORD_MEMBER_PREFERENCES, why="no unit: any representative answers any member"
    ),
    "POST workforce:event-add": needs(C.PLAN_WORKFORCE, why="no unit: the planning calendar is the division's"),
    "POST workforce:event-remove": needs(C.PLAN_WORKFORCE, why="no unit: the planning calendar is the division's"),
    "POST coaching:follow-up": needs(C.COACH_FRONT_LINE, only=("coach",), why="the coach who held the session"),
    "POST coaching:leader-commit": needs(C.KEEP_LEADER_FOLLOW_UPS, scoped=True),
    "POST coaching:leader-check-in": needs(C.KEEP_LEADER_FOLLOW_UPS, scoped=True),
    "POST coaching:leader-close": needs(C.KEEP_LEADER_FOLLOW_UPS, scoped=True),
    "POST library:adopt": needs(C.RECORD_PRACTICE_ADOPTION, scoped=True),
    "POST library:target": needs(C.RECORD_PRACTICE_ADOPTION, why="no unit: what the practice targets, for every unit"),
    "POST insights:action-outcome": needs(
        C.RECORD_MEMBER_PREFERENCES, why="no unit: whoever records what a member says on a contact"
    ),
    "POST insights:segments": needs(C.DEFINE_SEGMENTS),
    "POST insights:campaigns": needs(C.RUN_CAMPAIGNS, why="no unit: a campaign targets a segment of the whole plan"),
    "POST learning:complete": ANYONE,
    "POST learning:read-notifications": ANYONE,
    "POST learning:recognise": needs(C.GIVE_RECOGNITION, why="posted empty: refused (400) once past the permission"),
    "POST learning:pass-on": needs(C.PASS_ON_MEMBER_PRAISE, why="posted empty: refused (400) once past the permission"),
    "POST learning:assign-boosters": needs(C.ASSIGN_BOOSTERS),
    "POST learning:complete-booster": ANYONE,
    "POST learning:booster-new": needs(C.DEFINE_BOOSTERS),
    "POST learning:booster-edit": needs(C.DEFINE_BOOSTERS),
    "POST library:helpful": ANYONE,
    "POST library:transition": needs(
        C.REVIEW_ARTICLES,
        why="archiving; the article's author, refused, is sent back to its edit page with the refusal shown",
        refusals=(302, 403, 404),
    ),
    "POST library:upload": needs(
        C.AUTHOR_ARTICLES, only=("trainer", "manager", "admin"), why="its author or a reviewer"
    ),
    "POST quality:auto-qa-override": needs(C.AUDIT_CONTACTS, scoped=True),
    "POST quality:calibration-close": needs(C.LEAD_CALIBRATION),
    "POST quality:calibration-create": needs(C.LEAD_CALIBRATION),
    "POST quality:calibration-score": needs(C.AUDIT_CONTACTS, only=("qa", "coach"), why="the session's participants"),
    "POST quality:dispute": needs(C.TAKE_CONTACTS, only=("agent",), why="the representative audited"),
    "POST quality:resolve": needs(
        C.RESOLVE_DISPUTES, scoped=True, only=("manager", "admin"), why="not the audit's own auditor"
    ),
    "POST quality:save": needs(C.AUDIT_CONTACTS, only=("qa",), why="the audit's auditor"),
    "POST quality:scorecard-create": needs(C.EDIT_SCORECARDS),
    "POST quality:scorecard-discard": needs(C.EDIT_SCORECARDS),
    "POST quality:scorecard-draft-edit": needs(C.EDIT_SCORECARDS),
    "POST quality:scorecard-next": needs(C.EDIT_SCORECARDS),
    "POST quality:scorecard-publish": needs(C.EDIT_SCORECARDS),
    "POST quality:sample-draw": needs(C.PLAN_AUDIT_SAMPLES, scoped=True),
    "POST quality:start": needs(C.AUDIT_CONTACTS),
    "POST voice:comment": ANYONE,
    "POST voice:follow-up-outcome": needs(C.FOLLOW_UP_DETRACTORS, scoped=True),
    "POST voice:follow-ups-open": needs(
        C.FOLLOW_UP_DETRACTORS, why="opens follow-ups in the caller's own units only (the matrix world has no surveys)"
    ),
    "POST voice:move": needs(C.MOVE_DIVISION_IDEAS, why="a division's idea"),
    "POST voice:propose": ANYONE,
    "POST voice:vote": ANYONE,
}
del C

# Requests the placeholder of the permission matrix would not get past validation (which some
# services check before the permission): the valid request, naming the world's records.
VALID_BODIES: dict[str, dict[str, Any]] = {
    "POST /api/v1/behaviors/rehearsals": {
        "unit": UNIT,
        "held_on": "2026-03-20",
        "behaviors": ["welcome-warmly"],
        "attendees": ["e-agent"],
    },
    "POST /api/v1/coaching/sessions": {
        "coachee": "e-agent",
        "held_on": "2026-03-20",
        "focus_behaviors": ["welcome-warmly"],
    },
    "POST /api/v1/learning/completions": {
        "employee_code": "e-coach",
        "program": "heart-4",
        "component": "c1",
        "completed_on": "2026-03-20",
    },
    "POST /api/v1/learning/waves": {"program": "heart-4", "unit": UNIT, "starts_on": "2026-04-06"},
    "POST /api/v1/learning/recognitions": {"recipient": "e-bo", "behavior": "welcome-warmly", "message": "Warm."},
    "POST /api/v1/learning/boosters": {
        "code": "boost-listen",
        "title": "Let them finish",
        "behavior": "listen-fully",
        "body": "Three calls to hear.",
    },
    "POST /api/v1/learning/booster-assignments": {"booster": "boost-welcome", "employee": "e-bo"},
    "POST /api/v1/quality/plans": {"unit": UNIT, "month": "2026-03-01", "scorecard": "cqa"},
}
VALID_CSV: dict[str, str] = {
    "POST /api/v1/learning/completions/import": (
        "employee_code,program,component,completed_on\ne-coach,heart-4,c1,2026-03-20\n"
    ),
}
VALID_FORMS: dict[str, dict[str, Any]] = {
    "POST coaching:create": {"coachee": "e-agent", "held_on": "2026-03-20", "focus": ["welcome-warmly"]},
    "POST coaching:leader-commit": {
        "leadership_behavior": "model-listening",
        "text": "Open each huddle with a listening moment",
        "made_on": "2026-03-20",
    },
    "POST coaching:leader-check-in": {"month": "2026-03-01"},
    "POST coaching:leader-close": {"commitment": "{commitment_id}", "closed_on": "2026-03-20"},
    "POST quality:sample-draw": {
        "unit": UNIT,
        "month": "2026-03",
        "per_agent": "1",
        "method": "random",
        "scorecard": "cqa",
    },
    "POST learning:booster-new": {
        "code": "boost-listen",
        "title": "Let them finish",
        "behavior": "listen-fully",
        "body": "Three calls to hear.",
        **dict.fromkeys(("minutes", "misses_to_assign", "of_last_audits", "due_days"), "2"),
    },
    "POST learning:booster-edit": {
        "title": "Open warm",
        "behavior": "welcome-warmly",
        "body": "Two openings to hear.",
        **dict.fromkeys(("minutes", "misses_to_assign", "of_last_audits", "due_days"), "2"),
        "active": "on",
    },
    "POST library:adopt": {"unit": UNIT, "adopted_on": "2026-03-20"},
    "POST library:target": {"metric": "one-and-done"},
}
# Ids a write is made on, where the permission matrix's would not tell who may act.
IDS: dict[str, dict[str, str]] = {
    "POST library:transition": {"action": "archive"},
}


def is_write(key: str) -> bool:
    return key.split(" ", 1)[0] in WRITE_METHODS


def api_writes() -> set[str]:
    return {key for key in api_operations() if is_write(key)}


# An INSERT, UPDATE or DELETE and the table it changes (SQLite and PostgreSQL, as Django writes them).
WRITE_STATEMENT = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def unwatched_tables() -> frozenset[str]:
    """The tables of the access log, the sessions and the login throttle: written by any request."""
    return frozenset(
        model._meta.db_table.lower()
        for model in apps.get_models()
        if model._meta.label_lower in NOT_WRITES or model._meta.app_label in NOT_WRITE_APPS
    )


class WriteRecorder:
    """The app-database tables whose rows a request changed: every INSERT, UPDATE or DELETE that
    touched a row, seen as Django's connection runs it (every write of the app goes through it)."""

    def __init__(self) -> None:
        self.unwatched = unwatched_tables()
        self.tables: set[str] = set()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        result = execute(sql, params, many, context)
        match = WRITE_STATEMENT.match(sql)
        # rowcount is -1 where the driver cannot tell: counted as a write.
        if match and match[1].lower() not in self.unwatched and context["cursor"].rowcount != 0:
            self.tables.add(match[1].lower())
        return result


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MatrixWorld]:
    """One set of records for the whole module, in a transaction rolled back when the module ends."""
    from heartline.core.analytics import warehouse_source
    from heartline.warehouse.store import Warehouse

    root: Path = tmp_path_factory.mktemp("write-matrix")
    with (
        django_db_blocker.unblock(),
        override_settings(WAREHOUSE_DIR=root / "warehouse", LIBRARY_INDEX_DIR=root / "library-index"),
    ):
        warehouse_source.cache_clear()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_matrix_world(Warehouse(root / "warehouse"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            warehouse_source.cache_clear()


def attempt(client: Client, key: str, ids: dict[str, str]) -> tuple[int, bool]:
    """The write's status, and whether it changed the app database; rolled back either way."""
    ids = {**ids, **IDS.get(key, {})}
    recorder = WriteRecorder()
    with transaction.atomic(), connection.execute_wrapper(recorder):
        if key in VALID_BODIES:
            method, path = key.split(" ", 1)
            send = getattr(client, method.lower())
            status = int(send(path, data=VALID_BODIES[key], content_type="application/json").status_code)
        elif key in VALID_CSV:
            path = key.split(" ", 1)[1]
            status = int(client.post(path, data=VALID_CSV[key], content_type="text/csv").status_code)
        elif key in VALID_FORMS:
            form = {k: v.format(**ids) if isinstance(v, str) else v for k, v in VALID_FORMS[key].items()}
            status = int(client.post(page_url(key.split(" ", 1)[1], ids), form).status_code)
        else:
            status = answer(client, key, ids)
        transaction.set_rollback(True)
    wrote = bool(recorder.tables)
    return status, wrote


def test_every_write_has_a_row() -> None:
    api_rows = {key for key in WRITES if key.split(" ", 1)[1].startswith(API_ROOT)}
    page_rows = {key.split(" ", 1)[1] for key in WRITES} - {key.split(" ", 1)[1] for key in api_rows}
    assert (sorted(api_writes() - api_rows), sorted(api_rows - api_writes()), sorted(page_rows - set(pages()))) == (
        [],
        [],
        [],
    )


def test_every_rule_names_people_of_the_world() -> None:
    usernames = set(ROLE_USERS.values())
    assert {name for rule in WRITES.values() for name in (rule.only or ())} <= usernames


def outcome(role: str, username: str, key: str, status: int, wrote: bool) -> str:
    """`ok`, or what is wrong with the answer."""
    if status >= 500:
        return f"server error {status}"
    if WRITES[key].allows(role, username):
        return "refused" if status == 403 else "ok"
    if status not in WRITES[key].refusals:
        return f"let through ({status})"
    return "wrote while refusing" if wrote else "ok"


@pytest.mark.parametrize("role", ROLES)
def test_each_write_lets_in_whom_the_policy_allows_and_no_one_else(role: str, world: MatrixWorld, db: None) -> None:
    username = ROLE_USERS[role]
    client = Client(raise_request_exception=False)
    client.force_login(world.people[role].user)
    results = {}
    for key in sorted(WRITES):
        status, wrote = attempt(client, key, world.ids)
        results[key] = outcome(role, username, key, status, wrote)
    assert {key: result for key, result in results.items() if result != "ok"} == {}


@pytest.mark.parametrize("role", ROLES)
def test_a_page_without_a_row_writes_nothing_when_posted_to(role: str, world: MatrixWorld, db: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.people[role].user)
    unlisted = sorted(f"POST {name}" for name in pages() if f"POST {name}" not in WRITES and name != "logout")
    wrote = {}
    for key in unlisted:
        status, changed = attempt(client, key, world.ids)
        if changed or status >= 500:
            wrote[key] = status
    assert wrote == {}


def test_the_recorder_sees_a_row_written_and_not_an_access_log_entry(world: MatrixWorld, db: None) -> None:
    from heartline.core.models import AccessLogEntry
    from heartline.core.services import log_access

    caller = caller_for(world.people["admin"].user)
    quiet, written = WriteRecorder(), WriteRecorder()
    with transaction.atomic(), connection.execute_wrapper(quiet):
        log_access(caller, "test.read", "nothing")
        AccessLogEntry.objects.filter(action="no such action").update(resource="x")
        transaction.set_rollback(True)
    with transaction.atomic(), connection.execute_wrapper(written):
        world.people["agent"].user.save(update_fields=["first_name"])
        transaction.set_rollback(True)
    assert (quiet.tables, written.tables) == (set(), {"auth_user"})
