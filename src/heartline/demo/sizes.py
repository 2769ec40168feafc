"""How big a demo plan to build: the number of contacts and of members behind them.

The organization (units, teams, about 300 representatives) is the same at every size; contacts
and members scale. `small` is what the tests build, `standard` what `heartline demo` builds by
default and `large` what the benchmarks stress the warehouse with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class DemoSize:
    """A demo size: about `contacts` contacts over the 18 months, from `members` members."""

    name: str
    contacts: int
    members: int
    description: str


SIZES: Mapping[str, DemoSize] = MappingProxyType(
    {
        "small": DemoSize("small", contacts=50_000, members=12_500, description="~50k contacts, for tests"),
        "standard": DemoSize("standard", contacts=1_000_000, members=250_000, description="~1M contacts"),
        "large": DemoSize("large", contacts=10_000_000, members=1_500_000, description="~10M contacts, benchmarks"),
    }
)


def size_named(name: str) -> DemoSize:
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"unknown demo size {name!r} (choose from {', '.join(SIZES)})") from None
