"""The demo's 18 months: a fixed calendar, its seasons and how busy each unit is on each day.

The data end on a fixed date (never today), so a seed always builds the same plan. The year has
an open-enrollment surge of about three times normal volume from mid-October to early December
(running on into January for Medicare and commercial members), quieter weekends and holidays, and
a rapid-resolution team that opens in mid-January and changes how work is handled from then on.
Times of day are drawn in the plan's local time (America/New_York) and stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from heartline.demo.blueprint import UNITS

LOCAL_TIME = ZoneInfo("America/New_York")
FIRST_DAY = dt.date(2025, 5, 1)
LAST_DAY = dt.date(2026, 10, 31)
# The rapid-resolution team takes its first consults on this day.
RAPID_RESOLUTION_LAUNCH = dt.date(2026, 1, 12)
# Open-enrollment surges, inclusive, at SURGE_FACTOR times a normal day's volume.
OPEN_ENROLLMENT = ((dt.date(2025, 10, 15), dt.date(2025, 12, 7)), (dt.date(2026, 10, 15), dt.date(2026, 10, 31)))
SURGE_FACTOR = 3.0
# After the surge, Medicare and commercial volume stays high into January (new cards, new benefits).
WINTER_TAIL_END = dt.date(2026, 1, 31)
WINTER_TAIL_START_FACTOR = 1.8
HOLIDAYS = (
    dt.date(2025, 5, 26),
    dt.date(2025, 7, 4),
    dt.date(2025, 9, 1),
    dt.date(2025, 11, 27),
    dt.date(2025, 12, 25),
    dt.date(2026, 1, 1),
    dt.date(2026, 5, 25),
    dt.date(2026, 7, 3),
    dt.date(2026, 9, 7),
)
HOLIDAY_FACTOR = 0.15
WEEKDAY_FACTOR = (1.30, 1.12, 1.02, 0.98, 0.90, 0.32, 0.16)  # Monday … Sunday
OUTBOUND_WEEKDAY_FACTOR = (1.1, 1.1, 1.1, 1.1, 1.0, 0.25, 0.0)
# Membership grows a little over the 18 months, and with it the work.
GROWTH_OVER_PERIOD = 0.06
DAILY_NOISE = 0.05

Float = npt.NDArray[np.float64]
Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


def in_open_enrollment(day: dt.date) -> bool:
    return any(start <= day <= end for start, end in OPEN_ENROLLMENT)


@dataclass(frozen=True)
class Timeline:
    """The days of the demo and, per day, what the generators need to know about it."""

    first_day: dt.date = FIRST_DAY
    last_day: dt.date = LAST_DAY

    @cached_property
    def days(self) -> tuple[dt.date, ...]:
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + dt.timedelta(days=i) for i in range(count))

    @property
    def start(self) -> dt.datetime:
        """Midnight UTC at the start of the first day."""
        return dt.datetime.combine(self.first_day, dt.time(), tzinfo=dt.UTC)

    @property
    def day_count(self) -> int:
        return len(self.days)

    @cached_property
    def weekday(self) -> Int:
        return np.array([d.weekday() for d in self.days], dtype=np.int64)

    @cached_property
    def surge(self) -> Bool:
        return np.array([in_open_enrollment(d) for d in self.days], dtype=np.bool_)

    @cached_property
    def after_launch(self) -> Bool:
        """Days on which the rapid-resolution team is open."""
        return np.array([d >= RAPID_RESOLUTION_LAUNCH for d in self.days], dtype=np.bool_)

    @cached_property
    def midnight_utc_us(self) -> Int:
        """Microseconds since the epoch of each day's local midnight, in UTC."""
        stamps = [dt.datetime.combine(d, dt.time(), tzinfo=LOCAL_TIME).timestamp() for d in self.days]
        return (np.array(stamps, dtype=np.float64) * 1_000_000).astype(np.int64)

    @property
    def end_us(self) -> int:
        """The instant the data end: midnight UTC after the last day, so every month in UTC is whole.

        Contacts of the last local evening that would fall after it are not generated.
        """
        end = dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        return int(end.timestamp() * 1_000_000)

    @property
    def launch_us(self) -> int:
        launch = dt.datetime.combine(RAPID_RESOLUTION_LAUNCH, dt.time(), tzinfo=LOCAL_TIME)
        return int(launch.timestamp() * 1_000_000)

    def day_of(self, stamps_us: Int) -> Int:
        """The demo day index of each UTC timestamp (clipped to the demo's days)."""
        index = np.searchsorted(self.midnight_utc_us, stamps_us, side="right") - 1
        return np.clip(index, 0, self.day_count - 1)

    def unit_day_weights(self, rng: np.random.Generator) -> Float:
        """Relative volume of each (unit, day): shape (units, days); a normal weekday is about 1."""
        n = self.day_count
        progress = np.arange(n, dtype=np.float64) / max(n - 1, 1)
        holiday = np.array([d in HOLIDAYS for d in self.days], dtype=np.bool_)
        base = (1.0 + GROWTH_OVER_PERIOD * progress) * np.where(holiday, HOLIDAY_FACTOR, 1.0)
        base = base * np.where(self.surge, SURGE_FACTOR, 1.0)
        tail_days = np.array([d > OPEN_ENROLLMENT[0][1] and d <= WINTER_TAIL_END for d in self.days], dtype=np.bool_)
        tail_span = (WINTER_TAIL_END - OPEN_ENROLLMENT[0][1]).days
        tail_left = np.array([(WINTER_TAIL_END - d).days / tail_span for d in self.days], dtype=np.float64)
        tail = np.where(tail_days, 1.0 + (WINTER_TAIL_START_FACTOR - 1.0) * tail_left, 1.0)
        weekday_in = np.array(WEEKDAY_FACTOR)[self.weekday]
        weekday_out = np.array(OUTBOUND_WEEKDAY_FACTOR)[self.weekday]
        weights = np.empty((len(UNITS), n), dtype=np.float64)
        for u, unit in enumerate(UNITS):
            row = base * (weekday_out if unit.outbound else weekday_in)
            if unit.winter_tail:
                row = row * tail
            if unit.opens_at_launch:
                row = row * self.after_launch
            weights[u] = unit.volume_share * row
        return weights * rng.lognormal(0.0, DAILY_NOISE, size=weights.shape)
