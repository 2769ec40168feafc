"""New rows of a FHIR load: one prepared INSERT stores what Django's bulk_create would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from heartline.members.fhir.new_rows import insert_rows
from heartline.members.models import LoadedResource, Member, StoredResource

pytestmark = pytest.mark.django_db

AT = dt.datetime(2025, 3, 1, 12, 30, 15, 250_000, tzinfo=dt.UTC)


def _stored(model: Any, key: str, value: str) -> dict[str, Any]:
    row: dict[str, Any] = model.objects.filter(**{key: value}).values().get()
    row.pop("id")
    return row


def test_a_member_row_is_stored_as_bulk_create_stores_it() -> None:
    values = {
        "plan": "MA-GOLD",
        "given_name": "Ana",
        "birth_date": dt.date(1961, 4, 2),
        "quiet_hours_start": dt.time(21, 0),
        "needs_interpreter": True,
        "source_updated_at": AT,
    }
    Member.objects.bulk_create([Member(member_id="M1", **values)])

    sent = insert_rows(Member, [dict(values, member_id="M2")])

    assert sent == 1
    assert _stored(Member, "member_id", "M2") == dict(_stored(Member, "member_id", "M1"), member_id="M2")
    assert _stored(Member, "member_id", "M2")["language"] == "en"  # the field's default


def test_a_resource_kept_as_received_keeps_its_json() -> None:
    content = {"resourceType": "Consent", "id": "c1", "provision": {"code": [{"text": "sms"}]}, "n": 1.5}

    insert_rows(StoredResource, [{"resource_type": "Consent", "resource_id": "c1", "content": content}])

    stored = StoredResource.objects.get()
    assert (stored.content, stored.content_hash, stored.member_id, stored.source_updated_at) == (content, "", "", None)


def test_a_stored_key_is_refused_unless_the_row_replaces_it() -> None:
    insert_rows(LoadedResource, [{"resource_type": "Patient", "resource_id": "p1", "line_hash": "a"}])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(LoadedResource, [{"resource_type": "Patient", "resource_id": "p1", "line_hash": "b"}])

    insert_rows(
        LoadedResource,
        [{"resource_type": "Patient", "resource_id": "p1", "line_hash": "c"}],
        replace_on=["resource_type", "resource_id"],
        replace=["line_hash"],
    )

    assert list(LoadedResource.objects.values_list("resource_id", "line_hash")) == [("p1", "c")]


def test_a_row_naming_no_field_of_the_model_is_refused() -> None:
    with pytest.raises(TypeError, match="Member has no field 'nickname'"):
        insert_rows(Member, [{"member_id": "M3", "plan": "MA", "nickname": "Bo"}])

    assert Member.objects.count() == 0
