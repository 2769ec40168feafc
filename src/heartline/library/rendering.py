"""Markdown bodies to safe HTML, and to plain text for the search index.

Authors write Markdown (raw HTML allowed, as imported HTML pages are); whatever they write is
rendered by `markdown` and then sanitised by nh3 (ammonia) against an allow-list, so a page never
runs a script, loads a remote image or carries an event handler. Images are left out on purpose:
an `<img>` pointing at another host would tell that host who read the page.
"""

from __future__ import annotations

import html
import re

import markdown  # type: ignore[import-untyped]
import nh3

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS - {"img", "map", "area"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
_BLANKS = re.compile(r"[ \t\r\f\v]*\n[\s]*")


def to_html(text: str) -> str:
    """Markdown (or HTML) → sanitised HTML, safe to put in a page as is."""
    if not text.strip():
        return ""
    raw = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(raw, tags=set(ALLOWED_TAGS), url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer")


def to_plain_text(text: str) -> str:
    """Markdown (or HTML) → the words a reader sees, one paragraph a line (for indexing and snippets)."""
    if not text.strip():
        return ""
    raw = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    # Block ends become line breaks so words of two paragraphs never run together.
    raw = re.sub(r"</(p|li|h[1-6]|tr|td|th|div|blockquote|pre)>", "\n", raw)
    stripped = html.unescape(nh3.clean(raw, tags=set()))
    return _BLANKS.sub("\n", stripped).strip()
