"""One measured load in a process of its own, so its peak memory is its own (run by ingest_stream_group).

    python benchmarks/ingest_stream_child.py heartline FILE HOME   # load_contacts([FILE]) into HOME's warehouse
    python benchmarks/ingest_stream_child.py pyarrow FILE OUT       # plain pyarrow: read FILE whole, write OUT

Prints one JSON object: seconds (the load alone, not Django's start-up), the peak resident set size
of the whole process (VmHWM) and its peak before the load began (Python, Django, pyarrow imported).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    """The process's own peak resident set size (VmHWM, kB in /proc/self/status). `ru_maxrss` is not
    used for it: on Linux it carries the parent's size at the fork across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _pyarrow_copy(path: Path, out: Path) -> dict[str, object]:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    before = _peak_mb()
    began = time.perf_counter()
    table = pq.read_table(path) if path.suffix == ".parquet" else pcsv.read_csv(path)
    pq.write_table(table, out)
    return {"seconds": round(time.perf_counter() - began, 2), "rows": table.num_rows, "rss_before_mb": before}


def _heartline(path: Path, home: Path) -> dict[str, object]:
    sys.path.insert(0, str(Path(__file__).parent))
    from harness import configure_django

    configure_django(home)
    from heartline.contacts.ingest.formats import load_contacts
    from heartline.ingest import IngestOptions

    before = _peak_mb()
    began = time.perf_counter()
    report = load_contacts([path], IngestOptions())
    return {
        "seconds": round(time.perf_counter() - began, 2),
        "accepted": report.accepted,
        "counts": report.counts.as_dict(),
        "problems": report.problems[:3],
        "rss_before_mb": before,
    }


def main() -> None:
    mode, path, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    result = _pyarrow_copy(path, target) if mode == "pyarrow" else _heartline(path, target)
    result["peak_rss_mb"] = _peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
