"""The members a text names in full, looked up for the redactor of staff-typed text (issue 13: a
member's name typed by staff in an idea, a comment or a coaching note is not kept)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heartline.core.selectors import phi_redactor
from heartline.members.models import Member
from heartline.members.selectors import member_names_in

pytestmark = pytest.mark.django_db


def member(member_id: str, given: str, family: str) -> None:
    Member.objects.create(
        member_id=member_id, given_name=given, family_name=family, search_name=f"{given} {family}".lower()
    )


@pytest.fixture
def members() -> None:
    member("M-1", "Donna", "Kowalski")
    member("M-2", "Mary Ann", "de la Cruz")
    member("M-3", "小明", "王")
    member("M-4", "Grace", "May")


def test_a_full_name_in_either_order_and_any_case_names_the_member(members: None) -> None:
    assert member_names_in("spoke with donna KOWALSKI today") == ("Donna Kowalski", "Donna", "Kowalski")
    assert member_names_in("Kowalski, Donna called") == ("Donna Kowalski", "Donna", "Kowalski")


def test_names_of_several_words_and_chinese_names_are_found(members: None) -> None:
    assert "Mary Ann de la Cruz" in member_names_in("Mary Ann de la Cruz asked about her refill")
    assert "王小明" in member_names_in("王小明的处方")


def test_a_first_or_last_name_alone_or_everyday_words_name_no_member(members: None) -> None:
    assert member_names_in("Donna from billing will call Mr. Lee") == ()
    # "Grace May" is a member; "may" and "grace" alone are everyday words the redactor must leave.
    assert phi_redactor().redact("You may say grace before the call.") == "You may say grace before the call."


def test_one_query_per_text_whatever_the_number_of_members(members: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        member_names_in("Listened to the call with Donna Kowalski about her bill and her deductible")
    assert len(queries) == 1


def test_the_staff_text_redactor_takes_out_a_members_name_where_it_recurs(members: None) -> None:
    text = "Donna Kowalski called; told Donna the refill for 王小明 is ready."
    assert phi_redactor().redact(text) == "[NAME] called; told [NAME] the refill for [NAME] is ready."
