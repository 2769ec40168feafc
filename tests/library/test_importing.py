"""`heartline ingest articles PATH…`: folders of Markdown or HTML, idempotent, versioned, bad files named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heartline.ingest import IngestOptions
from heartline.ingest.kinds import get_kind
from heartline.library import selectors
from heartline.library.importing import FIELDS
from heartline.library.models import Article, ArticleVersion, Transition

pytestmark = pytest.mark.django_db

PRACTICE = """---
kind: practice
title: Callback instead of a long hold
tags: callbacks, one-and-done
unit: commercial
behaviors: own-the-outcome
---

Intro paragraph.

## Problem

Members waited fifteen minutes on hold.

## What we tried

Scheduled callbacks.

## Results

Repeat contacts fell 18%.

## How to adopt

Protect callback time.
"""

CHINESE = """---
kind: practice
title: 预约回电代替长时间等待
---

## 问题

会员等待十五分钟。

## 我们的尝试

预约回电。

## 结果

重复来电减少 18%。

## 如何采用

保留回电时间。
"""

HTML = """<!doctype html><html lang="es"><head><title>Guía de la tarjeta</title>
<meta name="heartline:kind" content="how_to"><meta name="key" content="id-card"></head>
<body><h1>Guía de la tarjeta</h1><p>Verifique la identidad.</p><script>alert(1)</script></body></html>"""


def load(*paths: Path, skip_bad: bool = False):  # type: ignore[no-untyped-def]
    return get_kind("articles")(list(paths), IngestOptions(skip_bad=skip_bad))


@pytest.fixture
def folder(tmp_path: Path, personas: object) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    (root / "callbacks.en.md").write_text(PRACTICE, encoding="utf-8")
    (root / "callbacks.zh.md").write_text(CHINESE, encoding="utf-8")
    (root / "card.html").write_text(HTML, encoding="utf-8")
    return root


def test_a_folder_becomes_published_articles_with_linked_translations(folder: Path) -> None:
    report = load(folder)
    assert report.counts.as_dict() == {"read": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    english = Article.objects.get(group__key="callbacks", language="en")
    assert (english.problem, english.results, english.body) == (
        "Members waited fifteen minutes on hold.",
        "Repeat contacts fell 18%.",
        "Intro paragraph.",
    )
    assert (english.unit_code, english.tags) == ("commercial", ["callbacks", "one-and-done"])
    assert [t.language for t in selectors.translations_of(english)] == ["en", "zh"]


def test_an_html_page_is_imported_and_rendered_without_its_script(folder: Path) -> None:
    load(folder)
    card = Article.objects.get(group__key="id-card")
    assert (card.language, card.kind, card.title) == ("es", "how_to", "Guía de la tarjeta")
    page_html = selectors.reader_page(_reader(), card).body_html
    assert "<script" not in page_html
    assert "Verifique la identidad." in page_html


def test_importing_the_same_folder_again_changes_nothing(folder: Path) -> None:
    load(folder)
    history = Transition.objects.count()
    report = load(folder)
    assert report.counts.as_dict() == {"read": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert (ArticleVersion.objects.count(), Transition.objects.count()) == (3, history)


def test_a_changed_file_becomes_a_new_version(folder: Path) -> None:
    load(folder)
    (folder / "callbacks.en.md").write_text(PRACTICE.replace("fell 18%", "fell 21%"), encoding="utf-8")
    report = load(folder)
    english = Article.objects.get(group__key="callbacks", language="en")
    assert (report.counts.updated, report.counts.unchanged) == (1, 2)
    assert [(v.number, v.results) for v in english.versions.all()] == [
        (2, "Repeat contacts fell 21%."),
        (1, "Repeat contacts fell 18%."),
    ]


def test_a_markdown_file_with_a_byte_order_mark_is_imported(folder: Path) -> None:
    (folder / "callbacks.en.md").write_text("\ufeff" + PRACTICE, encoding="utf-8")
    report = load(folder)
    assert (report.accepted, report.counts.inserted, report.problems) == (True, 3, [])
    assert Article.objects.get(group__key="callbacks", language="en").kind == "practice"


def test_an_html_file_with_a_byte_order_mark_is_imported(folder: Path) -> None:
    (folder / "card.html").write_text("\ufeff" + HTML, encoding="utf-8")
    report = load(folder)
    assert (report.accepted, report.counts.inserted, report.problems) == (True, 3, [])
    assert Article.objects.get(group__key="id-card").title == "Guía de la tarjeta"


def test_a_bad_file_is_named_with_field_and_reason_and_nothing_is_stored(folder: Path) -> None:
    (folder / "broken.en.md").write_text("---\nkind: memo\ntitle: X\n---\nbody\n", encoding="utf-8")
    report = load(folder)
    assert report.accepted is False
    assert report.problems == [
        f"{folder / 'broken.en.md'}: kind: is 'memo'; one of how_to, practice, tool, video, story"
    ]
    assert Article.objects.count() == 0


def test_skip_bad_imports_the_good_files(folder: Path) -> None:
    (folder / "broken.md").write_text("---\nkind: story\ntitle: French\nlanguage: fr\n---\nbody\n", encoding="utf-8")
    report = load(folder, skip_bad=True)
    assert (report.counts.inserted, report.counts.rejected) == (3, 1)
    assert report.problems == [f"{folder / 'broken.md'}: language: is 'fr'; one of en, es, zh"]


def test_an_unknown_front_matter_field_is_refused(folder: Path) -> None:
    (folder / "odd.en.md").write_text("---\nkind: story\ntitle: T\ncolour: red\n---\nbody\n", encoding="utf-8")
    report = load(folder / "odd.en.md")
    assert report.problems[0].startswith(f"{folder / 'odd.en.md'}: colour: unknown field")


def test_an_unknown_owner_refuses_the_whole_import(folder: Path) -> None:
    (folder / "callbacks.en.md").write_text(PRACTICE.replace("tags:", "owner: nobody\ntags:"), encoding="utf-8")
    report = load(folder)
    assert report.accepted is False
    assert report.problems == [f"{folder / 'callbacks.en.md'}: owner: no user named 'nobody'"]
    assert Article.objects.count() == 0


def test_every_problem_of_a_bad_file_is_named(folder: Path) -> None:
    path = folder / "broken.md"
    path.write_text(
        "---\nkind: memo\nlanguage: fr\ncolour: red\nsize: big\nstatus: maybe\n---\nbody\n", encoding="utf-8"
    )
    fields = ", ".join(sorted(FIELDS))

    report = load(path)

    assert report.problems == [
        f"{path}: colour: unknown field (fields: {fields})",
        f"{path}: size: unknown field (fields: {fields})",
        f"{path}: language: is 'fr'; one of en, es, zh",
        f"{path}: kind: is 'memo'; one of how_to, practice, tool, video, story",
        f"{path}: title: missing (front matter `title:` or a `# ` heading)",
        f"{path}: status: draft or published",
    ]


def test_a_refused_import_counts_the_bad_files_as_rejected_and_nothing_stored(folder: Path) -> None:
    (folder / "broken.md").write_text("---\nkind: story\ntitle: French\nlanguage: fr\n---\nbody\n", encoding="utf-8")

    report = load(folder)

    assert (report.accepted, report.counts.as_dict()) == (
        False,
        {"read": 4, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 1},
    )


def test_a_file_refused_while_storing_counts_as_rejected(folder: Path) -> None:
    (folder / "callbacks.en.md").write_text(PRACTICE.replace("tags:", "owner: nobody\ntags:"), encoding="utf-8")

    report = load(folder)

    assert (report.accepted, report.counts.as_dict()) == (
        False,
        {"read": 3, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 1},
    )


def test_every_file_refused_while_storing_is_named(folder: Path) -> None:
    (folder / "callbacks.en.md").write_text(PRACTICE.replace("tags:", "owner: nobody\ntags:"), encoding="utf-8")
    (folder / "callbacks.zh.md").write_text(CHINESE.replace("title:", "owner: nemo\ntitle:"), encoding="utf-8")

    report = load(folder)

    assert report.problems == [
        f"{folder / 'callbacks.en.md'}: owner: no user named 'nobody'",
        f"{folder / 'callbacks.zh.md'}: owner: no user named 'nemo'",
    ]
    assert Article.objects.count() == 0


def test_skip_bad_leaves_out_a_file_refused_while_storing_and_imports_the_rest(folder: Path) -> None:
    (folder / "callbacks.en.md").write_text(PRACTICE.replace("tags:", "owner: nobody\ntags:"), encoding="utf-8")

    report = load(folder, skip_bad=True)

    assert (report.accepted, report.counts.as_dict()) == (
        True,
        {"read": 3, "inserted": 2, "updated": 0, "unchanged": 0, "rejected": 1},
    )
    assert sorted(Article.objects.values_list("group__key", "language")) == [("callbacks", "zh"), ("id-card", "es")]


def test_an_attachment_beside_the_file_is_imported(folder: Path) -> None:
    (folder / "checklist.md").write_text("- [ ] verify identity\n", encoding="utf-8")
    tool = "---\nkind: tool\ntool_type: checklist\ntitle: ID card checklist\nattachments: checklist.md\n---\nUse it.\n"
    (folder / "card-checklist.en.md").write_text(tool, encoding="utf-8")
    load(folder / "card-checklist.en.md")
    article = Article.objects.get(group__key="card-checklist")
    assert [(a.title, a.file.read()) for a in article.attachments.all()] == [
        ("checklist.md", b"- [ ] verify identity\n")
    ]


@pytest.mark.parametrize("named", ["../secret.txt", "/etc/hostname"])
def test_an_attachment_outside_the_articles_folder_is_refused(folder: Path, named: str) -> None:
    (folder.parent / "secret.txt").write_text("the operator's secret", encoding="utf-8")
    tool = f"---\nkind: tool\ntitle: Leaky\nattachments: {named}\n---\nUse it.\n"
    (folder / "leaky.en.md").write_text(tool, encoding="utf-8")
    report = load(folder / "leaky.en.md")
    assert report.accepted is False
    assert report.problems == [
        f"{folder / 'leaky.en.md'}: attachments: {Path(named).name!r} is outside the article's folder {folder}"
    ]


def test_two_files_for_one_practice_and_language_are_refused(folder: Path) -> None:
    (folder / "callbacks-copy.md").write_text(PRACTICE.replace("---\nkind", "---\nkey: callbacks\nlanguage: en\nkind"))
    report = load(folder)
    assert report.accepted is False
    assert report.problems == [
        f"{folder / 'callbacks.en.md'}: key: 'callbacks' in en is also {folder / 'callbacks-copy.md'}; "
        "one file per practice and language"
    ]


def test_imported_articles_are_searchable_once_the_import_commits(
    folder: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from heartline.library import indexing

    with django_capture_on_commit_callbacks(execute=True):
        load(folder)
    hits = indexing.library_index().search("callback hold", prefer="en").hits
    assert [h.article_id for h in hits] == [Article.objects.get(group__key="callbacks", language="en").pk]


def test_the_demo_articles_all_import(trainer: object) -> None:
    from heartline.demo.library import ARTICLES_DIR

    report = load(ARTICLES_DIR)
    assert report.counts.rejected == 0
    assert report.counts.inserted == report.counts.read >= 36
    assert set(Article.objects.values_list("language", flat=True)) == {"en", "es", "zh"}


def _reader():  # type: ignore[no-untyped-def]
    from heartline.core.scoping import OPERATOR

    return OPERATOR
