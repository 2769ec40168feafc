"""The permission policy: one table names the roles, `require` refuses with a reason, the menu and
templates follow the table, and no other module decides anything by a role's name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import heartline
from heartline.core import navigation
from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed
from heartline.core.navigation import add_page, entries_for
from heartline.core.permissions import POLICY, Capability, capabilities_of, require, roles_with
from heartline.core.roles import Role
from heartline.warehouse.scope import Scope

SOURCE = Path(heartline.__file__).parent
ROLE_NAMES = frozenset(str(role) for role in Role)
# Where a role may be named: its definition, the policy, and the demo's synthetic staff (data, not rules).
ROLE_NAMES_ALLOWED_IN = (
    "core/roles.py",
    "core/permissions.py",
    "demo/",
)


def person(role: str) -> Caller:
    return Caller(user_id=7, username="someone", role=role, employee_code="e-7", unit_code=None, scope=Scope.nothing())


def test_require_refuses_a_role_without_the_capability_and_says_what() -> None:
    with pytest.raises(NotAllowed, match=r"^a coach may not resolve disputes$"):
        require(person(Role.COACH), Capability.RESOLVE_DISPUTES, "resolve disputes")


def test_require_lets_a_role_with_the_capability_through() -> None:
    require(person(Role.QA_ANALYST), Capability.RESOLVE_DISPUTES, "resolve disputes")


def test_a_person_with_no_role_holds_nothing() -> None:
    assert [c for c in Capability if person("").can(c)] == []


def test_templates_see_the_capabilities_of_the_role_by_name() -> None:
    held = {name for name, allowed in capabilities_of(Role.AGENT).items() if allowed}

    assert held == {
        "take_contacts",
        "follow_own_learning",
        "look_up_members",
        "see_member_claims",
        "record_member_preferences",
        "work_regulated_cases",
        "give_recognition",
    }


def test_every_role_holds_what_its_rows_say() -> None:
    assert roles_with(Capability.EDIT_SCORECARDS) == {"qa_analyst", "manager", "admin"}


def test_every_capability_has_a_row() -> None:
    assert set(POLICY) == set(Capability)


def test_the_menu_shows_an_entry_only_to_those_who_hold_its_capability(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "_ENTRIES", dict(navigation._ENTRIES))  # the menu of other tests stays as it was
    add_page("Policy test page", "policy-test-page", capability=Capability.PLAN_AUDIT_SAMPLES)

    shown_to = {role for role in Role if "policy-test-page" in {e.url_name for e in entries_for(person(role))}}

    assert shown_to == {Role.QA_ANALYST, Role.MANAGER, Role.ADMIN}


def _role_names_deciding(tree: ast.AST) -> list[int]:
    """Lines where a role's name is used to decide something: compared with a `role`, passed as a
    `role…=` filter, or gathered with other role names into a set, list or tuple."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            text = ast.unparse(node)
            constants = [c for c in ast.walk(node) if isinstance(c, ast.Constant) and c.value in ROLE_NAMES]
            if constants and "role" in text:
                lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg and node.arg.startswith("role"):
            if any(isinstance(c, ast.Constant) and c.value in ROLE_NAMES for c in ast.walk(node.value)):
                lines.append(node.value.lineno)
        elif isinstance(node, ast.Set | ast.List | ast.Tuple) and len(node.elts) >= 2:
            if all(isinstance(e, ast.Constant) and e.value in ROLE_NAMES for e in node.elts):
                lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
            lines += [node.lineno] if node.attr.isupper() else []  # a member (Role.ADMIN), not Role.choices
    return lines


def test_no_module_outside_the_policy_decides_by_a_role_name() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = str(path.relative_to(SOURCE))
        if "/migrations/" in relative or relative.startswith(ROLE_NAMES_ALLOWED_IN):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{relative}:{line}" for line in _role_names_deciding(tree)]

    assert found == []


def test_no_template_decides_by_a_role() -> None:
    found = [
        str(path.relative_to(SOURCE))
        for path in sorted(SOURCE.rglob("*.html"))
        if "caller.role ==" in path.read_text(encoding="utf-8")
        or "caller.role !=" in path.read_text(encoding="utf-8")
        or "caller.role in" in path.read_text(encoding="utf-8")
    ]

    assert found == []


def test_a_signed_out_visitor_is_not_the_operator() -> None:
    from django.contrib.auth.models import AnonymousUser

    from heartline.core.scoping import OPERATOR, caller_for

    visitor = caller_for(AnonymousUser())

    assert (visitor.is_operator, OPERATOR.is_operator) == (False, True)
    assert not visitor.can(Capability.ADMINISTER)
