"""The pages group's crawl (issue 20: every page ≤ 300 ms p95 warm): every HTML page of the app, opened by
each persona who may open it, against a served demo.

The pages are the GET routes of Django's URL resolver, less the API, the admin, static files and the
sign-in pages. A persona signs in and opens each route that needs no id; a route that needs one (an
audit, a member, a contact…) is opened with the first link to it found on a page already opened (the
first row of the list that links to it), so every id is a real one from the demo. Each page is opened
once to warm (`first_ms`), then `repeats` times (p50/p95), or fewer when those views pass the page's
time budget (`views` says how many: a page of many seconds needs few views to be over the goal). A page
that answers 403, 404, 405 (a POST-only route) or a redirect (to sign in, or elsewhere) is not that
persona's page; one that answers other than HTML (a CSV, a PDF) is listed but not timed; another status
is `failed`. Each persona has a fresh server; one that ends on a page (`server_ended_on`) ends that
persona's crawl there.
`over_goal` lists each persona's pages whose p95 is over the goal, slowest first.

    .venv/bin/python benchmarks/page_crawl.py      (HEARTLINE_BENCH_PAGES_HOME=DIR, a built demo)

`HEARTLINE_BENCH_CRAWL_PERSONAS=exec,manager,qa,agent` (the default) names who signs in;
`HEARTLINE_BENCH_CRAWL_REPEATS` how many timed views per page (default 10: p95 is then the slowest);
`HEARTLINE_BENCH_CRAWL_BUDGET_S` the seconds of timed views after which a page stops (default 20, at
least 2 views); `HEARTLINE_BENCH_CRAWL_PAGES=quality:audit,…` opens only the named routes (a route that
needs an id takes it from the named pages' links, so name the list page too).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import LoadWatch, note, percentiles

GOAL_P95_MS = 300.0
PERSONAS = ("exec", "manager", "qa", "agent")
REPEATS = 10
BUDGET_S = 20.0
SKIPPED_PREFIXES = ("api/", "admin/", "static/", "vendor/")
SKIPPED_NAMES = frozenset({"login", "logout", "healthz"})
HREF = re.compile(r'href="(/[^"#?]*)')
NOT_THEIRS = (301, 302, 303, 403, 404, 405)


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name (namespace:name), its route text and the regex a path must match."""

    name: str
    route: str
    regex: re.Pattern[str]
    needs_id: bool


def page_routes() -> list[Route]:
    """Every route of the URL conf that may be a page: not the API, the admin, static files or sign-in."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[Route] = []

    def walk(patterns: Any, prefix: str, regex: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            part = pattern.pattern.regex.pattern.removeprefix("^").removesuffix(r"\Z")
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, regex + part, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in SKIPPED_NAMES:
                compiled = re.compile(regex + part)
                found.append(Route(namespace + pattern.name, route, compiled, compiled.groups > 0))

    walk(get_resolver().url_patterns, "", "", "")
    return found


def route_of(path: str, routes: list[Route]) -> Route | None:
    """The route `path` (an address on this site) resolves to, or None."""
    relative = path.removeprefix("/")
    return next((r for r in routes if r.regex.fullmatch(relative)), None)


def links_in(text: str) -> list[str]:
    """The site's own addresses a page links to, in the order they appear (query and fragment dropped)."""
    return [html.unescape(href) for href in HREF.findall(text)]


def _view(session: Any, url: str) -> tuple[float, Any]:
    began = time.perf_counter()
    answer = session.get(url, timeout=600, allow_redirects=False)
    return time.perf_counter() - began, answer


def _is_page(answer: Any) -> bool:
    return answer.status_code == 200 and answer.headers.get("Content-Type", "").startswith("text/html")


def timed_views(session: Any, url: str, repeats: int, budget_s: float) -> list[float]:
    """Up to `repeats` timed views of `url`, stopping once they took `budget_s` (at least 2 views)."""
    views: list[float] = []
    while len(views) < repeats and (len(views) < 2 or sum(views) < budget_s):
        views.append(_view(session, url)[0])
    return views


def crawl_as(base: str, persona: str, routes: list[Route], repeats: int, budget_s: float) -> dict[str, Any]:
    """Every page `persona` may open: first view, then up to `repeats` timed views each. When the server
    ends on a page (no answer at all), that page is `server_ended_on` and the persona's crawl stops there."""
    import requests
    from pages_group import signed_in

    session = signed_in(base, persona)
    home_links = set(links_in(session.get(base + "/", timeout=600).text))
    queue = deque(("/" + r.route, r) for r in routes if not r.needs_id)
    seen: set[str] = set()
    pages: dict[str, Any] = {}
    not_theirs: dict[str, int] = {}
    not_html: dict[str, str] = {}
    failed: dict[str, int] = {}
    ended_on: str | None = None
    while queue:
        path, route = queue.popleft()
        if route.name in seen:
            continue
        seen.add(route.name)
        try:
            first, answer = _view(session, base + path)
            views = timed_views(session, base + path, repeats, budget_s) if _is_page(answer) else []
        except requests.ConnectionError:
            ended_on = path
            note(f"pages: the server ended on {path} ({persona}); this persona's crawl stops here")
            break
        if answer.status_code in NOT_THEIRS:
            not_theirs[route.name] = answer.status_code
            continue
        if answer.status_code != 200:
            failed[route.name] = answer.status_code
            continue
        if not answer.headers.get("Content-Type", "").startswith("text/html"):
            not_html[route.name] = path
            continue
        for link in links_in(answer.text):
            linked = route_of(link, routes)
            if linked is not None and linked.needs_id and linked.name not in seen:
                queue.append((link, linked))
        pages[route.name] = {
            "path": path,
            "in_menu": path in home_links,
            "first_ms": round(first * 1000, 1),
            "views": len(views),
            **percentiles(views),
        }
        note(f"pages: {persona} {path} first {first * 1000:.0f} ms, p95 {pages[route.name]['p95_ms']:.0f} ms")
    unreached = sorted(r.name for r in routes if r.name not in seen)
    over = sorted((n for n, p in pages.items() if p["p95_ms"] > GOAL_P95_MS), key=lambda n: -pages[n]["p95_ms"])
    return {
        "pages": pages,
        "over_goal": over,
        "not_theirs": not_theirs,
        "not_html": not_html,
        "needs_id_not_linked": unreached,
        "failed": failed,
        "server_ended_on": ended_on,
    }


@dataclass(frozen=True)
class CrawlSettings:
    personas: tuple[str, ...] = PERSONAS
    repeats: int = REPEATS
    budget_s: float = BUDGET_S
    only: tuple[str, ...] = ()  # route names; empty: every page


def bench_crawl(home: Path, log: Path, settings: CrawlSettings) -> dict[str, Any]:
    """The crawl for each persona, each on a fresh `heartline serve` over `home`, with the load average
    while it ran and every page over the goal."""
    from pages_group import Server

    routes = [r for r in page_routes() if not settings.only or r.name in settings.only]
    by_persona: dict[str, Any] = {}
    with LoadWatch() as watch:
        for persona in settings.personas:
            note(f"pages: crawling every page as {persona} …")
            with Server(home, log) as server:
                by_persona[persona] = crawl_as(server.base, persona, routes, settings.repeats, settings.budget_s)
    over = [
        {"persona": persona, "page": name, **figures["pages"][name]}
        for persona, figures in by_persona.items()
        for name in figures["over_goal"]
    ]
    return {
        "goal_p95_ms": GOAL_P95_MS,
        "repeats": settings.repeats,
        "budget_s": settings.budget_s,
        "routes": len(routes),
        "only": list(settings.only),
        "over_goal": sorted(over, key=lambda o: -o["p95_ms"]),
        "by_persona": by_persona,
        "load_average": watch.summary(),
    }


def _names(variable: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in os.environ.get(variable, "").split(",") if p.strip())


def crawl_settings() -> CrawlSettings:
    """Who signs in, how many timed views, and which pages, from the environment (see the docstring)."""
    return CrawlSettings(
        personas=_names("HEARTLINE_BENCH_CRAWL_PERSONAS") or PERSONAS,
        repeats=int(os.environ.get("HEARTLINE_BENCH_CRAWL_REPEATS", REPEATS)),
        budget_s=float(os.environ.get("HEARTLINE_BENCH_CRAWL_BUDGET_S", BUDGET_S)),
        only=_names("HEARTLINE_BENCH_CRAWL_PAGES"),
    )


def main() -> int:
    from harness import configure_django

    kept = os.environ.get("HEARTLINE_BENCH_PAGES_HOME")
    if not kept:
        note("set HEARTLINE_BENCH_PAGES_HOME to a built demo (heartline demo --size … --no-serve)")
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="heartline-page-crawl-"))
    configure_django(scratch / "home")  # the URL conf only; the pages are served from the demo's home
    report = {"home": kept, "size": os.environ.get("HEARTLINE_BENCH_PAGES_SIZE", "")}
    report["crawl"] = bench_crawl(Path(kept), scratch / "serve.log", crawl_settings())
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
