"""`/api/v1/voice/`: results limited to units the token's owner may read, ideas end to end."""

from __future__ import annotations

import pytest


def bearer(api_token, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(username)}"}


@pytest.mark.usefixtures("survey_responses")
def test_results_of_the_agents_unit_carry_n_and_intervals(client, personas, api_token) -> None:
    answer = client.get("/api/v1/voice/results/commercial", headers=bearer(api_token, "agent")).json()
    assert answer["nps"]["n"] == 200
    assert answer["division_nps"]["n"] == 220
    assert answer["drivers"]["method"] == "relative-weights"
    themes = answer["themes"]["themes"]
    assert {t["theme"] for t in themes} >= {"wait_time", "kind_staff", "billing_confusion"}
    assert all(t["n"] > 0 and t["ci_low"] <= t["share"] <= t["ci_high"] for t in themes)


@pytest.mark.usefixtures("survey_responses")
def test_results_of_another_unit_are_not_found(client, personas, api_token) -> None:
    assert client.get("/api/v1/voice/results/medicare", headers=bearer(api_token, "agent")).status_code == 404


def test_an_idea_through_the_api(client, personas, api_token) -> None:
    agent, executive = bearer(api_token, "agent"), bearer(api_token, "exec")
    created = client.post(
        "/api/v1/voice/ideas",
        {"title": "Plain-language bills", "link_kind": "theme", "link_code": "billing_confusion"},
        content_type="application/json",
        headers=agent,
    )
    reference = created.json()["reference"]
    client.post(f"/api/v1/voice/ideas/{reference}/vote", headers=executive)
    refused = client.post(
        f"/api/v1/voice/ideas/{reference}/decline", {"reason": "no"}, content_type="application/json", headers=agent
    )
    moved = client.post(
        f"/api/v1/voice/ideas/{reference}/review", {"reason": ""}, content_type="application/json", headers=executive
    )
    assert created.status_code == 201
    assert refused.status_code == 403
    assert moved.json()["status"] == "under_review"
    assert moved.json()["votes"] == 1


def test_the_survey_definitions_are_worded_in_three_languages(client, personas, api_token) -> None:
    surveys = client.get("/api/v1/voice/surveys", headers=bearer(api_token, "agent")).json()
    assert {s["code"] for s in surveys} == {"post_contact", "cahps_cs"}
    assert all(set(i["wording"]) == {"en", "es", "zh"} for s in surveys for i in s["items"])


@pytest.fixture
def root_client(client, personas):
    """A superuser with no employee record: sees every division's ideas but is no one who can vote."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    return client


@pytest.fixture
def idea_reference(personas) -> str:
    from heartline.core.scoping import caller_for
    from heartline.voice.services import propose_idea

    idea = propose_idea(
        caller_for(personas.agent.user), title="Callback", description="", link_kind="theme", link_code="wait_time"
    )
    return str(idea.reference)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("post", "vote", None), ("delete", "vote", None), ("post", "comments", {"text": "x"}), ("post", "review", {})],
)
def test_a_login_without_an_employee_record_is_refused_idea_writes(
    root_client, idea_reference: str, method: str, suffix: str, body: dict | None
) -> None:
    path = f"/api/v1/voice/ideas/{idea_reference}/{suffix}"
    response = getattr(root_client, method)(path, body or {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "only employees may propose, vote on, comment on or move ideas"}


def test_an_unknown_idea_status_is_a_bad_request(client, personas, api_token) -> None:
    response = client.get("/api/v1/voice/ideas?status=done", headers=bearer(api_token, "agent"))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("status must be one of new, under_review")


@pytest.mark.usefixtures("survey_responses")
def test_the_analysis_splits_r2_both_ways(client, personas, api_token) -> None:
    answer = client.get("/api/v1/voice/analysis", headers=bearer(api_token, "exec")).json()
    weights, shapley = answer["drivers"], answer["shapley_drivers"]
    assert (weights["method"], shapley["method"]) == ("relative-weights", "shapley")
    assert shapley["r2"] == pytest.approx(weights["r2"], abs=1e-12)
    assert sum(d["weight"] for d in shapley["drivers"]) == pytest.approx(shapley["r2"], abs=1e-12)
    assert all(d["ci_low"] <= d["weight"] <= d["ci_high"] for d in shapley["drivers"])
    assert shapley["n"] == 220
