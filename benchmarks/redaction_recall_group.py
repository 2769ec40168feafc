"""The PHI redactor on the labelled sets (`make bench BENCH_ARGS="--only redaction_recall"`).

Recall per identifier type and language, precision, and throughput (snippets per second, a `Redactor`
built per snippet from its known names, as per contact), for Heartline's redactor beside a naive
baseline measured in the same run: every run of digits (with the spaces, dashes, dots and brackets
between them) and every word with an @. Scoring is `tests/transcripts/redaction_scoring.py`, the
same as the recall test's; the sets are described in their READMEs (`tests/transcripts/redaction_heldout/`,
held out, and `tests/transcripts/redaction_set/`, the development set).
The recall/precision tables go to stderr; the JSON section holds the same figures with their n.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from harness import note, warm

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.transcripts.redaction_scoring import (  # noqa: E402
    DIRECT,
    RECALL_BAR,
    Finder,
    Snippet,
    as_dict,
    below_bar,
    load_set,
    score,
    table,
)

# The baseline: digits and @, nothing else (no names, no spoken numbers, no addresses).
NAIVE = re.compile(r"\S+@\S+|\d(?:[\d\s().\-]*\d)?")
PASSES = 10  # the set is small (~140 snippets); each timed run goes through it this many times


def naive_finds(snippet: Snippet) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in NAIVE.finditer(snippet.text)]


def heartline_finds(snippet: Snippet) -> list[tuple[int, int]]:
    from heartline.core.redaction import Redactor

    return [(f.start, f.end) for f in Redactor(names=snippet.known_names).findings(snippet.text)]


def measure(name: str, find: Finder, snippets: list[Snippet]) -> dict[str, Any]:
    result = score(snippets, find)
    note(table(result, f"redaction_recall: {name}"))

    def every_snippet() -> None:
        for _ in range(PASSES):
            for snippet in snippets:
                find(snippet)

    _, seconds = warm(every_snippet, repeats=3)
    return {
        **as_dict(result),
        "direct_below_bar": below_bar(result, DIRECT, RECALL_BAR),
        "texts_per_second": round(PASSES * len(snippets) / min(seconds)),
        "missed": result.missed,
        "covered_outside_gold": result.outside,
        "service_words_touched_where": result.service_words_touched,
    }


# The held-out set was written apart from the rules and is never tuned against; the development set
# (the first labelled set) is what the rules have been tuned on since stop 25, reported for contrast.
SETS = {
    "held_out": ROOT / "tests" / "transcripts" / "redaction_heldout",
    "development": ROOT / "tests" / "transcripts" / "redaction_set",
}


def run(scratch: Path) -> dict[str, Any]:
    """Score and time the redactor and the baseline on each labelled set; `scratch` is unused."""
    report: dict[str, Any] = {"bar": {"recall": RECALL_BAR, "direct": list(DIRECT)}}
    for name, folder in SETS.items():
        snippets = load_set(folder)
        report[name] = {
            "snippets": len(snippets),
            "identifiers": sum(len(s.spans) for s in snippets),
            "heartline": measure(f"heartline Redactor, {name} set", heartline_finds, snippets),
            "naive_digits_and_at": measure(f"naive digits-and-@ regex, {name} set", naive_finds, snippets),
        }
    return report
