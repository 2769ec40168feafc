"""Repeated elements are validated once per check: every verdict is the one a full validation gives."""

from __future__ import annotations

import copy
import json
from typing import Any

from heartline.members.fhir.checking import check_item, check_items
from heartline.members.fhir.reading import Item
from heartline.members.fhir.repeated_elements import elements_remembered, remembered_count
from heartline.members.fhir.synthetic import member_resources


def _items(resources: list[dict[str, Any]]) -> list[Item]:
    return [Item(where=f"line {n}", text=json.dumps(r)) for n, r in enumerate(resources, start=1)]


def _claim(n: int) -> dict[str, Any]:
    return member_resources(n)[2]


def _with_bad_amount(n: int) -> dict[str, Any]:
    claim = copy.deepcopy(_claim(n))
    claim["item"][0]["adjudication"][0]["amount"] = {"value": "lots"}
    return claim


def test_a_check_gives_every_resource_the_verdict_a_full_validation_gives() -> None:
    bad_period = member_resources(3)[1]
    bad_period["period"] = {"start": "2025-02-30"}
    bad_code = copy.deepcopy(_claim(4))
    bad_code["type"]["coding"][0]["code"] = ["not", "a", "code"]
    resources = [r for n in range(1, 4) for r in member_resources(n)] + [_with_bad_amount(5), bad_period, bad_code]
    items = _items(resources)
    one_by_one = [check_item(item, "") for item in items]  # outside a check: nothing remembered

    checked = check_items(items, "", parallel_from=10_000)

    assert [c.problem for c in checked] == [c.problem for c in one_by_one]
    assert sum(c.problem is not None for c in checked) == 3


def test_an_element_accepted_before_does_not_vouch_for_a_different_one() -> None:
    checked = check_items(_items([_claim(1), _claim(2), _with_bad_amount(3)]), "", parallel_from=10_000)

    assert [c.problem is None for c in checked] == [True, True, False]
    assert (checked[2].problem or "").startswith("ExplanationOfBenefit.item[0].adjudication[0].amount.value: ")


def test_the_same_bad_element_is_refused_every_time_it_comes() -> None:
    checked = check_items(_items([_with_bad_amount(1), _with_bad_amount(2)]), "", parallel_from=10_000)

    assert [(c.problem or "").split(": ")[0] for c in checked] == [
        "ExplanationOfBenefit.item[0].adjudication[0].amount.value"
    ] * 2


def test_elements_are_remembered_inside_a_check_only() -> None:
    with elements_remembered():
        check_item(_items([_claim(1)])[0], "")
        inside = remembered_count()

    assert inside > 0
    assert remembered_count() == 0
