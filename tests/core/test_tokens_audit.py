"""Who did what with tokens and protected data stays on record, in the access log."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from heartline.core.models import AccessLogEntry
from heartline.core.services import create_api_token, revoke_api_tokens
from tests.support.personas import Personas


@pytest.mark.django_db
def test_revoking_tokens_is_written_to_the_access_log(personas: Personas) -> None:
    create_api_token("manager")

    assert revoke_api_tokens("manager") == 1

    entry = AccessLogEntry.objects.get(action="token.revoke")
    assert (entry.username, entry.resource, entry.detail) == ("manager", "user:manager", {"count": 1})


@pytest.mark.django_db
def test_the_access_log_still_names_a_person_whose_login_was_deleted(personas: Personas) -> None:
    create_api_token("manager")
    get_user_model().objects.filter(username="manager").delete()

    entry = AccessLogEntry.objects.get(action="token.create")
    assert (entry.user_id, entry.username) == (None, "manager")


@pytest.mark.django_db
def test_the_admin_cannot_change_or_delete_access_log_entries(client: Client, personas: Personas) -> None:
    create_api_token("manager")
    entry = AccessLogEntry.objects.get(action="token.create")
    admin = client
    admin.force_login(get_user_model().objects.create_superuser("root", password="not-used-here"))

    change = admin.post(f"/admin/core/accesslogentry/{entry.pk}/change/", {"action": "nothing"})
    delete = admin.post(f"/admin/core/accesslogentry/{entry.pk}/delete/", {"post": "yes"})

    assert change.status_code == 403
    assert delete.status_code == 403
    assert AccessLogEntry.objects.get(pk=entry.pk).action == "token.create"
