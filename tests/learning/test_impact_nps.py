"""Program impact on member NPS: trained vs not-yet-trained survey answers, each with n and a 95% CI.

Numbers are worked by hand from NPS = 100·(P − D)/n and the adjusted Wald interval of
`heartline.stats.nps` (Rocks 2016): ñ = n + 3, p̃ = (P + ¾)/ñ, d̃ = (D + ¾)/ñ, CI = 100·(p̃ − d̃) ±
1.96·100·√((p̃ + d̃ − (p̃ − d̃)²)/ñ) clipped to ±100; the gap's interval uses the plain multinomial
variances, SE² = 100²·(p_P + p_D − (p_P − p_D)²)/n each.
The commercial wave starts on 5 January 2026; e-agent is enrolled in it, e-bo (a second agent of
the unit, added after the wave was scheduled) is not.

- e-agent, not yet trained (answered before 5 Jan): 10, 9, 8, 6, 3 → P 2, D 2, n 5: NPS 0;
  ñ = 8, p̃ = d̃ = 2.75/8, margin = 196·√(0.6875/8) = 57.46, CI −57.46 to 57.46.
- e-agent, trained (answered on or after 5 Jan in New York, one at 00:30 local on the day): 10, 10, 10, 9, 7, 5
  → P 4, D 1, n 6: NPS 50; ñ = 9, p̃ = 4.75/9, d̃ = 1.75/9, centre 33.33, margin =
  196·√((6.5/9 − (3/9)²)/9) = 51.07, CI −17.74 to 84.41.
- gap 50 − 0 = 50, SE = √(40² + 31.18²) = 50.72 (plain variances), CI −49.40 to 149.40.
- e-bo, never trained: 0, 0, 0. With them the trainer's not-yet-trained group is P 2, D 5, n 8:
  NPS −37.5; ñ = 11, p̃ = 2.75/11, d̃ = 5.75/11, centre −27.27, margin 49.38, CI −76.66 to 22.11.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pytest
from django.test import Client

from heartline.learning import analytics
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.learning.conftest import Training
from tests.support.personas import Personas, make_employee

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper

BEFORE = dt.datetime(2025, 12, 10, 15, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 1, 20, 15, tzinfo=dt.UTC)
UNTRAINED = (10, 9, 8, 6, 3)
TRAINED = (10, 10, 10, 9, 7, 5)


def answer(rid: str, agent: str, at: dt.datetime, nps: int) -> dict[str, Any]:
    return {
        "response_id": rid,
        "survey": "post_contact",
        "responded_at": at,
        "agent_id": agent,
        "unit": "commercial",
        "contact_id": f"c-{rid}",
        "nps": nps,
    }


@pytest.fixture
def surveys(training: Training, personas: Personas, app_warehouse: Warehouse, settings: SettingsWrapper) -> None:
    settings.VOICE_MIN_RESPONSES = 5
    org = personas.org
    make_employee("bo", "agent", org.division, code="e-bo", unit=org.commercial, team=org.commercial_team)  # type: ignore[arg-type]
    rows = [answer(f"u{i}", "e-agent", BEFORE + dt.timedelta(days=i), n) for i, n in enumerate(UNTRAINED)]
    # 23:30 in New York the evening before the wave (already 5 January in UTC): not yet trained.
    rows[-1]["responded_at"] = dt.datetime(2026, 1, 5, 4, 30, tzinfo=dt.UTC)
    rows += [answer(f"t{i}", "e-agent", AFTER + dt.timedelta(days=i), n) for i, n in enumerate(TRAINED)]
    # 00:30 in New York on the wave's first day counts as trained (days are the organization's).
    rows[-1]["responded_at"] = dt.datetime(2026, 1, 5, 5, 30, tzinfo=dt.UTC)
    rows += [answer(f"b{i}", "e-bo", AFTER, 0) for i in range(3)]
    rows.append({**answer("cahps", "", AFTER, 0), "agent_id": None})  # about no one: left out
    write_batch(app_warehouse, SURVEY_RESPONSES, pa.Table.from_pylist(rows, schema=SURVEY_RESPONSES.schema), source="t")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_an_agent_sees_the_nps_of_their_own_answers_trained_vs_not(
    surveys: None, client: Client, api_token: Callable[[str], str]
) -> None:
    nps = client.get("/api/v1/learning/impact", **bearer(api_token("agent"))).json()["nps"]

    trained, untrained, gap = nps["trained"], nps["not_yet_trained"], nps["gap"]
    assert (trained["responses"], trained["agents"], untrained["responses"], untrained["agents"]) == (6, 1, 5, 1)
    assert (trained["nps"]["promoters"], trained["nps"]["passives"], trained["nps"]["detractors"]) == (4, 1, 1)
    assert trained["nps"]["value"] == pytest.approx(50.0)
    assert (trained["nps"]["ci_low"], trained["nps"]["ci_high"]) == (
        pytest.approx(-17.74, abs=0.01),
        pytest.approx(84.41, abs=0.01),
    )
    assert untrained["nps"]["value"] == pytest.approx(0.0)
    assert (untrained["nps"]["ci_low"], untrained["nps"]["ci_high"]) == (
        pytest.approx(-57.46, abs=0.01),
        pytest.approx(57.46, abs=0.01),
    )
    assert (gap["value"], gap["n"]) == (pytest.approx(50.0), 11)
    assert (gap["ci_low"], gap["ci_high"]) == (pytest.approx(-49.40, abs=0.01), pytest.approx(149.40, abs=0.01))


def test_the_trainer_sees_every_agent_of_the_unit(surveys: None, training: Training) -> None:
    from heartline.core.scoping import caller_for

    report = analytics.program_impact(caller_for(training.trainer.user), scorecard_code="cqa")

    assert report.nps is not None
    untrained = report.nps.untrained
    assert (untrained.responses, untrained.agents) == (8, 2)
    assert untrained.result is not None
    assert (untrained.result.nps, untrained.result.ci_low, untrained.result.ci_high) == (
        pytest.approx(-37.5),
        pytest.approx(-76.66, abs=0.01),
        pytest.approx(22.11, abs=0.01),
    )
    assert report.nps.trained.responses == 6


def test_a_group_under_the_minimum_is_shown_without_an_estimate(
    surveys: None, settings: SettingsWrapper, client: Client, api_token: Callable[[str], str]
) -> None:
    settings.VOICE_MIN_RESPONSES = 6  # e-agent has 5 answers from before the wave

    nps = client.get("/api/v1/learning/impact", **bearer(api_token("agent"))).json()["nps"]

    assert (nps["not_yet_trained"]["responses"], nps["not_yet_trained"]["nps"]) == (5, None)
    assert nps["trained"]["nps"]["value"] == pytest.approx(50.0)
    assert nps["gap"] is None


def test_the_impact_page_shows_nps_beside_the_audit_scores(surveys: None, training: Training, client: Client) -> None:
    client.force_login(training.trainer.user)

    page = client.get("/learning/impact/").content.decode()

    assert "NPS appears once survey responses are loaded." not in page
    assert 'data-testid="nps-trained"' in page
    assert "n = 6 responses about 1 agent · 95% CI -17.7 to 84.4" in page
    assert "n = 8 responses about 2 agents · 95% CI -76.7 to 22.1" in page
    assert "Gap (trained minus not yet trained): <strong>87.5</strong>" in page


def test_without_survey_responses_the_nps_waits_for_them(
    training: Training, app_warehouse: Warehouse, client: Client, api_token: Callable[[str], str]
) -> None:
    body = client.get("/api/v1/learning/impact", **bearer(api_token("trainer"))).json()

    assert body["nps"] is None
    assert body["nps_note"] == analytics.NPS_PENDING
