"""The demo build as its callers rely on it: deterministic, replaceable, sized, reporting progress."""

from __future__ import annotations

import pytest

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.models import Employee, Team, Unit
from heartline.demo import blueprint
from heartline.demo.build import SIZES, build_demo
from heartline.demo.steps import progress_label, registered_steps
from tests.demo.second_builds import SecondBuild
from tests.support.shared_demo import SEED, BuiltDemo


def test_the_same_seed_builds_the_same_contacts(small_demo: BuiltDemo, rebuilt: SecondBuild) -> None:
    assert rebuilt.contacts_digest == small_demo.contacts_digest


def test_the_same_seed_builds_the_same_cases_and_org(small_demo: BuiltDemo, rebuilt: SecondBuild) -> None:
    assert (rebuilt.cases_digest, rebuilt.org_digest) == (small_demo.cases_digest, small_demo.org_digest)


def test_another_seed_builds_other_contacts(small_demo: BuiltDemo, forced: SecondBuild) -> None:
    assert forced.contacts_digest != small_demo.contacts_digest


def test_a_rebuild_replaces_the_plan_instead_of_adding_to_it(rebuilt: SecondBuild) -> None:
    summary = rebuilt.summary

    assert rebuilt.rows == (summary.employees, summary.employees, summary.members, summary.contacts)


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


def test_progress_counts_what_its_label_says(small_demo: BuiltDemo) -> None:
    last = {step: (done, total) for step, done, total in small_demo.progress}

    assert last["contacts"] == (small_demo.summary.contacts, small_demo.summary.contacts)
    assert progress_label("contacts") == "contacts"
    assert progress_label("library") == "library (articles)"
    assert progress_label("write") == "write (tables)"


def test_an_unknown_size_is_refused_before_anything_is_removed(small_demo: BuiltDemo, db: None) -> None:
    with pytest.raises(ValueError, match="unknown demo size 'huge'"):
        build_demo(size="huge", seed=SEED)

    assert Employee.objects.filter(division__code=blueprint.DIVISION_CODE).count() == small_demo.summary.employees
