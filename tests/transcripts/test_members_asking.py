"""What members are asking: a question asked in three languages is one cluster; a cluster the library
answers shows its article, one it does not is listed for the library's editors; "trending up" only
when the counts support it; only redacted text is ever shown; who may see it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.models import AccessLogEntry, Role
from heartline.core.scoping import caller_for
from heartline.library.contracts import ArticleInput
from heartline.stats.proportion_difference import proportion_change
from heartline.transcripts.asking import AskedQuestion, Trend, summarize
from heartline.transcripts.asking_cues import asked_sentences
from heartline.transcripts.asking_selectors import members_asking
from heartline.warehouse.store import Warehouse
from tests.support.personas import Personas, make_employee
from tests.transcripts.asking_world import DEDUCTIBLE, END, ID_CARD, IDENTIFIERS, START, write_asking_world

DAY = dt.date(2026, 3, 2)


def _asked(texts: list[tuple[str, str]], current: bool = True) -> list[AskedQuestion]:
    return [
        AskedQuestion(f"c{i}-{current}", language, sentence, DAY, current)
        for i, (language, text) in enumerate(texts)
        for sentence in asked_sentences(text, language)
    ]


# -- mining and clustering (no database) -----------------------------------------------------------


def test_asking_sentences_are_found_in_each_language_and_small_talk_is_not() -> None:
    assert asked_sentences("Hi, this is [NAME]. How do I find a dentist?", "en") == ["How do I find a dentist?"]
    assert asked_sentences("I'm calling about a claim that was denied.", "en") == [
        "I'm calling about a claim that was denied."
    ]
    assert asked_sentences("¿Cómo pido una tarjeta nueva?", "es") == ["¿Cómo pido una tarjeta nueva?"]
    assert asked_sentences("Llamo por un reclamo que fue negado.", "es") == ["Llamo por un reclamo que fue negado."]
    assert asked_sentences("我的处方为什么被拒绝了", "zh") == ["我的处方为什么被拒绝了"]
    assert asked_sentences("可以补办会员卡吗", "zh") == ["可以补办会员卡吗"]
    for text, language in (("Thank you, that's all.", "en"), ("No, es todo. Gracias.", "es"), ("没有了,谢谢。", "zh")):
        assert asked_sentences(text, language) == []


def test_a_question_asked_in_three_languages_lands_in_one_cluster() -> None:
    questions = _asked(
        [
            *((lang, DEDUCTIBLE[lang]) for lang in ("en", "es", "zh")),
            *((lang, ID_CARD[lang]) for lang in ("en", "es", "zh")),
        ]
    )
    asking = summarize(questions, DAY, DAY)
    assert len(asking.clusters) == 2
    by_topic = {c.topics: c for c in asking.clusters}
    deductible, card = by_topic[("Deductible",)], by_topic[("ID card",)]
    assert deductible.languages == {"en": 1, "es": 1, "zh": 1}
    assert {e.text for e in deductible.examples} == set(DEDUCTIBLE.values())
    assert deductible.name == DEDUCTIBLE["en"]  # named by its English question
    assert {e.text for e in card.examples} == set(ID_CARD.values())
    assert asking.unclustered == 0


def test_questions_no_topic_names_cluster_by_their_words() -> None:
    asking = summarize(
        _asked([("en", "What time do you open on Saturday?"), ("en", "What time are you open on Saturdays?")]),
        DAY,
        DAY,
    )
    [cluster] = asking.clusters
    assert cluster.n == 2
    assert cluster.topics == ()
    assert "saturday" in cluster.terms["en"]


def test_the_same_questions_give_the_same_clusters() -> None:
    questions = _asked([(lang, q[lang]) for q in (DEDUCTIBLE, ID_CARD) for lang in ("en", "es", "zh")])
    first, again = summarize(questions, DAY, DAY), summarize(list(reversed(questions)), DAY, DAY)
    assert sorted((c.name, c.n) for c in first.clusters) == sorted((c.name, c.n) for c in again.clusters)


# -- trend ------------------------------------------------------------------------------------------


def test_trend_is_up_only_when_the_interval_of_the_change_excludes_zero() -> None:
    # Newcombe (1998) method 10, his worked example: 56/70 vs 48/80 → difference 0.2, 95% CI 0.0524 to 0.3339.
    worked = proportion_change(48, 80, 56, 70)
    assert round(worked.ci_low, 4) == 0.0524
    assert round(worked.ci_high, 4) == 0.3339
    assert Trend(56, 70, 48, 80, worked).direction == "up"
    # Twice as many, but 2 of 10 against 1 of 10: too few to say.
    assert Trend(2, 10, 1, 10, proportion_change(1, 10, 2, 10)).direction == "steady"
    assert Trend(5, 10, 0, 0, None).direction == "unknown"


def test_a_cluster_asked_much_more_often_than_before_trends_up_and_a_small_rise_does_not() -> None:
    before = [("en", ID_CARD["en"])] * 30 + [("en", DEDUCTIBLE["en"])] * 2
    now = [("en", ID_CARD["en"])] * 10 + [("en", DEDUCTIBLE["en"])] * 25
    asking = summarize([*_asked(before, current=False), *_asked(now)], DAY, DAY)
    trends = {c.topics[0]: c.trend for c in asking.clusters}
    assert trends["Deductible"].direction == "up"
    assert (trends["Deductible"].this_n, trends["Deductible"].this_total) == (25, 35)
    assert (trends["Deductible"].previous_n, trends["Deductible"].previous_total) == (2, 32)
    assert trends["ID card"].direction == "down"

    small = summarize(
        [*_asked([("en", DEDUCTIBLE["en"])], current=False), *_asked([("en", DEDUCTIBLE["en"])] * 2)], DAY, DAY
    )
    assert small.clusters[0].trend.direction == "steady"


# -- for a caller, from the warehouse, with the library ---------------------------------------------


@pytest.fixture
def library_dir(tmp_path: Path, settings: Any) -> Path:
    settings.LIBRARY_INDEX_DIR = tmp_path / "library-index"
    return settings.LIBRARY_INDEX_DIR


@pytest.fixture
def world(app_warehouse: Warehouse, personas: Personas, library_dir: Path) -> Warehouse:
    write_asking_world(app_warehouse)
    return app_warehouse


def person(username: str) -> Caller:
    return caller_for(get_user_model().objects.get(username=username))


@pytest.fixture
def publish(personas: Personas, django_capture_on_commit_callbacks: Any) -> Callable[[ArticleInput], None]:
    from heartline.library import services

    trainer = caller_for(
        make_employee("trainer", Role.TRAINER, personas.org.division, unit=personas.org.commercial).user
    )

    def write_and_publish(content: ArticleInput) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.create_article(trainer, content)
            services.submit_for_review(trainer, article)
            services.publish(person("manager"), article)

    return write_and_publish


DEDUCTIBLE_HOW_TO = ArticleInput(
    title="How to explain what is left of a member's deductible",
    kind="how_to",
    language="en",
    summary="Where the deductible met this year shows, and how to explain it.",
    body="Open the accumulators: the deductible met this year and what is left. Say how much the member "
    "has met and what remains before the plan pays.",
    tags=("deductible",),
)


@pytest.mark.django_db
def test_an_answered_cluster_shows_its_article_and_an_unanswered_one_is_listed_for_editors(
    world: Warehouse, publish: Callable[[ArticleInput], None]
) -> None:
    publish(DEDUCTIBLE_HOW_TO)
    # Shares "new" and "send" with the ID card questions, but not what they are about.
    publish(ArticleInput(title="Welcoming a new member", kind="how_to", language="en",
                         summary="The first call.", body="Send the welcome letter to every new member."))  # fmt: skip
    answer = members_asking(person("qa"), START, END)
    by_topic = {c.cluster.topics: c for c in answer.clusters}
    deductible, card = by_topic[("Deductible",)], by_topic[("ID card",)]
    assert deductible.cluster.n == 9
    assert deductible.cluster.languages == {"en": 3, "es": 3, "zh": 3}
    assert deductible.article is not None
    assert deductible.article.title == DEDUCTIBLE_HOW_TO.title
    assert card.article is None
    assert [c.cluster.topics for c in answer.unanswered] == [("ID card",)]


@pytest.mark.django_db
def test_the_library_editors_page_lists_the_unanswered_questions(
    world: Warehouse, publish: Callable[[ArticleInput], None], client: Client
) -> None:
    publish(DEDUCTIBLE_HOW_TO)
    client.force_login(get_user_model().objects.get(username="trainer"))
    page = client.get("/library/write/").content.decode()
    section = page[page.index('data-testid="unanswered-questions"') :]
    section = section[: section.index("</table>")]
    assert "ID card" in section or ID_CARD["en"].split(" ")[-2] in section
    assert "deductible" not in section


@pytest.mark.django_db
def test_nothing_unredacted_reaches_the_page_the_api_or_the_command_line(world: Warehouse, client: Client) -> None:
    answer = json.dumps(members_asking(person("qa"), START, END).as_dict(), ensure_ascii=False)
    assert "[NAME]" in answer  # the member's name, said inside a question, shows only as its placeholder
    client.force_login(get_user_model().objects.get(username="qa"))
    page = client.get(f"/transcripts/questions/?from={START}&to={END}")
    api = client.get(f"/api/v1/transcripts/questions?from={START}&to={END}")
    assert page.status_code == 200
    assert api.status_code == 200
    cli = CliRunner().invoke(_cli(), ["transcripts", "questions", "--from", str(START), "--to", str(END), "--json"])
    assert cli.exit_code == 0, cli.output
    for shown in (answer, page.content.decode(), api.content.decode(), cli.output):
        for identifier in IDENTIFIERS:
            assert identifier not in shown
    body = api.json()
    assert body["from"] == str(START)
    assert {c["n"] for c in body["clusters"]} == {9, 3}
    assert set(body["clusters"][0]) >= {"name", "n", "languages", "trend", "examples", "article"}
    assert {c["n"] for c in json.loads(cli.output)["clusters"]} == {9, 3}


def _cli() -> Any:
    from heartline.cli import app

    return app


@pytest.mark.django_db
def test_every_read_is_logged_and_only_analysts_of_member_voice_may_see_it(world: Warehouse) -> None:
    members_asking(person("exec"), START, END, channel="api")
    entry = AccessLogEntry.objects.get(action="transcripts.questions")
    assert entry.username == "exec"
    assert entry.channel == "api"
    with pytest.raises(NotAllowed):
        members_asking(person("agent"), START, END)


@pytest.mark.django_db
def test_a_caller_sees_the_questions_of_their_scope_only(world: Warehouse) -> None:
    assert members_asking(person("qa"), START, END).asking.contacts == 12  # commercial
    medicare = members_asking(person("manager"), START, END)
    assert medicare.asking.contacts == 0
    assert medicare.clusters == []


@pytest.mark.django_db
def test_the_period_defaults_to_four_weeks_ending_on_the_latest_transcribed_day_and_is_checked(
    world: Warehouse,
) -> None:
    answer = members_asking(person("qa"))
    assert answer.asking.end == START + dt.timedelta(days=5)
    assert answer.asking.start == answer.asking.end - dt.timedelta(days=27)
    with pytest.raises(ActionRefused, match="after"):
        members_asking(person("qa"), END, START)


@pytest.mark.django_db
def test_a_bad_period_is_refused_with_a_message(world: Warehouse, client: Client) -> None:
    client.force_login(get_user_model().objects.get(username="qa"))
    backwards = client.get(f"/api/v1/transcripts/questions?from={END}&to={START}")
    assert backwards.status_code == 400
    assert "after" in backwards.json()["detail"]
    assert client.get("/api/v1/transcripts/questions?from=March").status_code == 400


@pytest.mark.django_db
def test_the_default_period_follows_a_later_transcribed_contact_once_it_is_ingested(world: Warehouse) -> None:
    import pyarrow as pa

    from heartline.contacts.tables import CONTACTS
    from heartline.core.scoping import OPERATOR
    from heartline.transcripts.services import ingest_records
    from heartline.warehouse.writer import write_batch
    from tests.transcripts.asking_world import _contact, _transcript

    before = members_asking(person("qa")).asking.end  # the latest day kept from here on
    later = START + dt.timedelta(days=9)
    table = pa.Table.from_pylist([_contact("late-1", later)])
    table = table.set_column(
        table.schema.get_field_index("started_at"), "started_at", table["started_at"].cast(pa.timestamp("us", tz="UTC"))
    )
    write_batch(world, CONTACTS, table, source="tests")
    assert ingest_records(OPERATOR, [_transcript("late-1", "en", DEDUCTIBLE["en"])]).accepted

    assert (before, members_asking(person("qa")).asking.end) == (START + dt.timedelta(days=5), later)
