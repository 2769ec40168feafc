"""The quality, behaviors and coaching pages, walked by the personas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from heartline.quality.models import Audit, ScorecardVersion
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_qa_analyst_audits_from_the_queue_in_the_workspace(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    import datetime as dt

    from tests.quality.test_audits import caller
    from tests.quality.test_sampling import create_sampling_plan

    create_sampling_plan(
        caller(personas, "qa"),
        unit_code="commercial",
        month=dt.date(2026, 3, 1),
        per_agent=1,
        method="random",
        scorecard_code="cqa",
    )
    client = client_as("qa")
    queue = client.get("/quality/")
    sample_id = queue.context["samples"][0].pk
    opened = client.post("/quality/audits/start/", {"sample_id": sample_id})
    audit = Audit.objects.get()
    page = client.get(opened["Location"])
    ratings = {f"rating-{a.item_code}": str(a.rating) for a in ALL_MET}
    done = client.post(f"/quality/audits/{audit.pk}/save/", {**ratings, "complete": "1", "evidence-greet": "0:05"})

    assert queue.status_code == 200
    assert opened.status_code == 302
    assert b"Verifies identity before discussing PHI" in page.content
    assert b'data-testid="route"' in page.content
    assert done.status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.score) == ("completed", 100.0)


def test_a_draft_saved_with_htmx_answers_the_score_panel(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    from heartline.quality.services.audits import start_audit
    from tests.quality.test_audits import caller

    audit = start_audit(caller(personas, "qa"), contact_id="q-4", scorecard_code="cqa")
    response = client_as("qa").post(
        f"/quality/audits/{audit.pk}/save/", {"rating-greet": "1", "rating-verify": "0"}, HTTP_HX_REQUEST="true"
    )

    assert b'id="score-panel"' in response.content
    assert b"<html" not in response.content
    assert b"0.0" in response.content  # verify is critical and failed


def test_the_agent_sees_their_scores_page_and_own_audit_but_not_anothers(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    mine = audited(personas, "q-4", ALL_MET)
    other = audited(personas, "q-7", ALL_MET)
    client = client_as("agent")

    scores = client.get("/quality/scores/")
    assert scores.status_code == 200
    assert b'data-testid="my-audits"' in scores.content
    assert client.get(f"/quality/audits/{mine.pk}/").status_code == 200
    assert client.get(f"/quality/audits/{other.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/behaviors/",
        "/behaviors/rehearsals/",
        "/quality/scores/?by=behavior",
        "/coaching/",
        "/quality/calibration/",
        "/coaching/new/",
    ],
)
def test_pages_open_for_a_coach(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, path: str
) -> None:
    assert client_as("coach").get(path).status_code == 200


def test_a_manager_edits_their_units_wording_from_the_behavior_page(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion
) -> None:
    client = client_as("manager")
    page = client.get("/behaviors/b/listen-fully/?unit=medicare")
    saved = client.post(
        "/behaviors/b/listen-fully/reword/",
        {"unit": "medicare", "title": "Let them finish", "looks_like": "Waits\nRecaps"},
    )
    after = client.get("/behaviors/?unit=medicare")

    assert b'data-testid="reword-form"' in page.content
    assert saved.status_code == 302
    assert b"Let them finish" in after.content
    assert b"Medicare wording v1" in after.content


def test_the_coaching_form_opens_pre_filled_from_an_audit(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    from heartline.quality.services.audits import AnswerInput

    audit = audited(personas, "q-4", [*ALL_MET[:3], AnswerInput("own", 0), ALL_MET[4]])
    page = client_as("coach").get(f"/coaching/new/?coachee=e-agent&audit={audit.pk}")

    assert page.context["prefill"].focus_behavior_codes == ("own-the-outcome",)
    assert b'value="own-the-outcome" style="width:auto" checked' in page.content


def test_the_scores_page_offers_only_the_callers_units_and_teams(
    client_as: Callable[[str], Client], personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    audited(personas, "q-4", ALL_MET)
    page = client_as("qa").get("/quality/scores/?team=commercial-a")

    units = [code for code, _ in page.context["units"]]
    teams = [code for code, _ in page.context["teams"]]
    assert (units, teams) == (["commercial"], ["commercial-a"])
    assert b'<option value="commercial-a" selected>' in page.content
    assert [(r.key, r.n) for r in page.context["rows"]] == [("e-agent", 1)]
