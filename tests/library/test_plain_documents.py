"""Documents as people have them: Markdown and HTML with no front matter import as how-to guides, the
language read from the text (or forced), the title from the first heading, the key from the name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.cli import app
from heartline.ingest.kinds import get_kind
from heartline.ingest.outcome import IngestOptions, IngestReport
from heartline.library.language import detect_language
from heartline.library.models import Article

pytestmark = pytest.mark.django_db

ENGLISH = """# Explaining a denied claim

When a member calls about a denial, open the claim first and read the reason code to them in plain
words. Then tell them what they can do next and how long an appeal takes.
"""
SPANISH = """## Cómo explicar una reclamación denegada

Cuando un miembro llama por una denegación, abra primero la reclamación y lea el motivo con
palabras sencillas. Después explique qué puede hacer y cuánto tarda una apelación.
"""
CHINESE_WITH_ENGLISH = """# 解释理赔被拒

会员来电询问理赔被拒时，先打开理赔记录，用简单的话说明拒赔原因。我们的目标是 one and done：
一次通话解决问题。然后告诉会员可以怎么申诉，需要多长时间。
"""
HTML = """<html><head><title>Warm transfers</title></head><body><h1>Warm transfers</h1>
<p>Stay on the line and introduce the member to the specialist before you leave the call.</p></body></html>"""


def load(paths: list[Path], **options: object) -> IngestReport:
    return get_kind("articles")(paths, IngestOptions(**options))  # type: ignore[arg-type]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "Denied claims (final).md").write_text(ENGLISH, encoding="utf-8")
    (folder / "reclamacion denegada.md").write_text(SPANISH, encoding="utf-8")
    (folder / "理赔被拒.md").write_text(CHINESE_WITH_ENGLISH, encoding="utf-8")
    (folder / "Warm transfers.html").write_text(HTML, encoding="utf-8")
    return folder


def test_plain_documents_import_as_how_to_guides_with_language_title_and_key(docs: Path, trainer: object) -> None:
    report = load([docs])

    assert report.accepted, report.problems
    found = {(a.group.key, a.language, a.kind, a.title) for a in Article.objects.select_related("group")}
    assert found == {
        ("denied-claims-final", "en", "how_to", "Explaining a denied claim"),
        ("reclamacion-denegada", "es", "how_to", "Cómo explicar una reclamación denegada"),
        (next(k for k, _, _, _ in found if k.startswith("doc-")), "zh", "how_to", "解释理赔被拒"),
        ("warm-transfers", "en", "how_to", "Warm transfers"),
    }


def test_importing_the_same_plain_documents_again_changes_nothing(docs: Path, trainer: object) -> None:
    load([docs])

    again = load([docs])

    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 4)


def test_kind_and_language_given_on_the_command_line_apply_to_every_file(docs: Path, trainer: object) -> None:
    runner = CliRunner()

    result = runner.invoke(
        app, ["ingest", "articles", str(docs / "Warm transfers.html"), "--kind", "tool", "--language", "es"]
    )

    assert result.exit_code == 0, result.output
    article = Article.objects.get()
    assert (article.kind, article.language) == ("tool", "es")


def test_an_unknown_kind_or_language_is_refused_before_any_file_is_read(docs: Path, trainer: object) -> None:
    report = load([docs], field_defaults=(("kind", "memo"),), field_overrides=(("language", "fr"),))

    assert report.accepted is False
    assert report.problems == [
        "--kind: 'memo' is not one of how_to, practice, tool, video, story",
        "--language: 'fr' is not one of en, es, zh",
    ]
    assert not Article.objects.exists()


def test_kind_and_language_options_are_refused_for_other_kinds(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "contacts", str(tmp_path), "--language", "es"])

    assert result.exit_code == 2
    assert "--kind and --language apply to articles only" in result.output


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (SPANISH, "es"),
        (CHINESE_WITH_ENGLISH, "zh"),
        ("The member said 理赔被拒 when she called; we explained the denial and the appeal.", "en"),
        ('<p>Llame al <a href="https://example.com/the-and-of">miembro</a> y explique el motivo.</p>', "es"),
        ("", "en"),
    ],
)
def test_the_language_of_a_document(text: str, language: str) -> None:
    assert detect_language(text) == language
