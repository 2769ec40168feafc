"""`heartline library …`: The practice library: search index, search, stale translations.

Articles are imported with `heartline ingest articles PATH…` (the shared ingest command).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from heartline.commands.common import console, migrate, out, rich_progress, setup_django

app = typer.Typer(help="The practice library: search index, search, stale translations.", no_args_is_help=True)


@app.command()
def reindex() -> None:
    """Rebuild the search index from every published article (HEARTLINE_HOME/library/index)."""
    setup_django()
    migrate()
    from heartline.library import indexing

    progress, report = rich_progress()
    total = indexing.readable().count()
    with progress:
        report("indexing articles", 0, total)
        count = indexing.rebuild(progress=lambda done: report("indexing articles", done, total))
    console.print(f"Indexed {count:,} published articles into {indexing.index_dir()}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in English, Spanish or Chinese")],
    kind: Annotated[str, typer.Option(help="how_to, practice, tool, video or story (comma-separated)")] = "",
    language: Annotated[str, typer.Option(help="Only practices available in en, es or zh")] = "",
    tag: Annotated[str, typer.Option(help="Only articles with this tag")] = "",
    unit: Annotated[str, typer.Option(help="Only articles for this unit code")] = "",
    prefer: Annotated[str, typer.Option(help="Show translations in this language (en, es, zh)")] = "",
    limit: Annotated[int, typer.Option(help="How many practices")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON")] = False,
) -> None:
    """Search the library as the operator (everything published)."""
    setup_django()
    from heartline.core.scoping import OPERATOR
    from heartline.library import selectors
    from heartline.library.contracts import KINDS, LANGUAGES
    from heartline.library.search.index import MAX_DEPTH, SearchFilters

    def values(raw: str, name: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        found = tuple(v.strip() for v in raw.split(",") if v.strip())
        bad = [v for v in found if allowed is not None and v not in allowed]
        if bad:
            raise typer.BadParameter(f"{bad[0]!r} is not one of {', '.join(allowed or ())}", param_hint=f"--{name}")
        return found

    if prefer and prefer not in LANGUAGES:
        raise typer.BadParameter(f"{prefer!r} is not one of {', '.join(LANGUAGES)}", param_hint="--prefer")
    if not 1 <= limit <= MAX_DEPTH:
        raise typer.BadParameter(f"{limit} is not 1–{MAX_DEPTH}", param_hint="--limit")
    filters = SearchFilters(
        kinds=values(kind, "kind", KINDS),
        languages=values(language, "language", LANGUAGES),
        tags=values(tag, "tag"),
        units=values(unit, "unit"),
    )
    page = selectors.search(OPERATOR, query, filters, prefer=prefer or None, limit=limit)
    if as_json:
        rows = [
            {
                "article_id": f.hit.article_id,
                "title": f.hit.title,
                "kind": f.hit.kind,
                "language": f.hit.language,
                "matched_language": f.hit.matched_language,
                "score": round(f.hit.score, 4),
                "helpful_yes": f.tally.yes,
                "helpful_answered": f.tally.answered,
                "views": f.views,
            }
            for f in page.found
        ]
        typer.echo(json.dumps({"total": page.results.total, "suggestion": page.results.suggestion, "results": rows}))
        return
    if page.results.suggestion:
        console.print(f"Did you mean: [bold]{page.results.suggestion}[/bold]")
    table = Table(title=f"{page.results.total} practices for {query!r}")
    for column in ("id", "title", "kind", "lang", "helpful", "views", "score"):
        table.add_column(column)
    for f in page.found:
        table.add_row(
            str(f.hit.article_id),
            f.hit.title,
            f.hit.kind,
            f.hit.language
            if f.hit.language == f.hit.matched_language
            else f"{f.hit.language} (matched {f.hit.matched_language})",
            f"{f.tally.yes} of {f.tally.answered}",
            str(f.views),
            f"{f.hit.score:.2f}",
        )
    out.print(table)


@app.command()
def stale() -> None:
    """Translations older than their source: the ones to bring up to date."""
    setup_django()
    from heartline.library import selectors

    rows = selectors.stale_translations()
    if not rows:
        console.print("Every translation is up to date with its source.")
        return
    table = Table(title=f"{len(rows)} translations older than their source")
    for column in ("translation", "language", "published", "source", "source changed"):
        table.add_column(column)
    for row in rows:
        translation, source = row.translation, row.source
        table.add_row(
            f"{translation.pk} {translation.title}",
            translation.language,
            f"{translation.live.published_at:%Y-%m-%d}" if translation.live else "",
            f"{source.pk} {source.title}",
            f"{source.live.published_at:%Y-%m-%d}" if source.live else "",
        )
    out.print(table)
