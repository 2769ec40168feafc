"""The test-calls step: the plan's own monitoring calls, placed the way CMS's contractor places them.

Each working day one call goes to a Medicare line (or the pharmacy help desk, for Part D): in a
language other than English (Spanish, Chinese, Vietnamese, Korean, Russian, Tagalog) or over TTY.
Most reach a live person and an interpreter within a few minutes; the rarer languages find an
interpreter less often, and TTY calls take longer to connect, so both availability figures sit around
80% — under the 90%-plus the Star Ratings reward, which the page shows.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from heartline.compliance.tables import TEST_CALLS
from heartline.demo import blueprint as bp
from heartline.demo.contacts import numbered, timestamps
from heartline.demo.steps import DemoContext

# (queue, line of business, share of the calls)
LINES = (
    ("mcr-general", "medicare_part_c", 0.4),
    ("mcr-enrollment", "medicare_part_c", 0.3),
    ("mcr-benefits", "medicare_part_c", 0.1),
    ("rx-pharmacy", "medicare_part_d", 0.2),
)
LANGUAGES = ("es", "zh", "vi", "ko", "ru", "tl")
LANGUAGE_MIX = (0.4, 0.2, 0.1, 0.1, 0.1, 0.1)
INTERPRETER_FOUND = (0.95, 0.85, 0.75, 0.75, 0.75, 0.7)  # by language
TTY_SHARE = 0.25
LIVE_PERSON = (0.96, 0.90)  # (in a language, TTY)
CONNECT_SECONDS = ((180.0, 0.5), (240.0, 0.45))  # (median, log sigma): (interpreter, TTY)
NOTES = {
    "no_person": "Call not answered by a live person",
    "no_interpreter": "Representative could not reach an interpreter",
}


def build_test_calls(ctx: DemoContext) -> None:
    """Emit the `test_calls` table: one call each working day."""
    rng = ctx.rng("test-calls")
    timeline = ctx.timeline
    working = np.flatnonzero(timeline.weekday < 5)
    n = len(working)
    line = rng.choice(len(LINES), size=n, p=[share for _, _, share in LINES])
    tty = rng.random(n) < TTY_SHARE
    language = rng.choice(len(LANGUAGES), size=n, p=LANGUAGE_MIX)
    live = rng.random(n) < np.where(tty, LIVE_PERSON[1], LIVE_PERSON[0])
    found = ~tty & live & (rng.random(n) < np.array(INTERPRETER_FOUND)[language])
    median = np.where(tty, CONNECT_SECONDS[1][0], CONNECT_SECONDS[0][0])
    sigma = np.where(tty, CONNECT_SECONDS[1][1], CONNECT_SECONDS[0][1])
    connect = np.rint(median * np.exp(rng.normal(0.0, 1.0, n) * sigma)).astype(np.int64)
    connected = live & (tty | found)
    placed = timeline.midnight_utc_us[working] + rng.integers(10 * 3600, 16 * 3600, size=n) * 1_000_000

    queue_unit = {code: u.code for u in bp.UNITS for code in u.queues}
    queues = [LINES[i][0] for i in line]
    note = np.where(~live, NOTES["no_person"], np.where(~tty & ~found, NOTES["no_interpreter"], ""))
    table = pa.table(
        {
            "call_id": numbered("TC", n, 6),
            "placed_at": timestamps(placed),
            "queue": pa.array(queues, pa.string()),
            "unit": pa.array([queue_unit[q] for q in queues], pa.string()),
            "line_of_business": pa.array([LINES[i][1] for i in line], pa.string()),
            "language": pa.array(
                [None if t else LANGUAGES[k] for t, k in zip(tty, language, strict=True)], pa.string()
            ),
            "tty": pa.array(tty),
            "reached_live_person": pa.array(live),
            "interpreter_available": pa.array(np.where(tty, False, found), mask=tty),
            "connected_within_seconds": pa.array(connect.astype(np.int32), mask=~connected),
            "notes": pa.array([text or None for text in note.tolist()], pa.string()),
        },
        schema=TEST_CALLS.schema,
    )
    ctx.emit(TEST_CALLS, table)
    ctx.report(1, 1)
