"""Practices spreading: units record that they adopted a practice, the practice names the metric it
targets, each unit's figures before and after (with n and intervals, and the caveat), and ideas
adopted in one unit proposed to the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed
from heartline.library import services
from heartline.library.adoption import CAVEAT, practice_spread, unit_spreading
from heartline.library.models import Article
from heartline.quality.services.audits import AnswerInput
from heartline.voice import services as voice
from heartline.warehouse.store import Warehouse
from tests.library.conftest import practice
from tests.quality.test_audits import ALL_MET, audited
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)
ADOPTED = dt.date(2026, 3, 6)
MISSED_LISTENING = [*ALL_MET[:2], AnswerInput("listen", 2), *ALL_MET[3:]]


@pytest.fixture
def scorecard(personas: Personas) -> object:
    from tests.quality.world import add_second_agent, build_behaviors, build_scorecards

    add_second_agent(personas)
    build_behaviors()
    return build_scorecards()


@pytest.fixture
def quality_contacts(app_warehouse: Warehouse) -> Warehouse:
    from tests.quality.world import write_quality_contacts

    write_quality_contacts(app_warehouse)
    return app_warehouse


@pytest.fixture
def published(publish: Callable[..., Article]) -> Article:
    return publish(practice())


def test_a_unit_adopts_a_practice_once_and_the_page_counts_units(
    published: Article, caller_of_persona: Callable[[str], Caller]
) -> None:
    manager = caller_of_persona("manager")
    services.record_adoption(manager, published, unit_code="medicare", adopted_on=ADOPTED, site="Tampa")

    spread = practice_spread(manager, published.group, [], today=TODAY)
    assert spread.headline == "adopted by 1 of 2 units"
    ((a,),) = (spread.adoptions,)
    assert (a.unit_code, a.site, a.adopted_on, a.figures) == ("medicare", "Tampa", ADOPTED, None)
    assert a.why_no_figures == "no target metric set for this practice"
    assert spread.not_adopted == ("Commercial inbound",)
    with pytest.raises(services.LibraryError, match="medicare already adopted"):
        services.record_adoption(manager, published, unit_code="medicare", adopted_on=ADOPTED)


def test_only_a_units_own_leader_records_its_adoption(
    published: Article, caller_of_persona: Callable[[str], Caller], trainer: Caller, publish: Callable[..., Article]
) -> None:
    with pytest.raises(NotAllowed, match="'commercial' is not a unit of yours"):
        services.record_adoption(caller_of_persona("manager"), published, unit_code="commercial", adopted_on=ADOPTED)
    with pytest.raises(NotAllowed):
        services.record_adoption(caller_of_persona("agent"), published, unit_code="commercial", adopted_on=ADOPTED)
    guide = publish(
        practice(kind="how_to", title="How to read an EOB", body="Read the top box first."), group_key="eob"
    )
    with pytest.raises(services.LibraryError, match="only a team-tested practice"):
        services.record_adoption(caller_of_persona("admin"), guide, unit_code="commercial", adopted_on=ADOPTED)


def test_the_target_metric_is_a_rate_or_a_behaviors_pass_rate(
    published: Article, caller_of_persona: Callable[[str], Caller]
) -> None:
    admin = caller_of_persona("admin")
    with pytest.raises(
        services.LibraryError, match=r"target_metric must be behavior-pass-rate or a rate: .*one-and-done"
    ):
        services.set_target_metric(admin, published, "handle-time")
    with pytest.raises(services.LibraryError, match="no behavior 'nope'"):
        services.set_target_metric(admin, published, "behavior-pass-rate", "nope")
    with pytest.raises(NotAllowed):
        services.set_target_metric(caller_of_persona("coach"), published, "one-and-done")
    assert services.set_target_metric(admin, published, "one-and-done").target_metric == "one-and-done"


def test_a_behaviors_pass_rate_before_and_after_with_n_and_intervals(
    published: Article,
    caller_of_persona: Callable[[str], Caller],
    personas: Personas,
    scorecard: object,
    quality_contacts: Warehouse,
) -> None:
    for contact in ("q-1", "q-2"):  # 3 and 4 March: listening missed
        audited(personas, contact, MISSED_LISTENING)
    for contact in ("q-5", "q-6"):  # 7 and 8 March: shown
        audited(personas, contact, ALL_MET)
    admin = caller_of_persona("admin")
    services.set_target_metric(admin, published, "behavior-pass-rate", "listen-fully")
    services.record_adoption(admin, published, unit_code="commercial", adopted_on=ADOPTED)
    published.group.refresh_from_db()

    spread = practice_spread(admin, published.group, [], today=TODAY)

    (a,) = spread.adoptions
    assert a.figures is not None
    assert (a.figures.before.hits, a.figures.before.n, a.figures.after.hits, a.figures.after.n) == (0, 2, 2, 2)
    assert a.figures.before.ci_high == pytest.approx(0.6576, abs=1e-4)  # Wilson, 0 of 2
    assert a.figures.change is not None
    assert a.figures.change.change == pytest.approx(1.0)
    assert spread.target_label == "Audit pass rate: Listen fully before answering"
    assert spread.caveat == CAVEAT
    assert "not a causal effect" in CAVEAT
    # the persona manager looks after medicare: no figures of commercial for them
    (theirs,) = practice_spread(caller_of_persona("manager"), published.group, [], today=TODAY).adoptions
    assert (theirs.figures, theirs.why_no_figures) == (None, "outside your units")


def test_one_and_done_before_and_after_comes_from_the_metric_runner(
    published: Article,
    caller_of_persona: Callable[[str], Caller],
    personas: Personas,
    scorecard: object,
    quality_contacts: Warehouse,
) -> None:
    admin = caller_of_persona("admin")
    services.set_target_metric(admin, published, "one-and-done")
    services.record_adoption(admin, published, unit_code="commercial", adopted_on=ADOPTED)
    published.group.refresh_from_db()

    (a,) = practice_spread(admin, published.group, [], today=TODAY).adoptions

    assert a.figures is not None
    # q-1 and q-2 (3, 4 March) were handed off, q-3 (5 March) was repeated: none resolved before
    assert (a.figures.before.hits, a.figures.before.n) == (0, 3)
    assert a.figures.after.n > 0
    assert a.figures.after.hits == a.figures.after.n


def test_an_idea_adopted_in_one_unit_is_proposed_to_the_others(
    published: Article, caller_of_persona: Callable[[str], Caller], publish: Callable[..., Article]
) -> None:
    idea = voice.propose_idea(
        caller_of_persona("coach"),
        title="Recap the member's question",
        description="",
        link_kind="result",
        link_code="nps",
    )
    admin = caller_of_persona("admin")
    voice.review_idea(admin, str(idea.reference))
    voice.adopt_idea(admin, str(idea.reference), "Every call ends with a recap")
    linked = publish(practice(title="Recap before you close", idea_ids=(str(idea.reference),)), group_key="recap")

    spread = practice_spread(admin, linked.group, list(linked.idea_ids), today=TODAY)
    (proposal,) = spread.proposals
    assert (proposal.idea.reference, proposal.unit_name, proposal.proposed_to) == (
        idea.reference,
        "Commercial inbound",
        ("Medicare",),
    )
    medicare = unit_spreading(caller_of_persona("manager"), "medicare")
    assert medicare is not None
    assert [i.reference for i in medicare.proposed] == [idea.reference]
    commercial = unit_spreading(caller_of_persona("manager"), "commercial")
    assert commercial is not None
    assert commercial.proposed == ()


def test_ideas_proposed_to_a_unit_name_the_unit_that_adopted_them(
    published: Article,
    caller_of_persona: Callable[[str], Caller],
    client_as: Callable[[str], Client],
    api_token: Callable[[str], str],
) -> None:
    idea = voice.propose_idea(
        caller_of_persona("coach"),
        title="Recap the member's question",
        description="",
        link_kind="result",
        link_code="nps",
    )
    admin = caller_of_persona("admin")
    voice.review_idea(admin, str(idea.reference))
    voice.adopt_idea(admin, str(idea.reference), "Every call ends with a recap")

    page = client_as("manager").get("/library/spreading/", {"unit": "medicare"}).content.decode()
    assert f"{idea.reference} “Recap the member&#x27;s question” — adopted in Commercial inbound on" in page
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('manager')}"}
    body = Client().get("/api/v1/library/spreading", {"unit": "medicare"}, **auth).json()
    assert [(p["adopted_in"], p["adopted_in_name"], p["proposed_to"]) for p in body["proposed"]] == [
        ("commercial", "Commercial inbound", ["Medicare"])
    ]
