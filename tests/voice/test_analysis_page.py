"""The Voice analysis page lays its figures out once per answer (core.page_parts), and the kept layout
is the caller's own and never outlives its figures: another scope, new responses, another language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from heartline.core.models import AccessLogEntry
from tests.voice.conftest import DAY, survey_rows

pytestmark = pytest.mark.usefixtures("survey_responses")

PAGE = "/voice/analysis/"
PART = "voice/_analysis.html"


def _laid_out(response) -> bool:  # type: ignore[no-untyped-def]
    return PART in [t.name for t in response.templates]


def _main(response) -> str:  # type: ignore[no-untyped-def]
    """The page's own content (the frame around it carries a fresh CSRF token each time)."""
    return str(response.content.decode().partition("<main>")[2].partition("</main>")[0])


def test_a_second_view_reads_the_kept_layout_and_is_still_logged(client_as) -> None:
    client = client_as("exec")
    first, second = client.get(PAGE), client.get(PAGE)
    assert (_laid_out(first), _laid_out(second)) == (True, False)
    assert _main(second) == _main(first)
    assert "n = 220 responses" in second.content.decode()
    assert AccessLogEntry.objects.filter(action="voice.analysis").count() == 2


def test_a_manager_after_the_executive_sees_only_their_units(client_as) -> None:
    assert "n = 220 responses" in client_as("exec").get(PAGE).content.decode()
    page = client_as("manager").get(PAGE).content.decode()  # the persona manager looks after medicare
    assert "n = 20 responses" in page
    assert "n = 220 responses" not in page


def test_new_responses_give_a_new_layout(client_as, app_warehouse) -> None:
    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.writer import write_batch

    client = client_as("exec")
    assert "n = 220 responses" in client.get(PAGE).content.decode()
    write_batch(
        app_warehouse, SURVEY_RESPONSES, survey_rows(30, "medicare", "e-manager", DAY - dt.timedelta(days=9), seed=3)
    )
    after = client.get(PAGE)
    assert _laid_out(after)
    assert "n = 250 responses" in after.content.decode()


def test_another_language_is_laid_out_on_its_own(client_as) -> None:
    client = client_as("exec")
    client.get(PAGE)
    with translation.override("es"):
        assert _laid_out(client.get(PAGE))
