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
    assert all(t["n"] > 0 and t["ci_low"] <= t["share"] <= t["ci_high"] for t in answer["themes"]["themes"])


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
