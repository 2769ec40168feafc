"""A different clock on every run, so a date bug fails on the day it is written.

Each run of the suite starts its clock at a random moment of the last 24 hours (the clock then ticks
on) and runs in a random process time zone. Both are printed in the report header; to replay a failure
set them again, e.g. `HEARTLINE_TEST_CLOCK=2026-12-06T00:30:00+00:00 HEARTLINE_TEST_TZ=Pacific/Kiritimati`.
`HEARTLINE_TEST_CLOCK=real` keeps the real clock. pytest-xdist workers inherit the controller's choice
through the environment. Going back in time only (never ahead) keeps the database server's and Delta
Lake's clocks, which are not shifted, at or after the tests' own.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time

import pytest
import time_machine

CLOCK_VARIABLE = "HEARTLINE_TEST_CLOCK"
ZONE_VARIABLE = "HEARTLINE_TEST_TZ"
# Process time zones far apart, with and without daylight saving time: a `date.today()` or naive
# `datetime.now()` in the code then disagrees with the organization's calendar on some runs.
PROCESS_ZONES = (
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
)
_travel: list[time_machine.travel] = []


def _choose() -> None:
    chooser = random.SystemRandom()
    if CLOCK_VARIABLE not in os.environ:
        back = dt.timedelta(seconds=chooser.randrange(24 * 60 * 60))
        start = dt.datetime.now(dt.UTC).replace(microsecond=0) - back
        os.environ[CLOCK_VARIABLE] = start.isoformat()
    if ZONE_VARIABLE not in os.environ:
        os.environ[ZONE_VARIABLE] = chooser.choice(PROCESS_ZONES)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        _choose()
    os.environ["TZ"] = os.environ[ZONE_VARIABLE]
    time.tzset()
    start = os.environ[CLOCK_VARIABLE]
    if start != "real":
        traveller = time_machine.travel(dt.datetime.fromisoformat(start), tick=True)
        traveller.start()
        _travel.append(traveller)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _travel:
        _travel.pop().stop()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"clock: started at {os.environ[CLOCK_VARIABLE]} in process time zone {os.environ[ZONE_VARIABLE]} "
        f"(replay with {CLOCK_VARIABLE}=… {ZONE_VARIABLE}=…)"
    ]
