"""Heartline benchmarks: figures as one JSON object, each beside a baseline measured in the same run.

    .venv/bin/python benchmarks/run.py [--sizes small,standard] [--only warehouse,contacts]
                                       [--csv-rows N] [--out bench-results/bench.json]

Builds the demo at each size (`small`, `standard`, `large`; timed, in `demo_build`) once, and runs
the groups on those builds:

- `warehouse` (`warehouse_group`): `write_batch` of 1M contacts beside pandas `to_parquet`, and the
  contact-volume runner's warm latency at the largest size beside pandas (`warehouse_write`,
  `contact_volume_query`);
- `contacts` (`contacts_group`): the contacts issue's speed goals — One and Done dashboard queries
  and one and done over every contact at each size, ingest from Parquet and CSV at the largest —
  each beside its goal and plain pandas, with the pandas definitions checked against the runners;
- `load` (`load_group`): `--load-users` staff of every role (default 50) walking their pages and the
  API of `heartline serve` on loopback for `--load-seconds` (default 5 minutes; 1 at small) while an
  ingest re-loads contacts beside them, at the size built last: requests, failures, requests/s and
  p50/p95/p99 per page and endpoint (Locust). `make bench BENCH_ARGS="--sizes small --only load"`.

- `members` (`members_group`): the member view's p50/p95 over 200 random members on synthetic history
  tables of the large demo's shape (15M claim lines), clustered beside unsorted files
  (`HEARTLINE_BENCH_MEMBERS` sets the member count).

- `fhir` (`fhir_group`): FHIR R4 ingest from NDJSON (first load, re-load, checking alone) beside
  json.loads + the R4B models' `model_validate` one by one, against the goal of 5,000 resources/s.

- `redaction_recall` (`redaction_recall_group`): the PHI redactor on the held-out labelled set
  (tests/transcripts/redaction_set, en/es/zh): recall per identifier type and language, precision,
  service words touched and snippets/s, beside a naive digits-and-@ regex scored the same way.

- `workforce` (`workforce_group`): a year of half hours for 50 queues staffed by Erlang C (goal <= 1 s)
  beside pyworkforce's per-interval loop (timed on a sample, extrapolated), Erlang A and a scenario.
- `auto_qa` (`auto_qa_group`): auto-QA trained on synthetic audited transcripts (en/es/zh): transcripts
  scored per second with the model beside the rules alone, against the goal of 200/s, and per item
  agreement with the auditors on held-out contacts (alpha, CI, n, trusted or suggested) for both.
- `redaction` (`redaction_group`): the PHI redactor on synthetic ~1,500-word calls in English, Spanish
  and Chinese (ms per transcript, transcripts/s) beside the rules alone (without the learned tagger) and
  the written-identifier patterns run over the whole text (the redactor before spoken identifiers).
  `make bench BENCH_ARGS="--sizes small --only redaction"`.
- `ingest_stream` (`ingest_stream_group`): `heartline ingest contacts` of 1M, 5M and 10M synthetic
  contacts from Parquet and CSV, each load in its own process: peak RSS and seconds beside a plain
  pyarrow copy of the same file (goals: ≤ 1 GB, ≤ 1.2×); `--huge` adds a 50M-row file.
- `workforce_forecast` (`workforce_forecast_group`): 50 queues with a year of 30-minute history
  forecast 8 weeks ahead with the rolling backtest (goal <= 60 s) beside seasonal-naive in pandas.
- `workforce_intervals` (`workforce_intervals_group`): the interval table after each of 3 new days'
  contacts, brought up to date by those days (`warehouse.increments`) beside a whole rebuild
  measured in the same run (1.2M synthetic contacts by default), and a check that the two agree.
- `spark` (`spark_group`): synthetic contacts (HEARTLINE_BENCH_SPARK_CONTACTS, default 10M): the
  follow-ups derived table built and three metrics run (cold, warm p50) on Spark local mode beside
  DuckDB, with a check that the answers agree. `make bench BENCH_ARGS="--sizes small --only spark"`.

- `pages` (`pages_group`): chart pages' p50/p95 beside the API calls that give the same figures (One
  and Done, contact volume, quality scores, voice analysis) under `heartline serve`; the first page
  view after a start with the shared result cache emptied and kept; CLI start-up beside `python -c pass`
  (`HEARTLINE_BENCH_PAGES_SIZE=standard` for the issue's size; small by default); a crawl of every HTML
  page as exec, manager, qa and agent, listing the pages over 300 ms p95 (`page_crawl`;
  `HEARTLINE_BENCH_PAGES_ONLY=crawl` for the crawl alone).
- `moonshot` (`moonshot_group`, only with `--huge`): 100M synthetic contacts over three years loaded
  from one Parquet file beside a streaming pyarrow copy, the derived tables built, then One and Done
  and the dashboard's reads cold and warm, and one more day loaded on top (HEARTLINE_BENCH_MOONSHOT_ROWS
  for fewer). `make bench BENCH_ARGS="--huge --sizes small --only moonshot"`.

`--sizes large --only contacts` is the goals' run (~10M contacts: ~2.5 minutes to build, ~7 GB; the
whole run takes tens of minutes), e.g. `make bench BENCH_ARGS="--sizes large --only contacts"`.
Everything runs in a throwaway HEARTLINE_HOME on SQLite, whatever the shell's environment says, and
is removed after. The JSON goes to stdout and to `--out`; progress notes go to stderr. The machine's
load average is recorded at the start, beside each section and at the end. No figure is asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import LoadWatch, configure_django, load_average, machine_facts, note

SIZES_BY_DEFAULT = "small,standard"
# Groups of later domains live in `<group>_group.py` with `run(home: Path) -> dict` (a scratch folder
# of their own; they build what they need).
DOMAIN_GROUPS = (
    "quality",
    "voice",
    "library",
    "learning",
    "members",
    "fhir",
    "redaction_recall",
    "workforce",
    "auto_qa",
    "redaction",
    "workforce_forecast",
    "workforce_intervals",
    "spark",
    "pages",
    "ingest_stream",
    "moonshot",
)
GROUPS = ("warehouse", "contacts", *DOMAIN_GROUPS, "load")
HUGE_ONLY = ("moonshot",)  # run only with --huge
OUT_BY_DEFAULT = "bench-results/bench.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default=SIZES_BY_DEFAULT, help=f"demo sizes to build (default {SIZES_BY_DEFAULT})")
    parser.add_argument(
        "--only",
        default=",".join(g for g in GROUPS if g not in HUGE_ONLY),
        help=f"groups to run, comma-separated (default all but {', '.join(HUGE_ONLY)}: {', '.join(GROUPS)})",
    )
    parser.add_argument(
        "--csv-rows", type=int, default=None, help="contacts group: rows in the CSV ingest file (default: all)"
    )
    parser.add_argument("--load-users", type=int, default=50, help="load group: people at once (default 50)")
    parser.add_argument(
        "--load-seconds", type=int, default=None, help="load group: how long (default 300; 60 when the size is small)"
    )
    parser.add_argument(
        "--huge",
        action="store_true",
        help="also the huge steps (ingest_stream: a 50M-contact file; moonshot: 100M contacts); off by default",
    )
    parser.add_argument("--out", default=OUT_BY_DEFAULT, help=f"where to write the JSON (default {OUT_BY_DEFAULT})")
    return parser.parse_args(argv)


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def run(
    sizes: list[str], groups: list[str], csv_rows: int | None, home: Path, args: argparse.Namespace
) -> dict[str, Any]:
    from contacts_group import run_contacts_group
    from warehouse_group import SEED, bench_build, bench_queries, bench_write, write_batch_rows

    from heartline.demo.sizes import SIZES

    began = time.perf_counter()
    facts = machine_facts()  # before the work, so the load figure is other people's
    report: dict[str, Any] = {"benchmark": "heartline", "seed": SEED, "machine": facts, "groups": groups}
    small_for_check = home / "small" / "warehouse"
    if "contacts" in groups and "small" not in sizes:
        note("building a small demo to check the pandas definitions against …")
        bench_build("small", home / "small")
    builds = {size: bench_build(size, home / size) for size in sizes}
    report["demo_build"] = builds
    warehouses = {size: home / size / "warehouse" for size in sizes}
    largest = max(sizes, key=lambda s: SIZES[s].contacts)
    if "contacts" in groups:
        report["contacts"] = run_contacts_group(warehouses, small_for_check, home / "scratch", csv_rows, largest)
    if "warehouse" in groups:
        report["warehouse_write"] = bench_write(write_batch_rows(warehouses[largest]), home / "scratch")
        report["contact_volume_query"] = bench_queries(warehouses[largest], largest)
    for group in DOMAIN_GROUPS:
        if group in groups:
            scratch = home / f"{group}-scratch"
            scratch.mkdir(parents=True, exist_ok=True)
            report[group] = importlib.import_module(f"{group}_group").run(scratch)
    if "load" in groups:
        from load_group import run_load

        # Last: the app database in place is the one the last size built, and the load adds to it.
        served = sizes[-1]
        report["load"] = run_load(
            served, home / "home", warehouses[served], home / "load-scratch", args.load_users, args.load_seconds
        )
    report["total_seconds"] = round(time.perf_counter() - began, 1)
    report["machine"]["load_average_1min_at_end"] = load_average()
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.huge:
        os.environ["HEARTLINE_BENCH_HUGE"] = "1"
    sizes, groups = _listed(args.sizes), _listed(args.only)
    if args.huge and args.only == parse_args([]).only:
        groups = [*groups, *HUGE_ONLY]
    huge_without_flag = [g for g in groups if g in HUGE_ONLY and not args.huge]
    if huge_without_flag:
        note(f"{', '.join(huge_without_flag)} runs only with --huge (hours of work and tens of GB of disk)")
        return 2
    unknown_groups = [g for g in groups if g not in GROUPS]
    if unknown_groups or not groups:
        note(f"unknown groups {unknown_groups}; choose from {', '.join(GROUPS)}")
        return 2
    home = Path(tempfile.mkdtemp(prefix="heartline-bench-"))
    try:
        configure_django(home / "home")
        from heartline.demo.sizes import SIZES

        unknown = [s for s in sizes if s not in SIZES]
        if unknown or not sizes:
            note(f"unknown sizes {unknown}; choose from {', '.join(SIZES)}")
            return 2
        with LoadWatch(every_seconds=10.0) as watch:
            report = run(sizes, groups, args.csv_rows, home, args)
        report["machine"]["load_average_1min_during_run"] = watch.summary()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    text = json.dumps(report, indent=2)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
