"""The demo build as its callers rely on it: deterministic, replaceable, sized, reporting progress."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.models import Employee, Team, Unit
from heartline.demo import blueprint
from heartline.demo.build import SIZES, build_demo
from heartline.demo.fingerprint import org_digest, table_digest
from heartline.demo.steps import registered_steps
from heartline.members.models import Member
from heartline.warehouse.store import Warehouse
from tests.demo.built import SEED, BuiltDemo


def test_the_same_seed_builds_the_same_contacts(small_demo: BuiltDemo, db: None, warehouse: Warehouse) -> None:
    build_demo(size="small", seed=SEED, warehouse=warehouse)

    assert table_digest(warehouse, CONTACTS) == small_demo.contacts_digest


def test_the_same_seed_builds_the_same_cases_and_org(small_demo: BuiltDemo, db: None, warehouse: Warehouse) -> None:
    build_demo(size="small", seed=SEED, warehouse=warehouse)

    assert (table_digest(warehouse, CASES), org_digest(blueprint.DIVISION_CODE)) == (
        small_demo.cases_digest,
        small_demo.org_digest,
    )


def test_another_seed_builds_other_contacts(small_demo: BuiltDemo, db: None, warehouse: Warehouse) -> None:
    build_demo(size="small", seed=SEED + 1, warehouse=warehouse)

    assert table_digest(warehouse, CONTACTS) != small_demo.contacts_digest


def test_a_rebuild_replaces_the_plan_instead_of_adding_to_it(
    small_demo: BuiltDemo, db: None, warehouse: Warehouse
) -> None:
    build_demo(size="small", seed=SEED, warehouse=warehouse)
    summary = build_demo(size="small", seed=SEED, warehouse=warehouse)

    delta = warehouse.open(CONTACTS)
    assert delta is not None
    assert (
        Employee.objects.filter(division__code=blueprint.DIVISION_CODE).count(),
        get_user_model().objects.filter(employee__division__code=blueprint.DIVISION_CODE).count(),
        Member.objects.filter(member_id__startswith=blueprint.MEMBER_ID_PREFIX).count(),
        delta.to_pyarrow_table().num_rows,
    ) == (summary.employees, summary.employees, summary.members, summary.contacts)


def test_the_summary_counts_the_warehouse_rows(small_demo: BuiltDemo) -> None:
    contacts = small_demo.warehouse.open(CONTACTS)
    cases = small_demo.warehouse.open(CASES)
    assert contacts is not None
    assert cases is not None

    assert (contacts.to_pyarrow_table().num_rows, cases.to_pyarrow_table().num_rows) == (
        small_demo.summary.contacts,
        small_demo.summary.cases,
    )


def test_the_small_size_has_about_fifty_thousand_contacts(small_demo: BuiltDemo) -> None:
    summary = small_demo.summary

    assert 45_000 <= summary.contacts <= 56_000
    assert summary.members == SIZES["small"].members
    assert 2_000 <= summary.cases <= 6_000


def test_the_summary_counts_the_organization(small_demo: BuiltDemo, db: None) -> None:
    summary = small_demo.summary

    assert (summary.units, summary.teams, summary.employees) == (
        Unit.objects.filter(division__code=blueprint.DIVISION_CODE).count(),
        Team.objects.filter(unit__division__code=blueprint.DIVISION_CODE).count(),
        Employee.objects.filter(division__code=blueprint.DIVISION_CODE).count(),
    )


def test_progress_reports_every_step_in_order_and_finishes_each(small_demo: BuiltDemo) -> None:
    steps = list(dict.fromkeys(step for step, _, _ in small_demo.progress))
    last = {step: (done, total) for step, done, total in small_demo.progress}

    domain_steps = [step.name for step in registered_steps()]
    assert domain_steps[:4] == ["org", "members", "contacts", "cases"]
    assert steps == ["wipe", *domain_steps, "write", "derive"]
    assert all(done == total for done, total in last.values())


def test_an_unknown_size_is_refused_before_anything_is_removed(small_demo: BuiltDemo, db: None) -> None:
    with pytest.raises(ValueError, match="unknown demo size 'huge'"):
        build_demo(size="huge", seed=SEED)

    assert Employee.objects.filter(division__code=blueprint.DIVISION_CODE).count() == small_demo.summary.employees
