"""The navigation menu: each app adds its pages in its `AppConfig.ready()`.

An entry is a label, a URL name and the roles that see it (empty = everyone signed in); `order`
places it in the menu (lower first), so the menu does not depend on the order apps load.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset[str] = frozenset()
    order: int = 50


_ENTRIES: dict[str, NavEntry] = {}


def add_page(label: str, url_name: str, *, roles: frozenset[str] = frozenset(), order: int = 50) -> None:
    """Show `url_name` in the menu as `label` to `roles` (everyone when empty). Re-adding replaces."""
    _ENTRIES[url_name] = NavEntry(label=label, url_name=url_name, roles=roles, order=order)


def entries_for(role: str) -> list[NavEntry]:
    """The menu a person of `role` sees, in order."""
    visible = [e for e in _ENTRIES.values() if not e.roles or role in e.roles]
    return sorted(visible, key=lambda e: (e.order, e.label))
