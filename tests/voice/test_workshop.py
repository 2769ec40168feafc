"""The workshop: a program's NPS with its interval and n, strategic drivers with their gaps, redacted
verbatims, pain points, and recommendations by the stated rule (share of R² × gap; pain points by
negative verbatims), each pointing to practices the library's search finds; printable, logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heartline.core.models import AccessLogEntry, Queue, Role
from heartline.core.scoping import caller_for
from heartline.voice.workshop import program_choices, program_units, recommendations, with_gaps, workshop


@pytest.fixture(autouse=True)
def library_index_dir(tmp_path: Path, settings: Any) -> Path:
    folder = tmp_path / "library-index"
    settings.LIBRARY_INDEX_DIR = folder
    return folder


@pytest.fixture
def lines(personas) -> None:
    """The personas' queues serve one line each: commercial's Commercial, medicare's Medicare Part C."""
    Queue.objects.filter(code="q-commercial").update(line_of_business="commercial")
    Queue.objects.filter(code="q-medicare").update(line_of_business="medicare_part_c")


@pytest.fixture
def courtesy_practice(personas, django_capture_on_commit_callbacks: Any) -> str:
    """A published practice about courtesy with upset members, indexed for search."""
    from heartline.library import services
    from heartline.library.contracts import ArticleInput
    from tests.support.personas import make_employee

    trainer = caller_for(
        make_employee("trainer", Role.TRAINER, personas.org.division, unit=personas.org.commercial).user
    )
    content = ArticleInput(
        title="Courtesy and respect with an upset member",
        kind="practice",
        language="en",
        summary="Acknowledge, apologise, and say what you will do next.",
        problem="Upset members felt dismissed.",
        what_we_tried="A three-step courtesy script practised in team huddles.",
        results="Courtesy complaints fell by a third over 8 weeks.",
        how_to_adopt="Rehearse the three steps in a huddle; listen for them in audits.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = services.create_article(trainer, content)
        services.submit_for_review(trainer, article)
        services.publish(caller_for(personas.manager.user), article)
    return content.title


def driver(name: str, share: float, ci_low: float | None = 0.01) -> dict[str, Any]:
    return {
        "name": name,
        "label": name.title(),
        "weight": share / 100,
        "share": share,
        "ci_low": ci_low,
        "ci_high": 0.5,
    }


def test_the_rule_ranks_drivers_by_share_times_gap_and_leaves_out_those_not_shown_to_matter(personas, lines) -> None:
    drivers = with_gaps(
        {
            "drivers": [
                driver("courtesy", 40.0),  # gap 0.5 → 0.20
                driver("resolved", 30.0),  # gap 0.8 → 0.24
                driver("clarity", 20.0),  # gap 0.9 → 0.18
                driver("ease", 10.0, ci_low=0.0),  # gap 1.0 → 0.10, but its interval reaches 0
            ]
        },
        {
            "courtesy": {"top_box": 0.5, "n": 100},
            "resolved": {"top_box": 0.2, "n": 100},
            "clarity": {"top_box": 0.1, "n": 100},
            "ease": {"top_box": 0.0, "n": 100},
        },
    )
    data = {
        "period": {"label": "x"},
        "program_label": "Medicare",
        "drivers": drivers,
        "pain_points": [],
        "verbatim_count": 0,
    }
    found = recommendations(caller_for(personas.executive.user), data)
    assert [r["code"] for r in found] == ["resolved", "courtesy", "clarity"]
    assert found[0]["text"].startswith("The largest gap with the highest weight is 'Resolved' in Medicare: 30% of")
    assert "80% of answers are not top box (n = 100)" in found[0]["text"]


def test_programs_are_the_lines_of_business_the_units_serve(personas, lines) -> None:
    assert program_units("commercial") == {"commercial"}
    assert program_units("medicare") == {"medicare"}
    assert program_units("medicaid") == set()
    assert program_choices(caller_for(personas.executive.user)) == [
        ("medicare", "Medicare"),
        ("commercial", "Commercial"),
        ("all", "All programs"),
    ]


@pytest.mark.usefixtures("survey_responses", "lines")
def test_the_workshop_recommends_the_top_driver_with_practices_from_the_library(personas, courtesy_practice) -> None:
    data = workshop(caller_for(personas.executive.user), "commercial")
    assert data["nps"]["n"] == 200
    assert data["nps"]["ci_low"] < data["nps"]["nps"] < data["nps"]["ci_high"]
    ranked = sorted((d for d in data["drivers"]["drivers"] if d["shown_to_matter"]), key=lambda d: -d["priority"])
    top = data["recommendations"][0]
    assert (top["kind"], top["code"]) == ("driver", ranked[0]["name"])
    courtesy = next(r for r in data["recommendations"] if r["code"] == "courtesy")
    assert courtesy_practice in [p["title"] for p in courtesy["practices"]]
    negatives = [p["negative"] for p in data["pain_points"]]
    assert negatives
    assert negatives == sorted(negatives, reverse=True)
    assert {p["polarity"] for p in data["pain_points"]} == {"negative"}
    themes = [r["code"] for r in data["recommendations"] if r["kind"] == "theme"]
    assert themes == [p["theme"] for p in data["pain_points"] if not p["below_minimum"]][:2]
    assert all("{" not in v["quote"] for v in data["verbatims"])


@pytest.mark.usefixtures("survey_responses", "lines")
def test_the_workshop_page_is_printable_shows_a_recommendation_and_logs_the_view(client_as) -> None:
    response = client_as("exec").get("/voice/workshop/?program=commercial")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="recommendation"' in page
    assert "The largest gap with the highest weight is" in page
    assert "voice/workshop.css" in page
    assert 'data-testid="program-nps"' in page
    assert "n = 200 responses" in page
    assert 'data-testid="quote"' in page
    assert AccessLogEntry.objects.filter(action="voice.workshop", resource="program:commercial").count() == 1


@pytest.mark.usefixtures("survey_responses", "lines")
def test_the_workshop_is_refused_to_an_agent_and_an_unknown_program_is_not_found(client_as) -> None:
    assert client_as("agent").get("/voice/workshop/").status_code == 403
    assert client_as("exec").get("/voice/workshop/?program=dental").status_code == 404


def test_the_print_stylesheet_leaves_out_the_menu() -> None:
    from heartline.voice import workshop as module

    css = (Path(module.__file__).parent / "static" / "voice" / "workshop.css").read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    assert "header.topbar" in printed
    assert "nav" in printed
    assert "display:none" in printed
