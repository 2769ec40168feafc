"""`heartline ingest articles PATH…`: a folder (or files) of Markdown with front matter, or HTML.

A Markdown file opens with front matter between `---` lines, one `field: value` a line (lists as
`[a, b]` or `a, b`); an HTML file carries the same fields as `<meta name="…" content="…">`, its
language in `<html lang>`, its title in `<title>` or the first `<h1>`. A file named
`warm-transfer.zh.md` gets `key: warm-transfer` and `language: zh` unless it says otherwise; the
files of one key are the translations of one practice. A team-tested practice's sections are found
by their headings (`## Problem`, `## Lo que probamos`, `## 结果` …; see SECTION_HEADINGS).

Every file is checked before anything is stored: a bad file is named with its field and the reason,
and the import is refused (or, with `--skip-bad`, the good files are imported). Importing the same
files again changes nothing; a changed file is published as a new version. Imports are published
by the operator (recorded in each article's history) unless the file says `status: draft`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from heartline.core.contracts import Caller
from heartline.core.scoping import OPERATOR
from heartline.core.services import log_access
from heartline.ingest import IngestCounts, IngestOptions, IngestReport
from heartline.library import services
from heartline.library.contracts import KINDS, LANGUAGES, TOOL_TYPES, ArticleInput, ImportOutcome
from heartline.library.language import detect_language
from heartline.library.models import Article, Status

SUFFIXES = (".md", ".markdown", ".html", ".htm")
LIST_FIELDS = frozenset({"tags", "behaviors", "themes", "ideas", "attachments"})
FIELDS = frozenset(
    {"key", "language", "kind", "title", "summary", "unit", "owner", "tool_type", "video_url", "status", "source"}
    | LIST_FIELDS
)
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "problem": ("problem", "the problem", "problema", "el problema", "问题"),
    "what_we_tried": (
        "what we tried",
        "what the team tried",
        "lo que probamos",
        "qué probamos",
        "我们的尝试",
        "我们尝试了什么",
    ),
    "results": ("results", "the results", "resultados", "结果", "成效"),
    "how_to_adopt": (
        "how to adopt",
        "how to adopt it",
        "cómo adoptarla",
        "cómo adoptarlo",
        "cómo adoptar",
        "如何采用",
        "如何推广",
    ),
    "transcript": ("transcript", "transcripción", "文字稿"),
}
_HEADING_TO_SECTION = {name: section for section, names in SECTION_HEADINGS.items() for name in names}
_MD_HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_HTML_HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.IGNORECASE | re.DOTALL)


class ArticleFileError(ValueError):
    """A file that cannot be imported: every problem found in it, each naming the file, the field and the reason."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass
class ParsedFile:
    path: Path
    key: str
    content: ArticleInput
    owner: str = ""
    publish: bool = True
    attachments: list[Path] = field(default_factory=list)


def article_files(paths: Sequence[Path]) -> list[Path]:
    """The Markdown and HTML files named, or inside the folders named (recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return found


# -- parsing ---------------------------------------------------------------------------------------


def _split_list(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    return [item.strip().strip("\"'") for item in value.split(",") if item.strip()]


def _front_matter(path: Path, text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        raise ArticleFileError(f"{path}: front matter: no closing '---' line")
    fields: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, value = line.partition(":")
        if not sep:
            problems.append(f"{path}: line {number}: expected 'field: value', got {line.strip()!r}")
            continue
        fields[name.strip().lower()] = value.strip().strip("\"'") if name.strip() not in LIST_FIELDS else value.strip()
    if problems:
        raise ArticleFileError(*problems)
    return fields, "\n".join(lines[end + 1 :])


class _HtmlFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html" and values.get("lang"):
            self.fields.setdefault("language", values["lang"].split("-")[0].lower())
        elif tag == "meta" and values.get("name"):
            self.fields[values["name"].lower().removeprefix("heartline:")] = values.get("content", "")
        elif tag in ("title", "h1") and not self.title:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.title += data


def _html_parts(text: str) -> tuple[dict[str, str], str]:
    parser = _HtmlFields()
    parser.feed(text)
    fields = dict(parser.fields)
    if parser.title.strip():
        fields.setdefault("title", " ".join(parser.title.split()))
    match = re.search(r"<body[^>]*>(.*)</body>", text, re.IGNORECASE | re.DOTALL)
    body = match.group(1) if match else text
    body = re.sub(r"<h1[^>]*>.*?</h1>", "", body, count=1, flags=re.IGNORECASE | re.DOTALL)
    return fields, body.strip()


def _sections(body: str, is_html: bool) -> dict[str, str]:
    """The body cut at recognised section headings: {"body": intro, "problem": …, …}."""
    pattern = _HTML_HEADING if is_html else _MD_HEADING
    parts: dict[str, list[str]] = {"body": []}
    current, cursor = "body", 0
    for match in pattern.finditer(body):
        heading = re.sub(r"<[^>]+>", "", match.group(1)).strip().rstrip(":：").lower()
        section = _HEADING_TO_SECTION.get(heading)
        if section is None:
            continue
        parts.setdefault(current, []).append(body[cursor : match.start()])
        current, cursor = section, match.end()
    parts.setdefault(current, []).append(body[cursor:])
    return {name: "".join(chunks).strip() for name, chunks in parts.items()}


@dataclass(frozen=True)
class ImportChoices:
    """What the person importing said for every file: `kind` for files that do not say theirs (else
    how-to), `language` to use whatever the files say (else each file's own, or the one detected)."""

    kind: str = ""
    language: str = ""

    @classmethod
    def of(cls, options: IngestOptions) -> ImportChoices:
        return cls(
            kind=dict(options.field_defaults).get("kind", ""),
            language=dict(options.field_overrides).get("language", ""),
        )


def _key_from_name(name: str) -> str:
    """A file name as a key: `Warm Transfers (final)` → `warm-transfers-final`; a name with no Latin
    letters or digits (`理赔被拒`) → `doc-` and a digest of it, the same on every import."""
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        return name
    folded = unicodedata.normalize("NFKD", name.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if not unicodedata.combining(c))).strip("-")
    return slug[:80].rstrip("-") or f"doc-{hashlib.sha256(name.encode()).hexdigest()[:10]}"


def _first_heading(body: str) -> re.Match[str] | None:
    """The Markdown title: the first `# ` heading, else the first heading that is not a section's."""
    top = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    if top:
        return top
    for match in re.finditer(r"^#{2,6}\s+(.+?)\s*#*\s*$", body, re.MULTILINE):
        if match.group(1).strip().rstrip(":：").lower() not in _HEADING_TO_SECTION:
            return match
    return None


def _name_parts(path: Path) -> tuple[str, str]:
    """`warm-transfer.zh.md` → ("warm-transfer", "zh"); `warm-transfer.md` → ("warm-transfer", "")."""
    stem = path.stem
    base, dot, language = stem.rpartition(".")
    if dot and language in LANGUAGES:
        return base, language
    return stem, ""


def parse_file(path: Path, choices: ImportChoices | None = None) -> ParsedFile:
    """Read one article file; raises ArticleFileError naming every problem in it (field and reason).

    Plain Markdown or HTML with no front matter is taken as it is: the key from the file name, the
    title from the first heading (else, for a file with no fields at all, the file name), the kind
    from `choices` (else how-to), the
    language from `choices`, the file name (`x.es.md`) or the text (library.language)."""
    choices = choices or ImportChoices()
    if path.suffix.lower() not in SUFFIXES:
        raise ArticleFileError(f"{path}: not a Markdown (.md) or HTML (.html) file")
    try:
        # utf-8-sig: editors on Windows start files with a byte-order mark, which would hide the front matter.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ArticleFileError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    is_html = path.suffix.lower() in (".html", ".htm")
    fields, body = _html_parts(text) if is_html else _front_matter(path, text)
    unknown = sorted(set(fields) - FIELDS - ({"description", "viewport", "generator"} if is_html else set()))
    problems = [f"{path}: {name}: unknown field (fields: {', '.join(sorted(FIELDS))})" for name in unknown]
    name_key, name_language = _name_parts(path)
    if not is_html and "title" not in fields:
        heading = _first_heading(body)
        if heading:
            fields["title"] = heading.group(1).strip()
            body = body[: heading.start()] + body[heading.end() :]
    # A plain document (no front matter, no meta fields) takes its file name when it has no heading;
    # a file that describes itself must name its title.
    if not fields.get("title", "").strip() and not set(fields) - {"language", "title"}:
        fields["title"] = name_key.replace("-", " ").replace("_", " ").strip().capitalize()
    fields.setdefault("kind", choices.kind or "how_to")
    key = fields.get("key") or _key_from_name(name_key)
    language = choices.language or fields.get("language") or name_language or detect_language(body)
    checks = [
        ("key", "must be lower-case letters, digits and hyphens", not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key)),
        ("language", f"is {language!r}; one of {', '.join(LANGUAGES)}", language not in LANGUAGES),
        ("kind", f"is {fields.get('kind', '')!r}; one of {', '.join(KINDS)}", fields.get("kind") not in KINDS),
        ("title", "missing (front matter `title:` or a `# ` heading)", not fields.get("title", "").strip()),
        ("tool_type", f"one of {', '.join(t for t in TOOL_TYPES if t)}", fields.get("tool_type", "") not in TOOL_TYPES),
        ("status", "draft or published", fields.get("status", "published") not in ("draft", "published")),
    ]
    problems += [f"{path}: {name}: {reason}" for name, reason, bad in checks if bad]
    attachments = [path.parent / name for name in _split_list(fields.get("attachments", ""))]
    problems += _attachment_problems(path, attachments)
    if problems:
        raise ArticleFileError(*problems)
    sections = _sections(body, is_html)
    content = ArticleInput(
        title=fields["title"].strip(),
        kind=fields["kind"],
        language=language,
        summary=fields.get("summary", ""),
        body=sections.get("body", ""),
        problem=sections.get("problem", ""),
        what_we_tried=sections.get("what_we_tried", ""),
        results=sections.get("results", ""),
        how_to_adopt=sections.get("how_to_adopt", ""),
        transcript=sections.get("transcript", ""),
        tool_type=fields.get("tool_type", ""),
        video_url=fields.get("video_url", ""),
        unit_code=fields.get("unit", ""),
        tags=tuple(_split_list(fields.get("tags", ""))),
        behavior_codes=tuple(_split_list(fields.get("behaviors", ""))),
        survey_theme_codes=tuple(_split_list(fields.get("themes", ""))),
        idea_ids=tuple(_split_list(fields.get("ideas", ""))),
    )
    try:
        services.validate(content)
    except services.LibraryError as exc:
        raise ArticleFileError(f"{path}: {exc}") from exc
    return ParsedFile(
        path=path,
        key=key,
        content=content,
        owner=fields.get("owner", ""),
        publish=fields.get("status", "published") == "published",
        attachments=attachments,
    )


def _attachment_problems(path: Path, attachments: list[Path]) -> list[str]:
    folder = path.parent.resolve()
    problems = []
    for attachment in attachments:
        # A file names only files in its own folder (or below): an imported folder must not be
        # able to publish /etc/passwd or the operator's keys to every reader.
        if not attachment.resolve().is_relative_to(folder):
            problems.append(f"{path}: attachments: {attachment.name!r} is outside the article's folder {folder}")
            continue
        if not attachment.is_file():
            problems.append(f"{path}: attachments: no file {attachment}")
            continue
        try:
            services.attachment_filename(attachment.name)
        except services.LibraryError as exc:
            problems.append(f"{path}: attachments: {exc}")
    return problems


# -- storing ---------------------------------------------------------------------------------------


def import_file(caller: Caller, parsed: ParsedFile) -> ImportOutcome:
    """Create, update or leave alone the article of one parsed file."""
    article = Article.objects.filter(group__key=parsed.key, language=parsed.content.language).first()
    path = str(parsed.path)
    if article is not None and _unchanged(article, parsed):
        return ImportOutcome(path, article.pk, "unchanged")
    if article is None:
        article = services.create_article(
            caller, parsed.content, group_key=parsed.key, owner_username=parsed.owner or None, source_path=path
        )
        action = "created"
    else:
        if article.status == Status.ARCHIVED:
            services.restore(caller, article, note=f"re-imported from {path}")
        services.update_article(caller, article, parsed.content, note=f"imported from {path}")
        action = "new version"
    for attachment in parsed.attachments:
        services.add_attachment(caller, article, attachment.name, attachment.read_bytes(), attachment.name)
    if parsed.publish:
        services.submit_for_review(caller, article, note=f"imported from {path}")
        services.publish(caller, article, note=f"imported from {path}")
    return ImportOutcome(path, article.pk, action)


def _unchanged(article: Article, parsed: ParsedFile) -> bool:
    wanted = services.content_hash(
        {**parsed.content.content(), "kind": parsed.content.kind, "unit_code": parsed.content.unit_code}
    )
    reference = article.live if parsed.publish else None
    same_content = (
        reference is not None and reference.content_hash == wanted and article.status == Status.PUBLISHED
    ) or (not parsed.publish and article.status == Status.DRAFT and _draft_hash(article) == wanted)
    if not same_content:
        return False
    have = dict(article.attachments.values_list("title", "content_hash"))
    return all(have.get(a.name) == _file_hash(a) for a in parsed.attachments)


def _draft_hash(article: Article) -> str:
    content = {name: getattr(article, name) for name in ArticleInput("", "", "").content()}
    return services.content_hash({**content, "kind": article.kind, "unit_code": article.unit_code})


def _file_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_all(paths: Sequence[Path], choices: ImportChoices | None = None) -> Iterator[ParsedFile | ArticleFileError]:
    for path in article_files(paths):
        try:
            yield parse_file(path, choices)
        except ArticleFileError as exc:
            yield exc


def load_articles(paths: Sequence[Path], options: IngestOptions) -> IngestReport:
    """The `articles` ingest kind: check every file, then import (all, or with --skip-bad the good).

    Every problem of every file is reported, those found only while storing (an unknown owner)
    included; `rejected` counts the files with problems, and a refused import stores nothing."""
    from django.db import transaction

    choices = ImportChoices.of(options)
    wrong = [
        f"--{name}: {value!r} is not one of {', '.join(allowed)}"
        for name, value, allowed in (("kind", choices.kind, KINDS), ("language", choices.language, LANGUAGES))
        if value and value not in allowed
    ]
    if wrong:
        return IngestReport(accepted=False, problems=wrong)
    read = 0
    problems: list[str] = []
    rejected: set[Path] = set()
    parsed: list[ParsedFile] = []
    first_of: dict[tuple[str, str], Path] = {}
    for path, result in _parse_with_paths(paths, choices):
        read += 1
        if not isinstance(result, ArticleFileError):
            # Two files for one practice in one language would overwrite each other silently.
            where = (result.key, result.content.language)
            if where in first_of:
                result = ArticleFileError(
                    f"{result.path}: key: {result.key!r} in {result.content.language} is also {first_of[where]}; "
                    "one file per practice and language"
                )
            else:
                first_of[where] = result.path
        if isinstance(result, ArticleFileError):
            rejected.add(path)
            problems.extend(result.problems)
        else:
            parsed.append(result)
    if not read:
        problems.append(f"no .md or .html files in {', '.join(str(p) for p in paths)}")
        return IngestReport(accepted=False, problems=problems)
    if rejected and not options.skip_bad:
        return IngestReport(IngestCounts(read=read, rejected=len(rejected)), accepted=False, problems=problems)
    actions: list[str] = []
    with transaction.atomic():
        for done, item in enumerate(parsed):
            if options.progress is not None:
                options.progress("articles", done, len(parsed))
            try:
                with transaction.atomic():  # a savepoint: a file refused here leaves nothing behind
                    actions.append(import_file(OPERATOR, item).action)
            except (services.LibraryError, services.NotAllowed) as exc:
                rejected.add(item.path)
                problems.append(f"{item.path}: {exc}")
        counts = IngestCounts(
            read=read,
            inserted=actions.count("created"),
            updated=actions.count("new version"),
            unchanged=actions.count("unchanged"),
            rejected=len(rejected),
        )
        accepted = not rejected or options.skip_bad
        if accepted:
            log_access(OPERATOR, "library.import", "library:articles", channel="cli", **counts.as_dict())
        else:  # found only while storing: nothing is kept
            transaction.set_rollback(True)
            counts = counts.refused()
    if options.progress is not None:
        options.progress("articles", len(parsed), len(parsed))
    return IngestReport(counts, accepted=accepted, problems=problems)


def _parse_with_paths(
    paths: Sequence[Path], choices: ImportChoices
) -> Iterator[tuple[Path, ParsedFile | ArticleFileError]]:
    for path in article_files(paths):
        try:
            yield path, parse_file(path, choices)
        except ArticleFileError as exc:
            yield path, exc
