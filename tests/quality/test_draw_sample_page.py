"""Drawing this month's audit sample from a page (the issue asks for a button, not "use the CLI"):
the QA home and the queue offer the form to those who may plan samples; a drawn plan shows in the
queue with its contacts; drawing again changes nothing; a bad month is a clear 400."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from heartline.quality.models import SampledContact, SamplingPlan, ScorecardVersion
from heartline.warehouse.store import Warehouse

pytestmark = pytest.mark.django_db
DRAW = "/quality/samples/draw/"
FORM = {"unit": "commercial", "month": "2026-03", "per_agent": "2", "method": "risk", "scorecard": "cqa"}


def test_a_qa_analyst_draws_the_months_sample_from_their_home_and_finds_it_in_the_queue(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    client = client_as("qa")
    home = client.get("/").content.decode()

    drawn = client.post(DRAW, FORM)
    again = client.post(DRAW, {**FORM, "per_agent": "3"})
    plan = SamplingPlan.objects.get()
    queue = client.get(drawn["Location"]).content.decode()

    assert 'data-testid="draw-sample-card"' in home
    assert '<option value="commercial">Commercial inbound</option>' in home
    assert (drawn.status_code, drawn["Location"]) == (302, f"/quality/?drawn={plan.pk}#samples")
    assert again["Location"] == drawn["Location"]  # the month's plan stands
    assert SampledContact.objects.filter(plan=plan).count() == 4
    assert 'data-testid="just-drawn"><td>March 2026</td><td>Commercial inbound</td>' in queue
    assert ">0 of 4</td>" in queue


def test_a_month_that_is_not_one_is_refused_with_the_reason(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    response = client_as("qa").post(DRAW, {**FORM, "month": "March"})

    assert response.status_code == 400
    assert "month must be a month as YYYY-MM (e.g. 2026-03), not &#x27;March&#x27;" in response.content.decode()
    assert not SamplingPlan.objects.exists()


def test_only_those_who_plan_samples_see_the_form_or_may_draw(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    client = client_as("coach")
    queue = client.get("/quality/").content.decode()

    assert 'data-testid="draw-sample"' not in queue
    assert client.post(DRAW, FORM).status_code == 403
    assert not SamplingPlan.objects.exists()
