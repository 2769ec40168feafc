"""The voice pages as staff use them: a unit's results with n and CIs, the analyst's view, the digest
(page and PDF), and ideas proposed, voted on and moved through forms."""

from __future__ import annotations

import pytest

from heartline.core.models import AccessLogEntry
from heartline.voice.models import Idea

pytestmark = pytest.mark.usefixtures("survey_responses")


def test_an_agent_lands_on_their_units_results(client_as) -> None:
    response = client_as("agent").get("/voice/", follow=True)
    assert response.redirect_chain[-1][0] == "/voice/results/commercial/"
    page = response.content.decode()
    assert 'data-testid="unit-nps"' in page
    assert "n = 200 responses" in page
    assert "n = 220 responses" in page  # the division beside it


def test_the_results_page_shows_redacted_quotes_and_logs_the_view(client_as) -> None:
    page = client_as("agent").get("/voice/results/commercial/").content.decode()
    assert 'data-testid="quote"' in page
    assert AccessLogEntry.objects.filter(action="voice.results", resource="unit:commercial").count() == 1


def test_another_units_results_are_not_found_for_an_agent(client_as) -> None:
    assert client_as("agent").get("/voice/results/medicare/").status_code == 404


def test_the_analyst_page_shows_drivers_with_intervals_and_themes_with_n(client_as) -> None:
    page = client_as("exec").get("/voice/analysis/").content.decode()
    assert 'data-testid="drivers"' in page
    assert "bootstrap resamples" in page
    assert 'data-testid="themes"' in page
    assert "Verbatims (n)" in page


def test_an_agent_is_refused_the_analyst_page(client_as) -> None:
    assert client_as("agent").get("/voice/analysis/").status_code == 403


def test_the_digest_pdf_is_a_pdf(client_as) -> None:
    response = client_as("agent").get("/voice/digest/commercial.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


def test_an_agent_proposes_an_idea_a_manager_cannot_move_it_outside_their_unit(client_as) -> None:
    client = client_as("agent")
    response = client.post(
        "/voice/ideas/new/",
        {
            "title": "Callback instead of hold",
            "description": "Offer a callback after 5 minutes",
            "link_kind": "theme",
            "link_code": "wait_time",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/voice/ideas/{idea.reference}/"
    manager = client_as("manager")  # the persona manager looks after medicare, the idea is commercial's
    assert manager.post(f"/voice/ideas/{idea.reference}/review/", {"reason": ""}).status_code == 403


def test_an_executive_moves_an_idea_and_the_proposer_sees_it(client_as) -> None:
    client_as("agent").post(
        "/voice/ideas/new/", {"title": "Spanish FAQ card", "link_kind": "theme", "link_code": "language_access"}
    )
    reference = Idea.objects.get().reference
    client_as("exec").post(f"/voice/ideas/{reference}/review/", {"reason": "Worth a look"})
    page = client_as("agent").get(f"/voice/ideas/{reference}/").content.decode()
    assert 'data-testid="idea-status">Under review<' in page
    assert "Worth a look" in page


def test_a_vote_through_htmx_returns_the_new_count(client_as) -> None:
    client_as("agent").post(
        "/voice/ideas/new/", {"title": "Plain-language EOB", "link_kind": "theme", "link_code": "billing_confusion"}
    )
    reference = Idea.objects.get().reference
    response = client_as("coach").post(f"/voice/ideas/{reference}/vote/", HTTP_HX_REQUEST="true")
    assert 'data-testid="vote-count">1<' in response.content.decode()


CHINESE_QUOTE = "我等了很久才有人接，会员号NBH000012345，电话里一直没有人帮我解决问题。"


@pytest.fixture
def quote_with_member_id(app_warehouse) -> None:
    """One commercial response whose Chinese verbatim names the member's ID with no space around it."""
    import datetime as dt

    import pyarrow as pa

    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.writer import write_batch
    from tests.voice.conftest import DAY

    row = {
        "response_id": ["A-phi-1"],
        "survey": ["post_contact"],
        "responded_at": pa.array([DAY - dt.timedelta(days=20)], pa.timestamp("us", "UTC")),
        "language": ["zh"],
        "member_id": ["NBH000012345"],
        "agent_id": ["e-agent"],
        "unit": ["commercial"],
        "nps": pa.array([2], pa.int8()),
        "verbatim": [CHINESE_QUOTE],
    }
    write_batch(app_warehouse, SURVEY_RESPONSES, pa.table(row), source="test")


@pytest.mark.usefixtures("quote_with_member_id")
def test_a_member_id_in_a_chinese_quote_is_redacted_on_the_page_and_the_api(client_as, api_token) -> None:
    page = client_as("agent").get("/voice/results/commercial/").content.decode()
    answer = client_as("agent").get(
        "/api/v1/voice/results/commercial", headers={"Authorization": f"Bearer {api_token('agent')}"}
    )
    quotes = [q for t in answer.json()["themes"]["themes"] for q in t["quotes"]]
    assert "我等了很久才有人接，会员号[MEMBER ID]，电话里一直没有人帮我解决问题。" in quotes
    assert "NBH000012345" not in page
    assert "NBH000012345" not in answer.content.decode()


ENGLISH_QUOTE = "I waited an hour on hold. Donna Kowalski, SSN 123456789, MBI 1EG4-TE5-MK73, phone 2125551234."
PHI = ("Donna", "Kowalski", "123456789", "1EG4-TE5-MK73", "2125551234")


@pytest.fixture
def quote_naming_the_member(app_warehouse, db) -> None:
    """One commercial response whose verbatim carries the responding member's name (no cue before it),
    an SSN and a phone without separators and a Medicare MBI: the quotes of issue 13, fault 3."""
    import datetime as dt

    import pyarrow as pa

    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.writer import write_batch
    from tests.members.factories import make_member
    from tests.voice.conftest import DAY

    make_member("NBH000054321", given="Donna", family="Kowalski")
    row = {
        "response_id": ["A-phi-2"],
        "survey": ["post_contact"],
        "responded_at": pa.array([DAY - dt.timedelta(days=20)], pa.timestamp("us", "UTC")),
        "language": ["en"],
        "member_id": ["NBH000054321"],
        "agent_id": ["e-agent"],
        "unit": ["commercial"],
        "nps": pa.array([1], pa.int8()),
        "verbatim": [ENGLISH_QUOTE],
    }
    write_batch(app_warehouse, SURVEY_RESPONSES, pa.table(row), source="test")


@pytest.mark.usefixtures("quote_naming_the_member")
@pytest.mark.parametrize("username", ["agent", "coach", "exec"])
def test_the_members_name_ssn_mbi_and_phone_in_a_quote_are_redacted_for_every_role(
    client_as, api_token, username
) -> None:
    page = client_as(username).get("/voice/results/commercial/").content.decode()
    answer = client_as(username).get(
        "/api/v1/voice/results/commercial", headers={"Authorization": f"Bearer {api_token(username)}"}
    )

    quotes = [q for t in answer.json()["themes"]["themes"] for q in t["quotes"]]
    assert "I waited an hour on hold. [NAME], SSN [SSN], MBI [MBI], phone [PHONE]." in quotes
    assert [phi for phi in PHI if phi in page or phi in answer.content.decode()] == []
