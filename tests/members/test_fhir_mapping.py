"""What Heartline reads from single resources: consent rules, odd inputs, element paths."""

from __future__ import annotations

import gzip
from typing import Any

from heartline.members.fhir.checking import check_item
from heartline.members.fhir.consent_in import CHANNEL_SYSTEM, ConsentRule, consent_rules
from heartline.members.fhir.reading import Item, read_bytes


def channel(code: str) -> dict[str, Any]:
    return {"coding": [{"system": CHANNEL_SYSTEM, "code": code}]}


def test_a_nested_permit_overrides_a_deny_for_what_it_names() -> None:
    consent = {
        "status": "active",
        "provision": {
            "type": "deny",
            "purpose": [{"code": "HMARKT"}],
            "provision": [{"type": "permit", "purpose": [{"code": "HMARKT"}], "code": [channel("email")]}],
        },
    }

    rules = consent_rules(consent)

    assert ConsentRule("email", "marketing", True) in rules
    assert ConsentRule("sms", "marketing", False) in rules
    assert len(rules) == 7


def test_a_permit_without_a_channel_and_an_inactive_consent_say_nothing() -> None:
    permit = {"status": "active", "provision": {"type": "permit", "purpose": [{"code": "TREAT"}]}}
    inactive = {"status": "inactive", "provision": {"type": "deny", "purpose": [{"code": "TREAT"}]}}

    assert (consent_rules(permit), consent_rules(inactive)) == ([], [])


def test_a_resource_type_heartline_does_not_read_is_a_problem() -> None:
    checked = check_item(Item("line 1", text='{"resourceType": "Observation", "id": "o1"}'), "")

    assert checked.problem is not None
    assert checked.problem.startswith("resourceType: 'Observation' is not read by Heartline")


def test_a_line_that_is_not_json_is_a_problem() -> None:
    checked = check_item(Item("line 3", text='{"resourceType": "Patient",'), "")

    assert checked.problem is not None
    assert checked.problem.startswith("not JSON")


def test_gzip_ndjson_is_read_line_by_line() -> None:
    body = gzip.compress(b'{"resourceType":"Patient","id":"a"}\n\n{"resourceType":"Patient","id":"b"}\n')

    read = read_bytes("p.ndjson.gz", body)

    assert [(i.where, i.text) for i in read.items] == [
        ("line 1", '{"resourceType":"Patient","id":"a"}'),
        ("line 3", '{"resourceType":"Patient","id":"b"}'),
    ]


def test_a_pretty_printed_bundle_is_one_document() -> None:
    body = (
        b'{\n  "resourceType": "Bundle",\n  "type": "searchset",\n'
        b'  "entry": [{"resource": {"resourceType": "Patient", "id": "a"}}]\n}\n'
    )

    read = read_bytes("b.json", body)

    assert [(i.where, i.resource) for i in read.items] == [("entry[0]", {"resourceType": "Patient", "id": "a"})]
