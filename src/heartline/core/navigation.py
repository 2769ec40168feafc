"""The navigation menu: each app adds its pages in its `AppConfig.ready()`.

An entry is a label, a URL name and the capability a person needs to see it (none = everyone signed
in); `order` places it in the menu (lower first), so the menu does not depend on the order apps load.
"""

from __future__ import annotations

from dataclasses import dataclass

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    capability: Capability | None = None
    order: int = 50


_ENTRIES: dict[str, NavEntry] = {}


def add_page(label: str, url_name: str, *, capability: Capability | None = None, order: int = 50) -> None:
    """Show `url_name` in the menu as `label` to those who hold `capability` (everyone when None).
    Re-adding replaces."""
    _ENTRIES[url_name] = NavEntry(label=label, url_name=url_name, capability=capability, order=order)


def entries_for(caller: Caller) -> list[NavEntry]:
    """The menu `caller` sees, in order."""
    visible = [e for e in _ENTRIES.values() if e.capability is None or caller.can(e.capability)]
    return sorted(visible, key=lambda e: (e.order, e.label))
