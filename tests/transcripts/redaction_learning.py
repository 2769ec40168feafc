"""Training and judging the learned tagger (`heartline.core.redaction.learned`) on the development sets.

    python -m tests.transcripts.redaction_learning then --then DIR  # the rules before each set, on it
    python -m tests.transcripts.redaction_learning cv [--then DIR]  # leave-one-hand-out cross-validation
    python -m tests.transcripts.redaction_learning train            # fit on all five, ship the weights

Each development set was written by a different hand, so leaving one out and training on the other four
asks how the tagger does on a hand it has not seen. The rules were tuned on all five, so the rules alone
on a left-out set are optimistic: the tagger's added recall is the signal. `--then RULES_JSON_DIR` also
scores the rules as they were before each set was written (findings saved by running that commit's
redactor on the set: the `then` command), the honest baseline for a new hand. The held-out set is never
read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from heartline.core.redaction import Redactor
from heartline.core.redaction.learned import WEIGHTS_FILE, KnownWords, Reading, Tagger, candidates, features
from tests.transcripts.redaction_scoring import DIRECT, Snippet, load_set, score

HERE = Path(__file__).parent
DEV_SETS = ("redaction_set", "redaction_dev2", "redaction_dev3", "redaction_dev4", "redaction_dev5")
THRESHOLDS = (0.3, 0.5, 0.7)
Span = tuple[int, int]


def examples(snippets: Iterable[Snippet]) -> tuple[list[list[str]], list[int], int, int]:
    """Features and labels of the candidate tokens (1: inside a direct identifier; tokens inside other
    identifiers — dates, addresses, unknown names — are left out); and how many direct-identifier tokens
    there were and how many of them were candidates."""
    rows, labels, positives, covered = [], [], 0, 0
    for s in snippets:
        known = KnownWords.of(s.known_names)
        reading = Reading(s.text, known)
        direct = [(g.start, g.end) for g in s.spans if g.category in DIRECT]
        other = [(g.start, g.end) for g in s.spans if g.category not in DIRECT]
        cues: dict[int, tuple[str | None, str | None]] = {}
        chosen = set(candidates(reading, known, cues))
        for i, tok in enumerate(reading.tokens):
            inside = any(start < tok.end and tok.start < end for start, end in direct)
            if inside and tok.kind != "P":
                positives += 1
                covered += i in chosen
            if i not in chosen:
                continue
            if not inside and any(start < tok.end and tok.start < end for start, end in other):
                continue
            rows.append(features(reading, i, known, cues))
            labels.append(int(inside))
    return rows, labels, positives, covered


def fit(snippets: Sequence[Snippet], threshold: float = 0.5, c: float = 0.5) -> Tagger:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels, _, _ = examples(snippets)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
    model = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
    model.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 0.005}
    return Tagger(weights, float(model.intercept_[0]), threshold)


def rules(s: Snippet, tagger: Tagger | bool = False) -> list[Span]:
    """What the redactor finds in `s`, with `tagger` beside the rules (False: the rules alone)."""
    return [(f.start, f.end) for f in Redactor(names=s.known_names, learned=tagger).findings(s.text)]


def row(label: str, snippets: Sequence[Snippet], found: dict[str, list[Span]]) -> str:
    """One line of the table: recall per direct type, direct and all identifiers, precision, service
    words touched."""
    result = score(snippets, lambda s: found[s.id])
    direct_found = sum(result.tally("all", c).found for c in DIRECT)
    direct_n = sum(result.tally("all", c).labelled for c in DIRECT)
    cells = []
    for c in DIRECT:
        t = result.tally("all", c)
        cells.append(f"{t.recall:.2f}" if t.recall is not None else "  - ")
    return (
        f"{label:<22}"
        + " ".join(f"{x:>6}" for x in cells)
        + f"  {direct_found:>4}/{direct_n:<4} {direct_found / direct_n:.3f}"
        + f"  {result.tally('all', 'all').recall or 0:.3f}  {result.precision() or 0:.3f}"
        + f"  {len(result.service_words_touched)}"
    )


HEADER = (
    f"{'':<22}"
    + " ".join(f"{c.replace('NAME known', 'known')[:6]:>6}" for c in DIRECT)
    + ("  direct          all    prec   svc")
)
# The commit before each development set was added: the rules as they were before that hand's set.
RULES_BEFORE = {
    "redaction_set": "9f88599^",
    "redaction_dev2": "c6b83cf^",
    "redaction_dev3": "2fded26^",
    "redaction_dev4": "2d0eb53^",
    "redaction_dev5": "b8c2381^",
}
_OLD_FINDINGS = """
import json, sys
from pathlib import Path
from heartline.core.redaction import Redactor
out = {}
for language in ("en", "es", "zh"):
    for line in (Path(sys.argv[1]) / f"{language}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            found = Redactor(names=row["known_names"]).findings(row["text"])
            out[row["id"]] = [(f.start, f.end) for f in found]
json.dump(out, open(sys.argv[2], "w"))
"""


def rules_then(folder: Path) -> None:
    """Save in `folder` what the rules as they were before each development set find in it."""
    import subprocess
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    for name, commit in RULES_BEFORE.items():
        with tempfile.TemporaryDirectory() as tree:
            archive = subprocess.run(["git", "archive", commit, "src"], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
            subprocess.run(
                [sys.executable, "-c", _OLD_FINDINGS, str(HERE / name), str(folder / f"old_{name}.json")],
                check=True,
                env={"PYTHONPATH": f"{tree}/src", "DEBUG": "true", "PATH": "/usr/bin:/bin"},
            )
        print(f"{name}: rules at {commit} -> {folder / f'old_{name}.json'}")


def cross_validate(then_dir: Path | None) -> None:
    """Leave each development set out in turn, fit on the other four, print the table for it."""
    sets = {name: load_set(HERE / name) for name in DEV_SETS}
    for left_out in DEV_SETS:
        test = sets[left_out]
        train = [s for name in DEV_SETS if name != left_out for s in sets[name]]
        tagger = fit(train)
        _, _, positives, covered = examples(test)
        print(f"\n== {left_out} left out ({len(test)} snippets; fitted on {len(train)}; "
              f"candidates hold {covered}/{positives} identifier tokens)")  # fmt: skip
        print(HEADER)
        print(row("rules now", test, {s.id: rules(s) for s in test}))
        then: dict[str, list[Span]] | None = None
        if then_dir is not None:
            saved = json.loads((then_dir / f"old_{left_out}.json").read_text())
            then = {key: [(a, b) for a, b in spans] for key, spans in saved.items()}
            print(row("rules then", test, then))
        for threshold in THRESHOLDS:
            tagger.threshold = threshold
            print(row(f"tagger@{threshold}", test, {s.id: tagger.spans(s.text, _known(s)) for s in test}))
            print(row(f"now+tagger@{threshold}", test, {s.id: rules(s, tagger) for s in test}))
            if then is not None:
                beside = {s.id: then[s.id] + tagger.spans(s.text, _known(s), then[s.id]) for s in test}
                print(row(f"then+tagger@{threshold}", test, beside))
        sys.stdout.flush()


def _known(s: Snippet) -> KnownWords:
    return KnownWords.of(s.known_names)


def train(threshold: float) -> None:
    """Fit on all five development sets and write the weights the package ships."""
    snippets = [s for name in DEV_SETS for s in load_set(HERE / name)]
    tagger = fit(snippets, threshold)
    data = {"bias": round(tagger.bias, 4), "threshold": threshold, "weights": dict(sorted(tagger.weights.items()))}
    WEIGHTS_FILE.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(tagger.weights)} weights from {len(snippets)} snippets -> {WEIGHTS_FILE}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=("cv", "train", "then"))
    parser.add_argument("--then", type=Path, help="folder of old_<set>.json: the rules before each set")
    parser.add_argument("--threshold", type=float, default=0.5)
    arguments = parser.parse_args()
    if arguments.command == "cv":
        cross_validate(arguments.then)
    elif arguments.command == "then":
        if arguments.then is None:
            parser.error("then: say where to save the findings (--then DIR)")
        rules_then(arguments.then)
    else:
        train(arguments.threshold)
